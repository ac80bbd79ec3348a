import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileClose, LotClose } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { formatIso } from '../calendar/ymd.js';
import { firstDayOfMonth, monthOfDate } from '../calendar/calendar-month.js';
import type { DatedPaperNoticeLine } from '../domain/paper-notice-line.js';
import { CommitStep } from '../commit/commit-step.js';
import { SpilledKeySet } from '../commit/spilled-key-set.js';
import { DataFolderLock } from '../ledger/data-folder-lock.js';
import { openLedger } from '../ledger/ledger.js';
import type { FileRecord, RunOutputRecords } from '../ledger/run-record.js';
import { readSharedFile } from '../pipeline/shared-file.js';
import { createWorkerPool } from '../pipeline/worker-pool.js';
import { startWorkerPool, WorkersDidNotStart, type AbandonedPool } from '../pipeline/worker-start.js';
import { WORKER_STALL_MS, WorkersStalled } from '../pipeline/worker-stall-watch.js';
import { poolExecutor, type TaskExecutor } from '../pipeline/task-executor.js';
import { ClusterExecutor, ClusterUnavailable } from '../cluster/cluster-executor.js';
import { LedgerBusy } from '../ledger/ledger-busy.js';
import type { ClusterRunSetup } from '../cluster/cluster-run-setup.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import { loadPayeeDirectory } from '../referential/payee-directory.js';
import { paymentFileText } from '../settle/payment-file.js';
import { buildRunReport, reportHistoryWindow } from '../settle/run-report.js';
import { serializeSummary, type RunSummary } from '../settle/summary.js';
import { BackgroundRunWriter } from './background-run-writer.js';
import { crashPoint, holdPoint, workerStallMs, workerStartDeadlineMs } from './crash-points.js';
import { DayBook } from './day-book.js';
import { completedRunResult, settleEarlierRuns } from './earlier-runs.js';
import { EventLoopTurns } from './event-loop-turns.js';
import { listInbox, type InboxFile } from './inbox.js';
import { runIntake } from './intake.js';
import { LedgerBatchLookups } from './ledger-batch-lookups.js';
import { openPaidKeyFilter, paidKeyFilterHasRoomFor } from './paid-key-filter-file.js';
import type { PaidKeyFilter } from './paid-key-filter.js';
import { writeOutputDigestFile } from './output-digests.js';
import type { RunParameters } from './run-parameters.js';
import { RunAborted } from './run-liquidation-errors.js';
import type { RunResult } from './run-result.js';
import { DEFAULT_PROFILE, PAPER_PROFILE, SHIPPED_PROFILES } from './shipped-profiles.js';
import { StagedWriter } from './staged-writer.js';
import { WrittenDigestLog } from './written-digest-log.js';
import { writeReturns } from './write-returns.js';
import { debtSummaryOf } from '../settle/debt-summary.js';
import { runArchiveRecord } from '../history/archive-run.js';
import { InputArchive, removeDeadStagingFolders } from '../history/input-archive.js';
import { tamperedInputs, type ReplaySource } from '../history/replay-source.js';
import { BackgroundArchive } from '../history/background-archive.js';
import { collected } from './collected.js';

/** What the run needs of its ledger writer: the night's BackgroundRunWriter, or nothing for a replay. */
interface LedgerRunWriter {
  commit(outputs: RunOutputRecords, paidKeys?: PaidKeyFilter): Promise<unknown>;
  abort(): Promise<void>;
}

/**
 * The page cache of the run's own ledger connection, which only reads (the earlier runs' answers
 * during the intake, the month's paper lines during the returns): the ledger thread writes. Every
 * page it touches stays cached up to this size, and the intake's lookups touch the indexes of the
 * whole ledger, so at the engine's default (128 MiB) the cache grew all through a 10 M-line intake
 * against a ledger of 63 MB (its pages on top of the intake's peak). 16 MiB holds the indexes' upper levels.
 */
const RUN_READER_PAGE_CACHE_KIB = 16_384;

/** A replay writes nothing to the ledger: the run's commit and abort are no-ops. */
const NO_LEDGER_WRITES: LedgerRunWriter = { commit: () => Promise.resolve(undefined), abort: () => Promise.resolve() };

export { RunAborted };

export { SHIPPED_PROFILES };
export type { RunResult };

/**
 * One nightly liquidation, end to end: inbox → workers → ordered commit → settlement → returns →
 * ledger. Outputs are staged and only renamed into place after the ledger transaction commits; a
 * broken invariant aborts the run before anything is paid or recorded.
 */
export async function runLiquidation(params: RunParameters, observer: RunObserver = {}): Promise<RunResult> {
  // One command at a time on a data folder (two runs at once could both pay the same care).
  const lock = DataFolderLock.acquire(params.dataDir, { command: 'run', accountingDate: formatIso(params.accountingDate) });
  const scratch: string[] = [];
  try {
    removeDeadStagingFolders(params.dataDir);
    return await liquidateUnderLock(params, observer, undefined, scratch);
  } finally {
    // The run's own temporary folders, whether it finished or not (every blob was adopted or is void).
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
    lock.release();
  }
}

/**
 * A past run again (history/replay-run.ts): the same code as the night's, with the inbox as the
 * run took it (read from the archive), the ledger as it stood before that run, and nothing
 * written to the ledger; the outputs land in `params.outDir` for the caller to compare. No
 * data-folder lock is taken (history/replay-run.ts says why).
 */
export async function replayLiquidation(params: RunParameters, source: ReplaySource, observer: RunObserver = {}): Promise<RunResult> {
  return liquidateUnderLock(params, observer, source);
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
  /** A worker pool let go because its workers did not all load in time; a fresh one follows, or the run stops. */
  workersAbandoned?: (pool: AbandonedPool) => void;
}

/**
 * How long a pool's workers have to load the referential and layouts. At 2 M beneficiaries they
 * take about a second; a minute allows for a machine many times slower before a pool is given up.
 */
const WORKER_START_DEADLINE_MS = 60_000;
/** Pools started before the run stops: at most three minutes of waiting for workers that will not load. */
const WORKER_START_ATTEMPTS = 3;

/** `scratch` collects folders of the run's own that the caller removes once the run has ended, however it ended. */
async function liquidateUnderLock(params: RunParameters, observer: RunObserver, replay?: ReplaySource, scratch: string[] = []): Promise<RunResult> {
  const t0 = performance.now();
  const timingsMs: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - since);
    return now;
  };
  const completed = replay === undefined ? settleEarlierRuns(params) : undefined;
  if (completed) return completedRunResult(completed);
  if (existsSync(params.outDir)) throw new RunAborted('TPLIQ_RUN_OUTPUT_EXISTS', `output folder ${params.outDir} already exists: a run never overwrites another`);

  // 1. The inputs: the referential, the layouts, the inbox.
  // Shared with the workers (no copy per thread): see readSharedFile. This thread keeps the payee
  // tables only, in memory of their own, and lets go of the shared bytes once the pool has them:
  // the pool is then their last holder here, and they are freed with it (see loadPayeeDirectory).
  let snapshotBytes: Uint8Array | undefined = readSharedFile(params.snapshotPath);
  const payees = loadPayeeDirectory(snapshotBytes);
  // The snapshot as the archive names it: by the digest of its bytes (a replay already checked them).
  const digestStarted = performance.now();
  const snapshot = { sha256: replay?.snapshotSha256 ?? createHash('sha256').update(snapshotBytes).digest('hex'), sizeBytes: snapshotBytes.length, snapshotId: payees.snapshotId };
  // Part of what archiving costs the run (bench/history.ts): timed on its own.
  timingsMs.snapshotDigest = Math.round(performance.now() - digestStarted);
  const layouts = new Map<string, CompiledLayout>();
  const profileFiles: Record<string, string> = {};
  for (const name of SHIPPED_PROFILES) {
    const path = params.profileFiles[name] ?? name;
    layouts.set(name, loadLayout(path));
    profileFiles[name] = path;
  }
  const inbox = replay?.listing ?? listInbox(params.inboxDir, params.calendar, { followSymlinks: params.followSymlinks });
  const files = inbox.files;
  const fileByName = new Map(files.map((f) => [f.name, f] as const));
  // Entries refused at listing, then files found unreadable when their turn came (in input order;
  // a replay knows them from the archive and reads none of them).
  const rejected: InboxRejection[] = [...inbox.rejected, ...(replay?.intakeRejected ?? [])];
  const rejectedAtIntake = new Map<string, InboxRejection>();

  const ledger = openLedger(params.dataDir, { pageCacheKib: RUN_READER_PAGE_CACHE_KIB, ...(replay === undefined ? {} : { asOfRunRowId: replay.asOfRunRowId }) });
  // A PostgreSQL ledger may be shared by data folders on several machines: one writer at a time.
  if (replay === undefined && !ledger.tryWriterLock()) {
    ledger.close();
    throw new LedgerBusy('this run');
  }
  // An archive that is not this ledger's is found now, not after the night's work (it is made here on first use).
  let inputArchive: InputArchive | undefined;
  try {
    inputArchive = replay === undefined ? InputArchive.forWriting(params.dataDir, ledger.ledgerId()) : undefined;
  } catch (error) {
    ledger.close();
    throw error;
  }
  // The workers write each file they read into the archive's staging folder, so that storing the
  // blobs needs neither a copy of the inbox nor a second hash of it (input-archive.ts stageBlob).
  const blobStaging = inputArchive?.makeStagingFolder();
  if (blobStaging !== undefined) scratch.push(blobStaging.folder);
  // The copy of each digest a worker wrote: the same bytes in two files are stored once.
  const stagedBlobs = new Map<string, string>();
  // 2. The staging folder, made once the inputs are known to be usable: an operator error above
  // leaves nothing behind. Every output file goes there until the rename.
  const staging = `${params.outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  ensurePrivateDir(staging);
  // The digests of the files as written, beside the spool (removed with it before the release).
  const writtenDigests = new WrittenDigestLog(join(staging, '.spool', 'written-digests.tsv'));
  const staged = new StagedWriter(staging, writtenDigests);
  const stage = (relativePath: string, content: string | Uint8Array): void => staged.write(relativePath, content);
  const paidKeysStarted = performance.now();
  const paidKeySource = ledger.paidKeySource();
  const paidKeys = paidKeySource === undefined ? undefined : openPaidKeyFilter(params.dataDir, paidKeySource).filter;
  timingsMs.paidKeyFilter = Math.round(performance.now() - paidKeysStarted);
  const lookups = new LedgerBatchLookups(ledger, paidKeys);
  const book = new DayBook(params, staging, join(staging, '.spool'), stage);
  let t = lap('setup', t0);

  // 3. The intake: every file to the workers, every invoice decided in input order.
  // The paid keys of a night of millions of invoices would hold ≈ 150 MiB to the end of the
  // intake; spilled to sorted files they hold ≈ 16 MiB a set (SpilledKeySet).
  const keysDir = join(staging, '.keys');
  const commit = new CommitStep({ accountingDate: params.accountingDate, executionDate: params.executionDate, calendar: params.calendar, ledger: lookups, keySet: (name) => new SpilledKeySet(keysDir, name) }, book.committed);
  let executor: TaskExecutor;
  try {
    executor = params.cluster === undefined
      ? poolExecutor(await startWorkerPool({
        threads: params.threads,
        deadlineMs: workerStartDeadlineMs(WORKER_START_DEADLINE_MS),
        attempts: WORKER_START_ATTEMPTS,
        createPool: (startAttempt) => createWorkerPool({ threads: params.threads, setup: { snapshotPath: params.snapshotPath, snapshotBytes, profiles: profileFiles, auditArithmetic: params.auditArithmetic, startAttempt } }),
        onAbandoned: (pool) => observer.workersAbandoned?.(pool),
      }), workerStallMs(WORKER_STALL_MS))
      : await ClusterExecutor.open(params.cluster, clusterSetupOf(snapshot.sha256, layouts, params.auditArithmetic), snapshotBytes, params.snapshotPath);
  } catch (error) {
    // No NATS server: the operator's to fix (exit 2), and nothing of the run is left behind. No
    // worker pool that would load: the run stops before paying anything (exit 3), and the same.
    book.abandon();
    commit.abandon();
    rmSync(staging, { recursive: true, force: true });
    ledger.close();
    if (error instanceof WorkersDidNotStart) throw new RunAborted(error.code, error.message);
    throw error;
  }
  // Freed once the executor lets the pool go and this thread collects it: the archive thread starts then.
  const snapshotCollected = collected(snapshotBytes.buffer);
  snapshotBytes = undefined;
  let totals;
  observer.phase?.('intake');
  // The intake's questions to the ledger about earlier runs, on this thread (timings.json).
  let ledgerLookupsMs = 0;
  // Nothing writes the ledger until the intake is over (the data-folder lock, and the run's own
  // ledger thread starts after it): its questions are answered from one snapshot.
  const releaseLedgerSnapshot = ledger.holdReadSnapshot();
  try {
    await holdPoint('intake');
    totals = await runIntake({
      files, executor, commit,
      limits: { batchBytesMax: params.batchBytesMax, batchInvoicesMax: params.batchInvoicesMax },
      inFlightMax: params.inFlightMax,
      readChunkBytes: params.readChunkBytes,
      followSymlinks: params.followSymlinks,
      ...(blobStaging === undefined ? {} : { blobStaging: { staging: blobStaging, onBlobStaged: (sha256: string, path: string) => {
        if (stagedBlobs.has(sha256)) rmSync(path, { force: true });
        else stagedBlobs.set(sha256, path);
      } } }),
      onRejected: (file, rejection) => {
        rejected.push(rejection);
        rejectedAtIntake.set(file.name, rejection);
      },
      layouts, defaultProfile: DEFAULT_PROFILE, paperProfile: PAPER_PROFILE,
      beforeCommit: (outcomes, lotOf) => {
        // Answers fetched for earlier batches are still needed while their lot is open.
        const asked = performance.now();
        if (commit.pendingCount === 0) lookups.clear();
        lookups.prefetch(outcomes, lotOf);
        ledgerLookupsMs += performance.now() - asked;
      },
      onProgress: (bytes) => observer.progress?.(bytes, book.invoicesIn.count),
      onLot: (fileName: string, close: LotClose) => book.lotClosed(fileName, close, fileByName.get(fileName)!),
      onFile: (file: InboxFile, sha256: string, close: FileClose | null, errors: CodecError[]) => book.fileRead(file, sha256, close, errors, ledger.fileAlreadyReceived(sha256)?.runId),
    });
  } catch (error) {
    releaseLedgerSnapshot();
    book.abandon();
    commit.abandon();
    if (error instanceof ClusterUnavailable || error instanceof WorkersStalled) {
      // No worker (or no server) any more: the operator's to fix (exit 2); nothing of the run stays.
      // A local worker hung in a task: the run stops before paying anything (exit 3), the same.
      rmSync(staging, { recursive: true, force: true });
      ledger.close();
    }
    if (error instanceof WorkersStalled) throw new RunAborted(error.code, error.message);
    throw error;
  } finally {
    await executor.destroy();
  }
  releaseLedgerSnapshot();
  timingsMs.ledgerLookups = Math.round(ledgerLookupsMs);
  commit.finish();
  rmSync(keysDir, { recursive: true, force: true });
  lookups.clear();
  book.closeIntake();
  if (totals.auditMismatches > 0) {
    rmSync(staging, { recursive: true, force: true });
    ledger.close();
    throw new RunAborted('TPLIQ_AUDIT_ARITHMETIC', `${totals.auditMismatches} invoice lines differ between the integer path and decimal.js`);
  }
  if (replay !== undefined) {
    // The archive proves itself here, from the digests the intake computed anyway.
    const tampered = tamperedInputs(book.fileRecords, replay.expectedSha256);
    if (tampered !== undefined) {
      rmSync(staging, { recursive: true, force: true });
      ledger.close();
      throw tampered;
    }
  }
  t = lap('intake', t);

  // The run's archive record: its inputs by digest, every parameter (history/). The blobs are
  // stored before the commit that references them.
  const archive = replay === undefined
    ? runArchiveRecord(params, { inbox, rejectedAtIntake, fileRecords: book.fileRecords, snapshot, profileFiles: params.profileFiles, layoutSpecs: new Map([...layouts].map(([name, layout]) => [name, layout.spec])), profiles: SHIPPED_PROFILES })
    : undefined;

  // 4. The ledger transaction starts, in its own thread: it inserts the spooled invoices and the
  // settlement while this thread writes the returns, and commits only once every output is staged
  // and every invariant holds. The run id depends on the inputs only: the same day replayed gets the same id and bytes.
  const runId = runIdOf(params, payees.snapshotId, book.fileRecords, ledger.runCount());
  // The day's set-off, against the debts earlier runs left open (as of the replayed run in a replay).
  const settlement = book.settle(ledger.openDebts());
  const transfers = settlement.transfers;
  // The intake was the filter's last reader here. The returns, which read every spooled invoice,
  // add the run's paid keys to it; its words then move to the ledger thread with the commit, and
  // that thread saves it once the run is committed. One without room for the night is left to the
  // next run to rebuild.
  const paidKeysOfRun = paidKeys !== undefined && replay === undefined && paidKeyFilterHasRoomFor(paidKeys, book.invoicesIn.count) ? paidKeys : undefined;
  const ledgerRun: LedgerRunWriter = replay !== undefined ? NO_LEDGER_WRITES : new BackgroundRunWriter({ dataDir: params.dataDir, spoolDir: book.spoolDir, header: {
    runId, accountingDate: params.accountingDate,
    parameters: { accountingDate: params.accountingDate, calendar: params.calendar, createdAt: params.createdAt, snapshotId: payees.snapshotId },
    snapshotId: payees.snapshotId, engineVersion: params.engineVersion,
    files: book.fileRecords, lots: book.lotRecords.toArray(), outDir: resolve(params.outDir),
    ...(archive === undefined ? {} : { archive: archive.record }),
  }, settlement: {
    transfers: transfers.map((tr) => ({ practitionerId: tr.practitionerId, accountingDate: tr.accountingDate, amountCents: tr.amountCents, endToEndId: tr.endToEndId })),
    // The PECs consumed are the PAID spooled invoices with a PEC: the ledger thread adds them.
    pecsConsumed: [],
    regularisations: book.regularised.map((r) => ({ ...r.regularisation, practitionerId: r.practitionerId, invoiceNumber: r.invoiceNumber })),
    debts: book.debtsCreated,
    offsets: settlement.debts.offsets,
    counterConsumptionsPath: book.counterConsumptionsPath,
  } });
  // The archive's blobs, stored beside the returns (history/background-archive.ts).
  const archiving = archive === undefined
    ? undefined
    : new BackgroundArchive({ dataDir: params.dataDir, ledgerId: inputArchive!.ledgerId, jobs: archive.jobs(params.snapshotPath, (sha256) => stagedBlobs.get(sha256)) }, snapshotCollected);
  let summary: RunSummary;
  observer.phase?.('returns');
  try {
    // 5. The returns: a NOEMIE return per practitioner, the paper channel's notices.
    await holdPoint('returns');
    const turns = new EventLoopTurns();
    // The monthly notices are the month to date: earlier runs' paper invoices from the ledger (as
    // of before the replayed run in a replay), then the day's own.
    const monthStart = firstDayOfMonth(monthOfDate(params.accountingDate));
    const earlierInMonth = (practitionerId: string): DatedPaperNoticeLine[] => ledger.paperNoticeLines(practitionerId, monthStart, params.accountingDate);
    const noemieTotals = await writeReturns(book.spool, { transfers, offsets: settlement.debts.offsets, regularised: book.regularised }, payees, params, stage, turns, earlierInMonth, paidKeysOfRun);
    book.appendOffsets(settlement.debts.offsets);
    // Every staged file is on disk here: a failed write has thrown before the invariants, the ledger and the rename.
    t = lap('returns', t);

    // 6. The invariants, then the payment file and the summary.
    const violations = book.violations(settlement, noemieTotals);
    if (violations.length > 0) {
      await ledgerRun.abort();
      ledger.close();
      stage('violations.json', JSON.stringify(violations, null, 2));
      throw new RunAborted('TPLIQ_INVARIANT_BROKEN', `${violations.length} run invariant(s) broken; nothing was paid, staging kept at ${staging}`, violations);
    }
    if (transfers.length > 0) {
      staged.writeText(`sepa/pain001-${params.accountingDate}.xml`, paymentFileText(transfers, (id) => payees.practitioner(id), {
        messageId: runId.slice(0, 35), createdAt: params.createdAt, requestedExecutionDate: params.executionDate,
        operator: { name: params.operator.name, iban: params.operator.iban, bic: params.operator.bic },
      }));
    }
    summary = book.summaryOfDecisions.summary({
      run: { runId, accountingDate: params.accountingDate, executionDate: params.executionDate, engineVersion: params.engineVersion, snapshotId: payees.snapshotId },
      transfers, violations, deterministic: true,
      debts: debtSummaryOf(settlement, book.regularised, params.accountingDate, params.debtOverdueDays),
    });
    const withFiles = { ...summary, inputs: {
      files: book.fileRecords.map((f) => ({
        name: f.name, sha256: f.sha256, sizeBytes: f.sizeBytes, receivedDate: formatIso(f.receivedDate),
        ...(book.alreadyReceived.has(f.name) ? { alreadyReceivedInRun: book.alreadyReceived.get(f.name) } : {}),
        ...(fileByName.get(f.name)?.throughSymlink ? { throughSymlink: true } : {}),
      })),
      errors: book.fileErrors, rejected, manifest: inbox.manifestProblems,
    } };
    // The ledger's earlier days (this run is not in it yet: buildRunReport adds it from its summary).
    const historyWindow = reportHistoryWindow(params.accountingDate);
    stage('report.html', buildRunReport({
      summary: withFiles,
      detail: book.reportTally.detail({ amcName: (amcNumber) => payees.amc(amcNumber)?.name, practitionerName: (id) => payees.practitioner(id)?.name }),
      history: ledger.runDays(historyWindow.fromDate, historyWindow.beforeDate),
    }));
    stage('summary.json', serializeSummary(withFiles as RunSummary));
    t = lap('settlement', t);
    // Committed with the run, so that whoever releases these outputs can prove they are the
    // run's (output-release.ts). Read while the ledger thread is still inserting.
    const outputsPath = join(staging, '.spool', 'output-digests.tsv');
    writeOutputDigestFile(staging, writtenDigests.read(), outputsPath);
    t = lap('digests', t);
    if (archiving !== undefined) {
      await archiving.stored();
      t = lap('archive', t);
    }

    // 7. The commit. A stop asked during the returns is handled here, before the phase that no
    // signal interrupts.
    await turns.now();
    observer.phase?.('ledger');
    await holdPoint('ledger');
    crashPoint('before-ledger-commit');
    await ledgerRun.commit({ outputsPath }, paidKeysOfRun);
    crashPoint('after-ledger-commit');
  } finally {
    await archiving?.stop();
    await ledgerRun.abort();
  }
  lap('ledger', t);

  // 8. The release: the outputs in their folder, the run marked released (output-release.ts).
  rmSync(join(staging, '.spool'), { recursive: true, force: true });
  renameSync(staging, params.outDir);
  if (replay === undefined) {
    crashPoint('after-rename');
    ledger.markReleased(runId);
  }
  ledger.close();
  if (replay === undefined) crashPoint('after-release');
  observer.phase?.('done');
  lap('total', t0);
  writeFileSync(join(params.outDir, 'timings.json'), JSON.stringify(timingsMs, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  return {
    runId, outDir: params.outDir, summary, violations: summary.invariants.violations, timingsMs, files: book.fileRecords.length, bytesRead: totals.bytesRead,
    invoices: book.invoicesIn.count, auditMismatches: totals.auditMismatches, fileErrors: book.fileErrors.length, rejectedEntries: rejected.length, manifestProblems: inbox.manifestProblems.length,
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

/** What the cluster's workers load for this run: the snapshot by digest, every layout as loaded here. */
function clusterSetupOf(snapshotSha256: string, layouts: ReadonlyMap<string, CompiledLayout>, auditArithmetic: boolean): ClusterRunSetup {
  return { snapshotSha256, layouts: Object.fromEntries([...layouts].map(([name, layout]) => [name, { ...layout.spec, include: undefined }])), auditArithmetic };
}
