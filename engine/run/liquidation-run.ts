import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileClose, LotClose } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { decisionCsvLine, DECISIONS_CSV_HEADER } from '../../codecs/csv/decisions-writer.js';
import { isPayeeIdFormat } from '../../codecs/identifiers/payee-id.js';
import { formatIso } from '../calendar/ymd.js';
import { CommitStep, type CommittedInvoice } from '../commit/commit-step.js';
import { SpilledKeySet } from '../commit/spilled-key-set.js';
import type { Cents } from '../domain/units.js';
import { openLedger } from '../ledger/ledger.js';
import type { FileRecord, UnreleasedRun } from '../ledger/run-record.js';
import { DataFolderLock } from '../ledger/data-folder-lock.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files.js';
import { readSharedFile } from '../pipeline/shared-file.js';
import { createWorkerPool, type WorkerPool } from '../pipeline/worker-pool.js';
import { loadPayeeDirectory } from '../referential/payee-directory.js';
import { DecisionTally, type InvariantViolation, type NoemieTotal } from '../settle/invariants.js';
import { buildPaperNotices } from '../settle/mail-notices.js';
import { buildPaymentFile } from '../settle/payment-file.js';
import { ReportTally } from '../settle/report-tally.js';
import { buildRunReport, reportHistoryWindow } from '../settle/run-report.js';
import { serializeSummary, SummaryTally, type RunSummary } from '../settle/summary.js';
import { TransferGrouper, type Transfer } from '../settle/transfers.js';
import { BackgroundRunWriter } from './background-run-writer.js';
import { DecisionSpool } from './decision-spool.js';
import { StagedWriter } from './staged-writer.js';
import { FileAppendBuffer } from './file-append-buffer.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import { listInbox, type InboxFile } from './inbox.js';
import { LotRecordLog } from './lot-record-log.js';
import { runIntake } from './intake.js';
import { LedgerBatchLookups } from './ledger-batch-lookups.js';
import { arlInputOf, rspInputOf, writeArlBytes, writeNoemie, type LotTally } from './run-outputs.js';
import type { RunParameters } from './run-parameters.js';
import { RunAborted } from './run-liquidation-errors.js';
import { SHIPPED_PROFILES } from './shipped-profiles.js';
import { checkOutputs, releaseCommittedOutputs } from './output-release.js';
import { digestOutputFolder } from './output-digests.js';
import { crashPoint } from './crash-points.js';
import { EventLoopTurns } from './event-loop-turns.js';

export { RunAborted };

export { SHIPPED_PROFILES };
const DEFAULT_PROFILE = 'b2-etablissements';
const PAPER_PROFILE = 'b2-ps';
/**
 * decisions.csv is written when this many bytes wait, about a thousand lines a write. The text
 * waits as bytes, off the heap (FileAppendBuffer); as a string it was a rope of a few nodes per
 * line (≈ 3 MiB of nodes at 1 Mi characters, seen in a heap snapshot of the 10 M-line intake).
 */
const DECISIONS_CSV_BUFFER_BYTES = 1 << 18;

export interface RunResult {
  runId: string;
  outDir: string;
  summary: RunSummary;
  violations: InvariantViolation[];
  timingsMs: Record<string, number>;
  files: number;
  bytesRead: number;
  invoices: number;
  auditMismatches: number;
  /** File-level problems (headers, trailers, records outside a lot…), listed in summary.json. */
  fileErrors: number;
  /**
   * The day's run was done by an earlier invocation into the same output folder: this one found
   * its outputs as committed (releasing them first if it had died before), and did nothing else.
   */
  earlierInvocation?: boolean;
  /** Inbox entries not taken (symbolic links, folders, FIFOs, unreadable…), listed in summary.json `inputs.rejected`. */
  rejectedEntries: number;
  /** Problems with manifest.json (files dated by their mtime instead), listed in summary.json `inputs.manifest`. */
  manifestProblems: number;
}

/**
 * One nightly liquidation, end to end: inbox → workers → ordered commit → settlement → returns →
 * ledger. Outputs are staged and only renamed into place after the ledger transaction commits; a
 * broken invariant aborts the run before anything is paid or recorded.
 */
export async function runLiquidation(params: RunParameters, observer: RunObserver = {}): Promise<RunResult> {
  // One command at a time on a data folder (two runs at once could both pay the same care).
  const lock = DataFolderLock.acquire(params.dataDir, { command: 'run', accountingDate: formatIso(params.accountingDate) });
  try {
    return await liquidateUnderLock(params, observer);
  } finally {
    lock.release();
  }
}

/**
 * The steps of a run an operator sees: deciding the invoices, writing the returns, then recording
 * the run in the ledger and releasing its outputs. Until `ledger`, a run stopped leaves nothing
 * (the CLI stops it cleanly on SIGTERM); from `ledger` on, it finishes (seconds) rather than stop
 * between the commit and the release.
 */
export type RunPhase = 'intake' | 'returns' | 'ledger' | 'done';

/** What the run tells its caller as it goes (a progress bar, heartbeat logs, a signal handler). */
export interface RunObserver {
  progress?: (bytesRead: number, invoices: number) => void;
  phase?: (phase: RunPhase) => void;
}

async function liquidateUnderLock(params: RunParameters, observer: RunObserver): Promise<RunResult> {
  const onProgress = observer.progress;
  const t0 = performance.now();
  const timingsMs: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - since);
    return now;
  };
  const completed = settleEarlierRuns(params);
  if (completed) return completedRunResult(completed);
  if (existsSync(params.outDir)) throw new RunAborted('TPLIQ_RUN_OUTPUT_EXISTS', `output folder ${params.outDir} already exists: a run never overwrites another`);
  // Shared with the workers (no copy per thread): see readSharedFile. This thread keeps the payee
  // tables only, in memory of their own, and lets go of the shared bytes once the pool has them:
  // the pool is then their last holder here, and they are freed with it (see loadPayeeDirectory).
  let snapshotBytes: Uint8Array | undefined = readSharedFile(params.snapshotPath);
  const payees = loadPayeeDirectory(snapshotBytes);
  const layouts = new Map<string, CompiledLayout>();
  const profileFiles: Record<string, string> = {};
  for (const name of SHIPPED_PROFILES) {
    const path = params.profileFiles[name] ?? name;
    layouts.set(name, loadLayout(path));
    profileFiles[name] = path;
  }
  const inbox = listInbox(params.inboxDir, params.calendar, { followSymlinks: params.followSymlinks });
  const files = inbox.files;
  // Made once the inputs are known to be usable: an operator error above leaves nothing behind.
  const staging = `${params.outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  ensurePrivateDir(staging);
  // Entries refused at listing, then files found unreadable when their turn came (in input order).
  const rejected: InboxRejection[] = [...inbox.rejected];
  const ledger = openLedger(params.dataDir);
  const lookups = new LedgerBatchLookups(ledger);
  const spoolDir = join(staging, '.spool');
  const spool = new DecisionSpool(spoolDir);
  // Every output file until the rename: decisions.csv's header, ARL per lot, NOEMIE per practitioner, notices, SEPA, summary.
  const staged = new StagedWriter(staging);
  const stage = (relativePath: string, content: string | Uint8Array): void => staged.write(relativePath, content);
  let t = lap('setup', t0);

  // decisions.csv is written as the commit step decides, in input order.
  stage('decisions.csv', DECISIONS_CSV_HEADER.join(',') + '\r\n');
  const decisionsFd = openSync(join(staging, 'decisions.csv'), 'a', PRIVATE_FILE_MODE);
  const decisionsCsv = new FileAppendBuffer(() => decisionsFd, DECISIONS_CSV_BUFFER_BYTES);
  const invoicesIn = { count: 0, claimedCents: 0 };
  const lotTallies = new Map<string, LotTally>();
  const lotRecords = new LotRecordLog();
  const fileRecords: FileRecord[] = [];
  const fileErrors: CodecError[] = [];
  const alreadyReceived = new Map<string, string>();
  // Transfers, the summary and the invariants are tallied as the commit step decides, so the run
  // never reads its decisions back for them; the spool is read once, for the per-practitioner outputs.
  const transferGrouper = new TransferGrouper({ accountingDate: params.accountingDate, returnRefOf: (ps) => `RSP${params.accountingDate}${ps}` });
  const summaryTally = new SummaryTally(params.accountingDate);
  const reportTally = new ReportTally();
  const decisionTally = new DecisionTally();

  const onCommitted = (c: CommittedInvoice): void => {
    const d = c.decision;
    invoicesIn.count++;
    invoicesIn.claimedCents += d.claimedCents;
    transferGrouper.add(d);
    summaryTally.add(d);
    reportTally.add(d);
    decisionTally.add(d);
    decisionsCsv.append(decisionCsvLine(d));
    const o = c.outcome;
    spool.add({
      decision: d, channel: c.lot.channel, nir: o.nir, nirKey: o.nirKey, birthRank: o.birthRank, careDate: o.careDate as CommittedInvoice['decision']['receivedDate'],
      functionalKeyHi: o.functionalKeyHi, functionalKeyLo: o.functionalKeyLo, pecNumber: o.pecNumber, pecCents: o.pecCents as Cents,
      lateBankingDays: c.lateBankingDays,
    });
    if (c.lot.channel !== 'PAPER') {
      const key = `${c.lot.file}#${c.lot.lot}`;
      let tally = lotTallies.get(key);
      if (!tally) lotTallies.set(key, (tally = { received: 0, amountCents: 0, invoiceErrors: [] }));
      tally.received++;
      tally.amountCents += d.claimedCents;
      if (o.errors.length > 0) {
        const e = o.errors[0]!;
        tally.invoiceErrors.push({ level: 'invoice', code: e.code, invoiceNumber: /^\d{9}$/.test(d.invoiceNumber) ? d.invoiceNumber : '000000000', line: e.line || null, label: e.message });
      }
    }
  };
  // The paid keys of a night of millions of invoices would hold ≈ 150 MiB to the end of the
  // intake; spilled to sorted files they hold ≈ 16 MiB a set (SpilledKeySet).
  const keysDir = join(staging, '.keys');
  const commit = new CommitStep({ accountingDate: params.accountingDate, calendar: params.calendar, ledger: lookups, keySet: (name) => new SpilledKeySet(keysDir, name) }, onCommitted);

  let pool: WorkerPool | undefined = createWorkerPool({ threads: params.threads, setup: { snapshotPath: params.snapshotPath, snapshotBytes, profiles: profileFiles, auditArithmetic: params.auditArithmetic } });
  snapshotBytes = undefined;
  const fileByName = new Map(files.map((f) => [f.name, f] as const));
  let totals;
  observer.phase?.('intake');
  try {
    totals = await runIntake({
      files, pool, commit,
      limits: { batchBytesMax: params.batchBytesMax, batchInvoicesMax: params.batchInvoicesMax },
      inFlightMax: params.inFlightMax,
      readChunkBytes: params.readChunkBytes,
      followSymlinks: params.followSymlinks,
      onRejected: (_file, rejection) => rejected.push(rejection),
      layouts, defaultProfile: DEFAULT_PROFILE, paperProfile: PAPER_PROFILE,
      beforeCommit: (outcomes, lotOf) => {
        // Answers fetched for earlier batches are still needed while their lot is open.
        if (commit.pendingCount === 0) lookups.clear();
        lookups.prefetch(outcomes, lotOf);
      },
      onProgress: (bytes) => onProgress?.(bytes, invoicesIn.count),
      onLot: (fileName: string, close: LotClose) => {
        const key = `${fileName}#${close.lot.lotNumber}`;
        const tally = lotTallies.get(key) ?? { received: 0, amountCents: 0, invoiceErrors: [] };
        lotTallies.delete(key);
        if (close.lot.lotNumber === 'PAPIER') return;
        const file = fileByName.get(fileName)!;
        const arl = arlInputOf(close, tally, { fileNumber: close.lot.fileNumber, receiverId: params.operator.id, receivedDate: file.receivedDate });
        stage(`arl/${safeName(fileName)}-lot${arl.lotNumber}-${close.lot.index}.arl`, writeArlBytes(arl));
        // A repeat of a lot already received from this file has its negative ARL, but is not a lot of
        // its own for the ledger (one row per file and lot number).
        if (!close.errors.some((e) => e.code === 'TPLIQ_B2_LOT_REPEATED')) lotRecords.add({ file: fileName, lotNumber: close.lot.lotNumber, arlPositive: arl.status === 'P' });
      },
      onFile: (file: InboxFile, sha256: string, close: FileClose | null, errors: CodecError[]) => {
        fileRecords.push({ sha256, name: file.name, sizeBytes: file.sizeBytes, receivedDate: file.receivedDate });
        const earlier = ledger.fileAlreadyReceived(sha256);
        if (earlier) alreadyReceived.set(file.name, earlier.runId);
        fileErrors.push(...(close?.errors ?? []), ...errors);
      },
    });
  } catch (error) {
    spool.close();
    commit.abandon();
    throw error;
  } finally {
    await pool.destroy();
    pool = undefined;
  }
  commit.finish();
  rmSync(keysDir, { recursive: true, force: true });
  lookups.clear();
  decisionsCsv.flush();
  closeSync(decisionsFd);
  spool.flushAll();
  if (totals.auditMismatches > 0) {
    rmSync(staging, { recursive: true, force: true });
    ledger.close();
    throw new RunAborted('TPLIQ_AUDIT_ARITHMETIC', `${totals.auditMismatches} invoice lines differ between the integer path and decimal.js`);
  }
  t = lap('intake', t);

  // The run id depends on the inputs only: the same day replayed gets the same id and bytes.
  const runId = runIdOf(params, payees.snapshotId, fileRecords, ledger.runCount());
  const transfers = transferGrouper.transfers();
  const transferOf = new Map<string, Transfer>(transfers.map((tr) => [tr.practitionerId, tr] as const));
  // One ledger transaction from here to the end, in its own thread: it inserts the spooled
  // invoices while this thread writes the returns, and commits only once every output is staged
  // and every invariant holds.
  const ledgerRun = new BackgroundRunWriter({ dataDir: params.dataDir, spoolDir, header: {
    runId, accountingDate: params.accountingDate,
    parameters: { accountingDate: params.accountingDate, calendar: params.calendar, createdAt: params.createdAt, snapshotId: payees.snapshotId },
    snapshotId: payees.snapshotId, engineVersion: params.engineVersion,
    files: fileRecords, lots: lotRecords.toArray(), outDir: resolve(params.outDir),
  } });
  let summary: RunSummary;
  observer.phase?.('returns');
  try {
    const noemieTotals: NoemieTotal[] = [];
    const noticeParameters = { accountingDate: params.accountingDate, operatorName: params.operator.name, fromAddress: params.operator.email };
    // P13: the return covers every invoice processed that day for the practitioner, paper ones
    // included (they also get the paper channel's notices, protocol §8). Notices are per
    // practitioner too, so they are written here rather than from a run-long list of paper invoices.
    const turns = new EventLoopTurns();
    for (const { practitionerId, invoices } of spool.byPractitioner()) {
      const turn = turns.due();
      if (turn) await turn;
      // Invoices that name no payee (its id was refused at decode: they are all rejected) have no
      // one to return to: decisions.csv and the ARL report them.
      if (!isPayeeIdFormat(practitionerId)) continue;
      noemieTotals.push(writeNoemie(stage, rspInputOf(practitionerId, invoices, transferOf.get(practitionerId), payees, { accountingDate: params.accountingDate, executionDate: params.executionDate, operatorId: params.operator.id, fileNumber: 1 })));
      const paper = invoices.filter((i) => i.channel === 'PAPER').map((i) => i.decision);
      if (paper.length > 0) {
        for (const notice of buildPaperNotices(paper, (id) => payees.practitioner(id), noticeParameters)) stage(join('notices', notice.path), notice.content);
      }
    }
    // Every staged file is on disk here: a failed write has thrown before the invariants, the ledger and the rename.
    t = lap('returns', t);

    const violations = decisionTally.check({ invoicesIn: { count: invoicesIn.count, claimedCents: invoicesIn.claimedCents as Cents }, transfers, noemieTotals, accountingDate: params.accountingDate });
    if (violations.length > 0) {
      await ledgerRun.abort();
      ledger.close();
      stage('violations.json', JSON.stringify(violations, null, 2));
      throw new RunAborted('TPLIQ_INVARIANT_BROKEN', `${violations.length} run invariant(s) broken; nothing was paid, staging kept at ${staging}`, violations);
    }
    if (transfers.length > 0) {
      stage(`sepa/pain001-${params.accountingDate}.xml`, buildPaymentFile(transfers, (id) => payees.practitioner(id), {
        messageId: runId.slice(0, 35), createdAt: params.createdAt, requestedExecutionDate: params.executionDate,
        operator: { name: params.operator.name, iban: params.operator.iban, bic: params.operator.bic },
      }));
    }
    summary = summaryTally.summary({ run: { runId, accountingDate: params.accountingDate, executionDate: params.executionDate, engineVersion: params.engineVersion, snapshotId: payees.snapshotId }, transfers, violations, deterministic: true });
    const withFiles = { ...summary, inputs: {
      files: fileRecords.map((f) => ({
        name: f.name, sha256: f.sha256, sizeBytes: f.sizeBytes, receivedDate: formatIso(f.receivedDate),
        ...(alreadyReceived.has(f.name) ? { alreadyReceivedInRun: alreadyReceived.get(f.name) } : {}),
        ...(fileByName.get(f.name)?.throughSymlink ? { throughSymlink: true } : {}),
      })),
      errors: fileErrors, rejected, manifest: inbox.manifestProblems,
    } };
    // The ledger's earlier days (this run is not in it yet: buildRunReport adds it from its summary).
    const historyWindow = reportHistoryWindow(params.accountingDate);
    stage('report.html', buildRunReport({
      summary: withFiles,
      detail: reportTally.detail({ amcName: (amcNumber) => payees.amc(amcNumber)?.name, practitionerName: (id) => payees.practitioner(id)?.name }),
      history: ledger.runDays(historyWindow.fromDate, historyWindow.beforeDate),
    }));
    stage('summary.json', serializeSummary(withFiles as RunSummary));
    t = lap('settlement', t);
    // Committed with the run, so that whoever releases these outputs can prove they are the
    // run's (output-release.ts). Read while the ledger thread is still inserting.
    const outputs = digestOutputFolder(staging);
    t = lap('digests', t);

    // A stop asked during the returns is handled here, before the phase that no signal interrupts.
    await turns.now();
    observer.phase?.('ledger');
    crashPoint('before-ledger-commit');
    await ledgerRun.commit({
      transfers: transfers.map((tr) => ({ practitionerId: tr.practitionerId, accountingDate: tr.accountingDate, amountCents: tr.amountCents, endToEndId: tr.endToEndId })),
      // The PECs consumed are the PAID spooled invoices with a PEC: the ledger thread adds them.
      pecsConsumed: [],
      outputs,
    });
    crashPoint('after-ledger-commit');
  } finally {
    await ledgerRun.abort();
  }
  lap('ledger', t);
  rmSync(join(staging, '.spool'), { recursive: true, force: true });
  renameSync(staging, params.outDir);
  crashPoint('after-rename');
  ledger.markReleased(runId);
  ledger.close();
  crashPoint('after-release');
  observer.phase?.('done');
  lap('total', t0);
  writeFileSync(join(params.outDir, 'timings.json'), JSON.stringify(timingsMs, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  return { runId, outDir: params.outDir, summary, violations: summary.invariants.violations, timingsMs, files: fileRecords.length, bytesRead: totals.bytesRead, invoices: invoicesIn.count, auditMismatches: totals.auditMismatches, fileErrors: fileErrors.length, rejectedEntries: rejected.length, manifestProblems: inbox.manifestProblems.length };
}

/**
 * What earlier runs left: a run committed but not released is finished first (output-release.ts);
 * if that run was this accounting day's, it is the answer (the invocation that re-runs a killed
 * night gets the night's outputs), and so is the day's run into this same output folder. A day
 * already liquidated otherwise is refused.
 */
function settleEarlierRuns(params: RunParameters): UnreleasedRun | undefined {
  const ledger = openLedger(params.dataDir);
  try {
    const sameDay = releaseCommittedOutputs(ledger).find((run) => run.accountingDate === params.accountingDate);
    if (sameDay) return sameDay;
    const earlierRun = ledger.runOnAccountingDate(params.accountingDate);
    if (earlierRun && earlierRun.outDir === resolve(params.outDir) && existsSync(earlierRun.outDir)) {
      // The same command again (a scheduler's retry after the process died once its work was
      // done): the answer is that run, once its folder is proved to hold what it committed.
      const done = { runId: earlierRun.runId, accountingDate: params.accountingDate, outDir: earlierRun.outDir, outputs: ledger.runOutputs(earlierRun.runId) };
      checkOutputs(done, done.outDir);
      return done;
    }
    if (earlierRun) {
      throw new RunAborted(
        'TPLIQ_ACCOUNTING_DAY_LIQUIDATED',
        `accounting day ${formatIso(params.accountingDate)} was already liquidated by run ${earlierRun.runId}: its transfers went out, one per practitioner; liquidate these files on a later accounting day (--date)`,
      );
    }
    return undefined;
  } finally {
    ledger.close();
  }
}

/** The result of the day's run done by an earlier invocation, read back from its own summary. */
function completedRunResult(run: UnreleasedRun): RunResult {
  const summary = JSON.parse(readFileSync(join(run.outDir, 'summary.json'), 'utf8')) as RunSummary & { inputs?: { files?: Array<{ sizeBytes: number }>; errors?: unknown[]; rejected?: unknown[]; manifest?: unknown[] } };
  const inputFiles = summary.inputs?.files ?? [];
  return {
    runId: run.runId, outDir: run.outDir, summary, violations: summary.invariants.violations, timingsMs: {},
    files: inputFiles.length, bytesRead: inputFiles.reduce((total, f) => total + f.sizeBytes, 0), invoices: summary.invoices.count,
    auditMismatches: 0, fileErrors: summary.inputs?.errors?.length ?? 0, earlierInvocation: true,
    rejectedEntries: summary.inputs?.rejected?.length ?? 0, manifestProblems: summary.inputs?.manifest?.length ?? 0,
  };
}

/**
 * Depends on the inputs and on how many runs the ledger already holds: a replay on the same ledger
 * state gets the same id (and bytes); the same inbox delivered again in a later run gets a new one.
 */
function runIdOf(params: RunParameters, snapshotId: string, files: readonly FileRecord[], priorRuns: number): string {
  const h = createHash('sha256');
  h.update(`${params.accountingDate}|${snapshotId}|${params.engineVersion}|${priorRuns}`);
  for (const f of files) h.update(`|${f.name}:${f.sha256}:${f.receivedDate}`);
  return `TPLIQ-${params.accountingDate}-${h.digest('hex').slice(0, 12).toUpperCase()}`;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
