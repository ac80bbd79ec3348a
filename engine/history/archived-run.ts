import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import type { OutputDigest } from '../ledger/run-record.js';
import { HistoryError } from './history-error.js';
import type { ArchivedBlob, ArchivedInputs, ArchivedParameters } from './run-archive-record.js';

/** A run as the ledger archived it: what a replay needs, read in one place. */
export interface ArchivedRun {
  /** runs.id: the point-in-time view of a replay sees the rows of smaller ids. */
  rowId: number;
  runId: string;
  accountingDate: DateYmd;
  engineVersion: string;
  snapshotId: string;
  parameters: ArchivedParameters;
  inputs: ArchivedInputs;
  blobs: ArchivedBlob[];
  /** The outputs the run committed (timings.json excepted). */
  outputs: OutputDigest[];
  /** The folder the run released its outputs to (null for runs recorded without one). */
  outDir: string | null;
}

interface RunRow {
  rowId: number;
  runId: string;
  accountingDate: number;
  engineVersion: string;
  snapshotId: string;
  purgedBefore: number | null;
  outDir: string | null;
  parametersJson: string | null;
  inputsJson: string | null;
}

/** The run `runId` with its archive; a coded error when it cannot be replayed (unknown, purged, recorded before the archive). */
export function readArchivedRun(db: SqlConnection, runId: string): ArchivedRun {
  const row = db
    .prepare<[string], RunRow>(
      `SELECT runs.id AS rowId, run_id AS runId, accounting_date AS accountingDate, engine_version AS engineVersion, snapshot_id AS snapshotId,
         purged_before AS purgedBefore, out_dir AS outDir, run_archives.parameters_json AS parametersJson, run_archives.inputs_json AS inputsJson
       FROM runs LEFT JOIN run_archives ON run_archives.run = runs.id WHERE run_id = ?`,
    )
    .get(runId);
  if (row === undefined) throw new HistoryError('TPLIQ_REPLAY_UNKNOWN_RUN', `no run ${runId} in this ledger (tpliq runs lists them)`);
  if (row.purgedBefore !== null) {
    throw new HistoryError('TPLIQ_REPLAY_RUN_PURGED', `run ${runId} was purged (retention, before ${formatIso(row.purgedBefore as DateYmd)}): its inputs are no longer archived`);
  }
  if (row.parametersJson === null || row.inputsJson === null) {
    throw new HistoryError('TPLIQ_REPLAY_NOT_ARCHIVED', `run ${runId} was recorded before runs were archived (ledger schema < 5): its inputs were not kept`);
  }
  const blobs = db
    .prepare<[number], ArchivedBlob>('SELECT role, name, sha256, size_bytes AS sizeBytes FROM run_input_blobs WHERE run = ? ORDER BY role, name')
    .all(row.rowId);
  const outputs = db
    .prepare<[number], OutputDigest>('SELECT path, sha256, size_bytes AS sizeBytes FROM run_outputs WHERE run = ? ORDER BY path')
    .all(row.rowId);
  return {
    rowId: row.rowId, runId: row.runId, accountingDate: row.accountingDate as DateYmd, engineVersion: row.engineVersion, snapshotId: row.snapshotId,
    parameters: JSON.parse(row.parametersJson) as ArchivedParameters, inputs: JSON.parse(row.inputsJson) as ArchivedInputs, blobs, outputs, outDir: row.outDir,
  };
}

/** The ids of the runs of accounting days from `from` to `to` included, in the order they were recorded. */
export function runIdsBetween(db: SqlConnection, from: DateYmd, to: DateYmd): string[] {
  return db
    .prepare<[number, number], string>('SELECT run_id FROM runs WHERE accounting_date BETWEEN ? AND ? ORDER BY id')
    .pluck()
    .all(from, to);
}
