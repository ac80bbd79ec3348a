import { Worker } from 'node:worker_threads';
import { compiledEnginePath } from '../compiled-path.js';
import { WORKER_YOUNG_GENERATION_MIB } from '../pipeline/worker-pool.js';
import type { ArchiveThreadData, ArchiveThreadReply } from './archive-thread-protocol.js';
import { HistoryError } from './history-error.js';

/** Old-generation budget of the archive thread's heap (MiB): it holds a list of paths and a read slice. */
const ARCHIVE_THREAD_HEAP_MIB = 32;

/**
 * The run's input blobs stored in a thread of their own while the main thread writes the returns,
 * instead of after them: copying the inbox into the archive and hashing the copy again took
 * 11–37 s of the 10 M-line day's run (7 420 files, 2.9 GiB; 17 CPU-seconds alone, most of it the
 * kernel's copy). The inbox files a worker read are now staged by that worker (input-archive.ts
 * stageBlob), so the thread mostly syncs and renames. The run waits for it where it stored the
 * blobs before: every blob is in place before the ledger commit that names them.
 *
 * The thread starts when `startWhen` resolves, or when the run waits for it, whichever comes first.
 * The run gives the moment its referential snapshot is collected: started as the intake ends, the
 * thread's isolate came on top of the snapshot not yet freed, the run's peak (+10 MiB measured).
 * Asynchronous file I/O on the main thread instead would advance one step per turn of its event
 * loop, which the returns give every 50 ms.
 */
export class BackgroundArchive {
  private worker: Worker | undefined;
  private reply: Promise<ArchiveThreadReply> | undefined;
  private stopped = false;

  constructor(private readonly data: ArchiveThreadData, startWhen: Promise<void>) {
    void startWhen.then(() => this.start());
  }

  /** Every blob stored; throws what stopped the thread (an inbox file that changed is the operator's: HistoryError). */
  async stored(): Promise<void> {
    const reply = await this.start();
    this.stopped = true;
    await this.worker?.terminate();
    if (reply.kind === 'stored') return;
    if (reply.code !== undefined) throw new HistoryError(reply.code, reply.detail);
    throw Object.assign(new Error(`archive: ${reply.detail}`), { stack: reply.stack || undefined });
  }

  /**
   * Stops the thread, or keeps it from starting, when the run fails before waiting for it. Blobs
   * already renamed into place are whole and named by no ledger row: a later run reuses them,
   * `ledger purge` removes them.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker?.terminate();
  }

  private start(): Promise<ArchiveThreadReply> {
    if (this.reply !== undefined) return this.reply;
    if (this.stopped) return (this.reply = Promise.resolve({ kind: 'failed', detail: 'archive stopped before it started', stack: '' }));
    const worker = new Worker(compiledEnginePath('history/archive-thread.js'), {
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: ARCHIVE_THREAD_HEAP_MIB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB },
    });
    this.worker = worker;
    this.reply = new Promise((resolve) => {
      worker.once('message', (reply: ArchiveThreadReply) => resolve(reply));
      worker.once('error', (error) => resolve({ kind: 'failed', detail: error.message, stack: error.stack ?? '' }));
      worker.once('exit', (code) => resolve({ kind: 'failed', detail: `archive thread exited (code ${code}) before it answered`, stack: '' }));
    });
    return this.reply;
  }
}
