import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import type { DateYmd } from '../domain/units.js';
import type { InboxRejectionCode } from '../intake/inbox-rejection.js';
import type { OutputDigest } from '../ledger/run-record.js';
import type { ManifestProblem } from '../run/inbox-manifest.js';
import { HistoryError } from './history-error.js';
import { ledgerSpanText } from './run-listing.js';
import { runRowById, type RunRow } from './run-row.js';
import type { ArchivedInputs } from './run-archive-record.js';

/** `tpliq runs show RUN_ID`: everything the ledger keeps of one run. */
export interface RunDetail extends RunRow {
  /**
   * The parameters the run was started with: every one when the run was archived (schema 5 on),
   * else the few its row kept (accounting date, calendar, clock, snapshot).
   */
  parameters: { from: 'archive' | 'run row'; values: Record<string, unknown> };
  /** The files the run read, in the order it recorded them. */
  files: RunInputFile[];
  /** The inbox entries it did not take: refused when listed, or when their turn to be read came. */
  refused: RefusedInput[];
  /** What was wrong with the inbox's manifest.json (archived runs only). */
  manifestProblems: ManifestProblem[];
  lots: { count: number; negativeArl: number };
  /** Its output files as committed with it (none for runs recorded before schema 4). */
  outputs: OutputDigest[];
}

export interface RunInputFile {
  name: string;
  sha256: string;
  sizeBytes: number;
  /** D0, the day the file counts as received. */
  receivedDate: DateYmd;
  /** The receipt instant and where it came from (archived runs only). */
  receipt?: { at: string; from: 'manifest' | 'mtime' };
}

export interface RefusedInput {
  name: string;
  code: InboxRejectionCode;
  message: string;
  /** `listing`: not a file the run could take; `intake`: listed, then unreadable or gone when read. */
  when: 'listing' | 'intake';
}

/**
 * Reads the run's row, its archive row when it has one, its files, lots and outputs. A run whose
 * detail was purged keeps its row and its files; its lots, outputs' digests and archive row are
 * gone (docs/architecture.md, Retention). Unknown id: TPLIQ_RUN_UNKNOWN.
 */
export function runDetail(db: SqlConnection, runId: string): RunDetail {
  const row = runRowById(db, runId);
  if (row === undefined) throw new HistoryError('TPLIQ_RUN_UNKNOWN', `no run ${runId} in the ledger (${ledgerSpanText(db)}; tpliq runs lists them)`);
  const { id, ...run } = row;
  const archive = db
    .prepare<[number], { parametersJson: string; inputsJson: string }>('SELECT parameters_json AS parametersJson, inputs_json AS inputsJson FROM run_archives WHERE run = ?')
    .get(id);
  const inputs = archive === undefined ? undefined : (JSON.parse(archive.inputsJson) as ArchivedInputs);
  const parametersJson = archive?.parametersJson ?? db.prepare<[number], string>('SELECT parameters_json FROM runs WHERE id = ?').pluck().get(id)!;
  const lots = db
    .prepare<[number], { count: number; negativeArl: number | null }>('SELECT COUNT(*) AS count, SUM(CASE WHEN arl_positive = 0 THEN 1 ELSE 0 END) AS negativeArl FROM lots WHERE run = ?')
    .get(id)!;
  return {
    ...run,
    parameters: { from: archive === undefined ? 'run row' : 'archive', values: JSON.parse(parametersJson) as Record<string, unknown> },
    files: inputFiles(db, id, inputs),
    refused: refusedInputs(inputs),
    manifestProblems: inputs?.manifestProblems ?? [],
    lots: { count: lots.count, negativeArl: lots.negativeArl ?? 0 },
    outputs: db
      .prepare<[number], OutputDigest>('SELECT path, sha256, size_bytes AS sizeBytes FROM run_outputs WHERE run = ? ORDER BY path')
      .all(id),
  };
}

function inputFiles(db: SqlConnection, runRowId: number, inputs: ArchivedInputs | undefined): RunInputFile[] {
  const archived = new Map((inputs?.files ?? []).map((file) => [file.name, file] as const));
  const receiptOf = (name: string): Pick<RunInputFile, 'receipt'> => {
    const file = archived.get(name);
    return file === undefined ? {} : { receipt: { at: new Date(file.receivedAtMs).toISOString(), from: file.receivedFrom } };
  };
  // The files rows outlive the retention (a file delivered again is recognised): a purged run's
  // list is still whole, its receipt instants gone with its archive row.
  return db
    .prepare<[number], Omit<RunInputFile, 'receipt'>>('SELECT name, sha256, size_bytes AS sizeBytes, received_date AS receivedDate FROM files WHERE run = ? ORDER BY id')
    .all(runRowId)
    .map((file) => ({ ...file, ...receiptOf(file.name) }));
}

function refusedInputs(inputs: ArchivedInputs | undefined): RefusedInput[] {
  if (inputs === undefined) return [];
  const refused: RefusedInput[] = inputs.rejected.map(({ name, code, message }) => ({ name, code, message, when: 'listing' }));
  for (const file of inputs.files) {
    if ('rejectedAtIntake' in file) refused.push({ name: file.name, code: file.rejectedAtIntake.code, message: file.rejectedAtIntake.message, when: 'intake' });
  }
  return refused;
}
