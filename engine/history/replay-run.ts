import { closeSync, copyFileSync, existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatIso } from '../calendar/ymd.js';
import { csvField } from '../../codecs/csv/decisions-writer.js';
import { centsToDecimalText } from '../../codecs/sepa/amount-text.js';
import { FileAppendBuffer } from '../run/file-append-buffer.js';
import type { InboxFile, InboxListing } from '../run/inbox.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import { replayLiquidation, type RunObserver } from '../run/liquidation-run.js';
import { digestOutputFolder, outputDifferences } from '../run/output-digests.js';
import { DEFAULT_DEBT_OVERDUE_DAYS, type RunParameters } from '../run/run-parameters.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files.js';
import { readArchivedRun, type ArchivedRun } from './archived-run.js';
import { compareDecisions, type ComparisonTotals, type DecisionChange } from './decision-comparison.js';
import { HistoryError } from './history-error.js';
import { InputArchive, sha256OfFile } from './input-archive.js';
import { openLedgerForReading } from './ledger-for-queries.js';
import type { ReplaySource } from './replay-source.js';
import type { ArchivedBlob } from './run-archive-record.js';

/** How many differing invoices an exact replay's report shows (the what-if comparison lists them all). */
export const DECISION_DIFFERENCES_SHOWN = 20;

export interface ReplayOptions {
  dataDir: string;
  runId: string;
  /** The scratch folder: the replay's outputs go to `<scratch>/out`, its report and comparison beside them. Must not exist. */
  scratchDir: string;
  /** Another referential snapshot: a what-if replay. */
  snapshotPath?: string;
  /** This engine's version: when it is not the archived one, the replay is a what-if. */
  engineVersion: string;
  threads: number;
}

/** A file of the run's outputs that the replay did not write identically. */
export interface OutputDifference {
  path: string;
  problem: string;
}

/** What a replay found, written as `<scratch>/replay.json`. */
export interface ReplayReport {
  runId: string;
  accountingDate: string;
  /** exact: the archived inputs, snapshot and engine; what-if: another snapshot or engine version. */
  mode: 'exact' | 'what-if';
  /** Why a what-if: the snapshot given, the engine versions. */
  whatIf?: { snapshot?: string; recordedEngine: string; replayEngine: string };
  identical: boolean;
  outDir: string;
  outputsCompared: number;
  differences: OutputDifference[];
  /**
   * The run's own output folder, checked against the same digests: still there and intact, gone
   * (the replay stands in for it), or altered since the run (each altered file is named).
   */
  recordedFolder: { path: string | null; state: 'intact' | 'absent' | 'tampered'; tampered: OutputDifference[] };
  /** The first invoices decided differently (exact mode), or none. */
  decisionDifferences: DecisionChange[];
  /** Decision-level totals: always in what-if mode; in exact mode when decisions.csv differs. */
  comparison?: ComparisonTotals;
  /** Where the what-if's invoice-by-invoice comparison is. */
  comparisonFile?: string;
  replayRunId: string;
  timingsMs: Record<string, number>;
}

/**
 * Replays one archived run: its inputs from the archive, the ledger as it stood before it, the
 * same parameters; outputs into a scratch folder, compared with the digests the run committed.
 * Nothing is written to the ledger. No data-folder lock is taken: a replay reads a fixed past
 * (rows of later runs are invisible to it), and a night's run must not wait for an analyst's
 * what-if; an archive blob a concurrent purge removes is reported as missing.
 */
export async function replayRun(options: ReplayOptions, observer: RunObserver = {}): Promise<ReplayReport> {
  const scratch = resolve(options.scratchDir);
  if (existsSync(scratch)) throw new HistoryError('TPLIQ_REPLAY_SCRATCH_EXISTS', `scratch folder ${scratch} already exists: a replay writes into a new one (choose another --scratch)`);
  const db = openLedgerForReading(options.dataDir);
  let run: ArchivedRun;
  let archive: InputArchive;
  try {
    run = readArchivedRun(db, options.runId);
    const ledgerId = db.prepare('SELECT ledger_id FROM ledger_identity').pluck().get() as string;
    archive = InputArchive.forReading(options.dataDir, ledgerId);
    for (const blob of run.blobs) {
      if (!archive.has(blob.sha256)) throw missingBlob(run, blob);
    }
  } finally {
    db.close();
  }
  ensurePrivateDir(scratch);
  try {
    return await replayInto(scratch, run, archive, options, observer);
  } catch (error) {
    // A replay that could not finish leaves nothing behind but its message.
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function replayInto(scratch: string, run: ArchivedRun, archive: InputArchive, options: ReplayOptions, observer: RunObserver): Promise<ReplayReport> {
  const whatIfSnapshot = options.snapshotPath === undefined ? undefined : resolve(options.snapshotPath);
  const mode = whatIfSnapshot !== undefined || options.engineVersion !== run.engineVersion ? 'what-if' : 'exact';
  const source = replaySourceOf(run, archive);
  if (whatIfSnapshot === undefined) checkBlob(run, archive, blobOf(run, 'snapshot', 'snapshot'));
  const params = replayParameters(run, archive, scratch, { snapshotPath: whatIfSnapshot, engineVersion: options.engineVersion, threads: options.threads });
  const result = await replayLiquidation(params, source, observer);

  const found = digestOutputFolder(params.outDir);
  const differences = describeDifferences(outputDifferences(run.outputs, found));
  const report: ReplayReport = {
    runId: run.runId, accountingDate: formatIso(run.accountingDate), mode,
    ...(mode === 'what-if' ? { whatIf: { ...(whatIfSnapshot === undefined ? {} : { snapshot: whatIfSnapshot }), recordedEngine: run.engineVersion, replayEngine: options.engineVersion } } : {}),
    identical: differences.length === 0, outDir: params.outDir, outputsCompared: run.outputs.length, differences, recordedFolder: recordedFolderState(run), decisionDifferences: [],
    replayRunId: result.runId, timingsMs: result.timingsMs,
  };
  const decisionsDiffer = differences.some((d) => d.path === 'decisions.csv');
  if (mode === 'what-if' || decisionsDiffer) {
    const comparisonFile = mode === 'what-if' ? join(scratch, 'comparison.csv') : undefined;
    report.comparison = await compareWithRecord(options.dataDir, run, join(params.outDir, 'decisions.csv'), comparisonFile, (change) => {
      if (mode === 'exact' && report.decisionDifferences.length < DECISION_DIFFERENCES_SHOWN) report.decisionDifferences.push(change);
    });
    if (comparisonFile !== undefined) {
      report.comparisonFile = comparisonFile;
      writeFileSync(join(scratch, 'comparison.json'), JSON.stringify(report.comparison, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
    }
  }
  writeFileSync(join(scratch, 'replay.json'), JSON.stringify(report, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  return report;
}

/** The run's output folder against what it committed: the replay's witness that nobody altered it since. */
function recordedFolderState(run: ArchivedRun): ReplayReport['recordedFolder'] {
  if (run.outDir === null || !existsSync(run.outDir)) return { path: run.outDir, state: 'absent', tampered: [] };
  const tampered = describeDifferences(outputDifferences(run.outputs, digestOutputFolder(run.outDir)));
  return { path: run.outDir, state: tampered.length === 0 ? 'intact' : 'tampered', tampered };
}

/** The archived inbox as the run took it: each file read from its blob, the refused ones refused again without a read. */
function replaySourceOf(run: ArchivedRun, archive: InputArchive): ReplaySource {
  const files: InboxFile[] = [];
  const intakeRejected: InboxRejection[] = [];
  const expectedSha256 = new Map<string, string>();
  for (const file of run.inputs.files) {
    if ('rejectedAtIntake' in file) {
      intakeRejected.push(file.rejectedAtIntake);
      continue;
    }
    const { sha256, ...listed } = file;
    files.push({ ...listed, path: archive.blobPath(sha256) });
    expectedSha256.set(file.name, sha256);
  }
  const listing: InboxListing = { files, rejected: run.inputs.rejected, manifestProblems: run.inputs.manifestProblems };
  return { listing, intakeRejected, expectedSha256, snapshotSha256: run.inputs.snapshot.sha256, asOfRunRowId: run.rowId };
}

/** The run's own parameters, its outputs sent to the scratch folder, its operator layouts copied from the archive. */
function replayParameters(run: ArchivedRun, archive: InputArchive, scratch: string, over: { snapshotPath: string | undefined; engineVersion: string; threads: number }): RunParameters {
  const p = run.parameters;
  const profileFiles: Record<string, string> = {};
  for (const [profile, layout] of Object.entries(run.inputs.layouts)) {
    if ('shipped' in layout) continue;
    const blob = blobOf(run, 'layout', profile);
    checkBlob(run, archive, blob);
    // A layout is loaded by a path ending in .json (load-layout.ts): a copy under that name.
    const dir = join(scratch, 'layouts');
    ensurePrivateDir(dir);
    const copy = join(dir, `${profile}.json`);
    copyFileSync(archive.blobPath(blob.sha256), copy);
    profileFiles[profile] = copy;
  }
  return {
    inboxDir: archive.root, followSymlinks: p.followSymlinks, snapshotPath: over.snapshotPath ?? archive.blobPath(run.inputs.snapshot.sha256),
    accountingDate: p.accountingDate, executionDate: p.executionDate, dataDir: resolve(archive.root, '..'), outDir: join(scratch, 'out'),
    threads: over.threads, calendar: p.calendar, createdAt: p.createdAt, operator: { ...p.operator }, profileFiles, auditArithmetic: p.auditArithmetic,
    // Batch sizes and threads shape the work, never the bytes (the outputs are the same for any).
    batchBytesMax: p.batchBytesMax, batchInvoicesMax: p.batchInvoicesMax, inFlightMax: 2 * over.threads, readChunkBytes: p.readChunkBytes,
    engineVersion: over.engineVersion,
    debtOverdueDays: p.debtOverdueDays ?? DEFAULT_DEBT_OVERDUE_DAYS,
  };
}

function blobOf(run: ArchivedRun, role: ArchivedBlob['role'], name: string): ArchivedBlob {
  const blob = run.blobs.find((b) => b.role === role && b.name === name);
  if (blob === undefined) throw new HistoryError('TPLIQ_ARCHIVE_MISSING', `run ${run.runId} has no archived ${role} ${name}`);
  return blob;
}

/** A blob read whole before the run (the snapshot, layouts): its bytes must still hash to its name. */
function checkBlob(run: ArchivedRun, archive: InputArchive, blob: ArchivedBlob): void {
  const path = archive.blobPath(blob.sha256);
  if (!existsSync(path)) throw missingBlob(run, blob);
  const found = sha256OfFile(path);
  if (found !== blob.sha256) {
    throw new HistoryError('TPLIQ_ARCHIVE_TAMPERED', `archived ${blob.role} ${blob.name} of run ${run.runId} (blob ${blob.sha256}) now hashes to ${found}: the archive no longer holds what the run read`);
  }
}

function missingBlob(run: ArchivedRun, blob: ArchivedBlob): HistoryError {
  return new HistoryError('TPLIQ_ARCHIVE_MISSING', `archived ${blob.role} ${blob.name} of run ${run.runId} (blob ${blob.sha256}) is not in the archive: it was removed (purge, by hand) or never written`);
}

function describeDifferences(lines: readonly string[]): OutputDifference[] {
  return lines.map((line) => {
    const at = line.lastIndexOf(' (');
    return { path: line.slice(0, at), problem: line.slice(at + 2, -1) };
  });
}

const COMPARISON_HEADER = 'sequence,file,lot,invoice_number,practitioner_id,amc_number,recorded_status,recorded_paid_amount,replayed_status,replayed_paid_amount,paid_delta,recorded_motives,replayed_motives';

/** The invoices decided differently, against the ledger's record of the run; the comparison file when asked. */
async function compareWithRecord(dataDir: string, run: ArchivedRun, decisionsCsv: string, comparisonFile: string | undefined, onChange: (change: DecisionChange) => void): Promise<ComparisonTotals> {
  const db = openLedgerForReading(dataDir);
  const fd = comparisonFile === undefined ? undefined : openSync(comparisonFile, 'w', PRIVATE_FILE_MODE);
  const out = fd === undefined ? undefined : new FileAppendBuffer(() => fd, 1 << 16);
  try {
    out?.append(COMPARISON_HEADER + '\r\n');
    const totals = await compareDecisions(db, run.rowId, decisionsCsv, (change) => {
      onChange(change);
      out?.append(comparisonLine(change));
    });
    out?.flush();
    return totals;
  } finally {
    if (fd !== undefined) closeSync(fd);
    db.close();
  }
}

function comparisonLine(c: DecisionChange): string {
  const paid = (side: DecisionChange['recorded']): number => (side?.status === 'PAID' ? side.paidCents : 0);
  return [
    String(c.sequence), csvField(c.file), csvField(c.lot), csvField(c.invoiceNumber), csvField(c.practitionerId), csvField(c.amcNumber),
    c.recorded?.status ?? '', c.recorded === null ? '' : centsToDecimalText(c.recorded.paidCents),
    c.replayed?.status ?? '', c.replayed === null ? '' : centsToDecimalText(c.replayed.paidCents),
    centsToDecimalText(paid(c.replayed) - paid(c.recorded)),
    csvField(c.recorded?.motives ?? ''), csvField(c.replayed?.motives ?? ''),
  ].join(',') + '\r\n';
}
