import { Piscina } from 'piscina';
import { compiledEnginePath } from '../compiled-path.js';
import type { FileTask, FileTaskResult } from './file-task.js';
import type { LiquidationTask, WorkerSetup } from './task.js';

/** The file the workers load, compiled (see compiledEnginePath and engine/worker-entry.cts). */
export function workerFilename(): string {
  return compiledEnginePath('worker-entry.cjs');
}

export interface PoolOptions {
  threads: number;
  setup: WorkerSetup;
}

/**
 * The pool is typed by its default handler (a batch in, a protobuf buffer out). Batches and file
 * tasks share the same workers, so a file task goes through the same pool to the worker's
 * `liquidateFile` export.
 */
export type WorkerPool = Piscina<LiquidationTask, Uint8Array>;

/** The worker module's export that runs file tasks (engine/worker.ts). */
export const FILE_TASK_HANDLER = 'liquidateFile';

/**
 * The young generation of each worker's V8 heap. A worker allocates at a high rate and almost
 * everything dies young (records, outcomes, encoders); left alone V8 grows each worker's young
 * generation to several times this, all of it resident. At 10 M lines, 8 MiB a worker lowered the
 * intake's peak RSS by ≈ 60 MiB at 2 threads with no measurable change in intake time. Only the
 * young generation is bounded: a smaller old-generation budget could stop a worker with "out of
 * memory" on a large file task, a young one only means more frequent scavenges.
 */
export const WORKER_YOUNG_GENERATION_MIB = 8;

/** A Piscina pool sized exactly: `threads` workers, no idle shrinking during a run. */
export function createWorkerPool(options: PoolOptions): WorkerPool {
  return new Piscina<LiquidationTask, Uint8Array>({
    filename: workerFilename(),
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    workerData: options.setup,
    // Tasks are already large batches: one queued per worker is enough to keep them busy.
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB },
  });
}

export function transferListOf(task: LiquidationTask): ArrayBuffer[] {
  return [task.bytes.buffer as ArrayBuffer, task.index.buffer as ArrayBuffer];
}

/**
 * Runs a file task on the pool's workers. Piscina types one task/result pair per pool; this is
 * the one place that says what the file handler takes and gives back.
 */
export function runFileTask(pool: WorkerPool, task: FileTask): Promise<FileTaskResult> {
  const untyped: Piscina<unknown, unknown> = pool;
  return untyped.run(task, { name: FILE_TASK_HANDLER }) as Promise<FileTaskResult>;
}

/**
 * How long a pool that is let go gets to end its threads before this thread stops waiting for it.
 * A worker stuck in native code may never end; a pool's threads are unreferenced and do not keep
 * the process alive.
 */
const ABANDONED_POOL_GRACE_MS = 5_000;

/** Destroys a pool whose workers may not answer: waits for its threads to end, but not for ever. */
export async function letGoOfPool(pool: WorkerPool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ABANDONED_POOL_GRACE_MS);
  });
  await Promise.race([pool.destroy().catch(() => undefined), grace]);
  clearTimeout(timer);
}
