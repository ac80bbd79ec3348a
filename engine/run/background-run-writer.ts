import { Worker } from 'node:worker_threads';
import { compiledEnginePath } from '../compiled-path.js';
import { WORKER_YOUNG_GENERATION_MIB } from '../pipeline/worker-pool.js';
import type { RunOutputRecords, RunTotals } from '../ledger/run-record.js';
import type { LedgerThreadData, LedgerThreadReply, LedgerThreadRequest } from './ledger-thread-protocol.js';
import type { PaidKeyFilter } from './paid-key-filter.js';

/** Old-generation budget of the ledger thread's heap (MiB). */
const LEDGER_THREAD_HEAP_MIB = 128;

/**
 * The main thread's handle on the ledger writer thread (ledger-thread.ts). Starting it begins the
 * run's ledger transaction and the insertion of every spooled invoice and of the settlement, in
 * the background; `commit` waits for them, then commits with the outputs' digests; `abort` rolls
 * everything back.
 */
export class BackgroundRunWriter {
  private readonly worker: Worker;
  private readonly replies: LedgerThreadReply[] = [];
  private waiting: ((reply: LedgerThreadReply) => void) | undefined;
  private finished = false;

  constructor(data: LedgerThreadData) {
    // Its live data is one spool bucket and SQLite's own cache (outside the JS heap): a budget keeps
    // V8 from letting garbage grow the process (as for the main thread, heap-budget.ts), and its
    // young generation is bounded as the workers' are.
    this.worker = new Worker(compiledEnginePath('run/ledger-thread.js'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: LEDGER_THREAD_HEAP_MIB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB } });
    this.worker.on('message', (reply: LedgerThreadReply) => this.receive(reply));
    this.worker.on('error', (error) => this.receive({ kind: 'failed', message: error.message, stack: error.stack ?? '' }));
    this.worker.on('exit', (code) => this.receive({ kind: 'failed', message: `ledger thread exited (code ${code}) before it answered`, stack: '' }));
  }

  /**
   * Every invoice and the settlement inserted, then the outputs' digests and the commit: the run
   * is in the ledger. The data folder's filter of paid keys, when given, holds the run's paid keys:
   * it moves to the thread (this one can no longer ask it anything), which saves it covering the
   * run once committed.
   */
  async commit(outputs: RunOutputRecords, paidKeys?: PaidKeyFilter): Promise<RunTotals> {
    const inserted = await this.next();
    if (inserted.kind !== 'inserted') throw this.failure(inserted);
    const handed = paidKeys?.handOver();
    this.send(handed === undefined ? { kind: 'commit', outputs } : { kind: 'commit', outputs, paidKeys: handed.state }, handed?.transfer);
    const committed = await this.next();
    if (committed.kind !== 'committed') throw this.failure(committed);
    this.finished = true;
    await this.worker.terminate();
    return committed.totals;
  }

  /** Rolls the run back (nothing of it stays in the ledger); harmless once committed or failed. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.send({ kind: 'abort' });
    // It may still be inserting: wait for the rollback (or its end, which rolls back too).
    for (;;) {
      const reply = await this.next();
      if (reply.kind === 'aborted' || reply.kind === 'failed') break;
    }
    await this.worker.terminate().catch(() => undefined);
  }

  private send(request: LedgerThreadRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  private receive(reply: LedgerThreadReply): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(reply);
    } else {
      this.replies.push(reply);
    }
  }

  private next(): Promise<LedgerThreadReply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private failure(reply: LedgerThreadReply): Error {
    this.finished = true;
    void this.worker.terminate();
    return new Error(reply.kind === 'failed' ? `ledger: ${reply.message}` : `ledger thread answered ${reply.kind} out of turn`);
  }
}
