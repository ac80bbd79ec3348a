import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileClose, LotClose } from '../codecs/b2/frames.js';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { CommitStep, type CommittedInvoice } from '../engine/commit/commit-step.js';
import type { LedgerLookups } from '../engine/commit/ledger-lookups.js';
import type { InboxRejection } from '../engine/intake/inbox-rejection.js';
import type { FileTask, FileTaskResult } from '../engine/pipeline/file-task.js';
import { BatchLiquidator } from '../engine/pipeline/liquidate-batch.js';
import { FileLiquidator } from '../engine/pipeline/liquidate-file.js';
import type { TaskExecutor } from '../engine/pipeline/task-executor.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import { listInbox, type InboxFile } from '../engine/run/inbox.js';
import { runIntake, type IntakeTotals } from '../engine/run/intake.js';
import { SHIPPED_PROFILES } from '../engine/run/shipped-profiles.js';
import type { DateYmd } from '../engine/domain/units.js';
import { DEFAULT_PROFILE, PAPER_PROFILE } from '../engine/run/shipped-profiles.js';
import type { FuzzDay } from './fuzz-day.js';
import type { MutatedFile } from './file-case.js';

const CALENDAR = 'TARGET_AND_FR';

/**
 * Earlier runs as the commit step asks about them, answered from a plain set: the property under
 * test is the decoding and deciding path, not the ledger. It says "paid" for the invoices the
 * clean run paid in other files than the one mutated, so the duplicate rules are exercised on
 * invoices the mutation copied or forged, as a second delivery would be.
 */
function ledgerOfPaid(day: FuzzDay, exceptFile: string): LedgerLookups {
  const paid = new Set(day.cleanDecisions.filter((d) => d.status === 'PAID' && d.file !== exceptFile).map((d) => `${d.practitioner_id}/${d.invoice_number}`));
  return {
    invoicePaid: (practitionerId, invoiceNumber) => paid.has(`${practitionerId}/${invoiceNumber}`),
    functionalKeyPaid: () => false,
    pecConsumed: () => false,
    // Regularisations are judged against the real ledger in the CLI cases; here none was paid.
    regularisationTarget: () => ({ kind: 'UNKNOWN' }),
    counterConsumed: () => ({ cents: 0, acts: 0 }),
    careCounters: () => [],
  };
}

/** Everything one mutated file gave, as the run's intake and commit step reported it. */
export interface FileRun {
  /** What the file task handed back, before the commit step decoded it. */
  taskResult: FileTaskResult;
  totals: IntakeTotals;
  committed: CommittedInvoice[];
  lots: LotClose[];
  files: Array<{ close: FileClose | null; errors: CodecError[] }>;
  rejections: InboxRejection[];
}

/**
 * The engine of one worker and the main thread's intake and commit in this process: the file task
 * is liquidated by FileLiquidator (what engine/worker.ts runs on a thread) and committed by
 * runIntake and CommitStep, as a run does, with no process and no thread per case — a case costs
 * milliseconds instead of a second and a half. The one FileLiquidator liquidates case after case,
 * as a worker does file after file (its file buffer is reused).
 */
export class InProcessEngine {
  private readonly layouts = new Map<string, CompiledLayout>(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));
  private readonly batches: BatchLiquidator;
  private readonly files: FileLiquidator;
  private readonly receivedDates = new Map<string, DateYmd>();
  private readonly ledgers = new Map<string, LedgerLookups>();

  /** `scratchDir`: where each case's file is written for the file task to read (one file, overwritten). */
  constructor(private readonly day: FuzzDay, private readonly scratchDir: string, auditArithmetic = true) {
    const referential = loadSnapshot(readFileSync(day.snapshotPath));
    this.batches = new BatchLiquidator(referential, this.layouts, auditArithmetic);
    this.files = new FileLiquidator(this.batches, this.layouts);
    for (const f of listInbox(day.inboxDir, CALENDAR).files) this.receivedDates.set(f.name, f.receivedDate);
  }

  /**
   * `freshWorker`: liquidate with a FileLiquidator that has seen no other file, as a worker just
   * started would — comparing with the long-lived one shows whether anything of earlier files
   * (the reused file buffer, cached readers) leaks into a file's result.
   */
  async liquidate(mutated: MutatedFile, freshWorker = false): Promise<FileRun> {
    const receivedDate = this.receivedDates.get(mutated.entry.name);
    if (receivedDate === undefined) throw new Error(`${mutated.entry.name} is not listed in the fuzz day's inbox`);
    const path = join(this.scratchDir, mutated.entry.kind === 'PAPER' ? 'case.csv' : 'case.b2');
    writeFileSync(path, mutated.bytes);
    const file: InboxFile = {
      name: mutated.name, path, kind: mutated.entry.kind, sizeBytes: mutated.bytes.length,
      receivedAtMs: mutated.entry.receivedAtMs, receivedFrom: 'manifest', receivedDate,
    };
    const results: FileTaskResult[] = [];
    const executor = this.executorHere(freshWorker ? new FileLiquidator(this.batches, this.layouts) : this.files, results);
    const run: Omit<FileRun, 'taskResult' | 'totals'> = { committed: [], lots: [], files: [], rejections: [] };
    let ledger = this.ledgers.get(mutated.entry.name);
    if (!ledger) this.ledgers.set(mutated.entry.name, (ledger = ledgerOfPaid(this.day, mutated.entry.name)));
    const commit = new CommitStep({ accountingDate: Number(this.day.options.accountingDate.replaceAll('-', '')) as DateYmd, calendar: CALENDAR, ledger }, (c) => run.committed.push(c));
    const totals = await runIntake({
      files: [file], executor, commit, layouts: this.layouts,
      limits: { batchBytesMax: 512 * 1024, batchInvoicesMax: 4096 },
      inFlightMax: 1, readChunkBytes: 64 * 1024,
      defaultProfile: DEFAULT_PROFILE, paperProfile: PAPER_PROFILE, followSymlinks: false,
      onLot: (_file, close) => run.lots.push(close),
      onFile: (_file, _sha256, close, errors) => run.files.push({ close, errors }),
      onRejected: (_file, rejection) => run.rejections.push(rejection),
    });
    // Throws if a lot was never closed: invoices framed but never decided.
    commit.finish();
    const taskResult = results[0];
    if (results.length !== 1 || taskResult === undefined) throw new Error(`intake sent ${results.length} file tasks for one file`);
    return { taskResult, totals, ...run };
  }

  /**
   * The executor intake hands tasks to, answering file tasks here rather than on a thread. Only
   * file tasks are served: every fuzz file is far below FILE_TASK_BYTES_MAX, so a batch task would
   * mean intake took the streaming path, which this tier does not mean to test.
   */
  private executorHere(files: FileLiquidator, results: FileTaskResult[]): TaskExecutor {
    return {
      runBatch: () => Promise.reject(new Error('the in-process engine runs file tasks only')),
      runFile: async (task: FileTask) => {
        const result = await files.liquidate(task);
        results.push(result);
        return result;
      },
      destroy: () => Promise.resolve(),
    };
  }
}
