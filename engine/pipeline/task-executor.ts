import type { FileTask, FileTaskResult } from './file-task.js';
import type { LiquidationTask } from './task.js';
import { letGoOfPool, runFileTask, transferListOf, type WorkerPool } from './worker-pool.js';
import { WORKER_STALL_MS, WorkerStallWatch } from './worker-stall-watch.js';

/**
 * Where the intake's tasks are liquidated: this machine's worker threads (Piscina), or worker
 * processes on any machines through NATS JetStream (engine/cluster/). The intake commits the
 * results in task order whatever answers first, so the outputs are the same bytes either way.
 */
export interface TaskExecutor {
  /** A batch of whole invoices; resolves with the encoded LiquidationResult. */
  runBatch(task: LiquidationTask): Promise<Uint8Array>;
  /**
   * A whole inbox file read by the worker itself: only where workers see the inbox (this machine).
   * An executor without it has the intake stream every file and send batches.
   */
  runFile?: (task: FileTask) => Promise<FileTaskResult>;
  destroy(): Promise<void>;
}

/**
 * The local worker threads. The pool is let go once destroyed: its options hold the referential
 * snapshot the workers shared (≈ 190 MiB for a 2 M-beneficiary referential), and a run that kept
 * its executor to the end would keep that buffer resident through the returns and the ledger's
 * commit, where nothing reads it any more. Tasks with no answer for `stallMs` fail the run
 * (worker-stall-watch.ts); a pool found stalled is destroyed without waiting on its hung thread.
 */
export function poolExecutor(pool: WorkerPool, stallMs: number = WORKER_STALL_MS): TaskExecutor {
  let live: WorkerPool | undefined = pool;
  const watch = new WorkerStallWatch(stallMs);
  const running = (): WorkerPool => {
    if (live === undefined) throw new Error('the worker pool was destroyed');
    return live;
  };
  return {
    runBatch: (task) => watch.watch(running().run(task, { transferList: transferListOf(task) })),
    runFile: (task) => watch.watch(runFileTask(running(), task)),
    destroy: () => {
      const destroyed = live;
      live = undefined;
      watch.stop();
      if (destroyed === undefined) return Promise.resolve();
      return watch.stalled ? letGoOfPool(destroyed) : destroyed.destroy();
    },
  };
}
