import { letGoOfPool, type WorkerPool } from './worker-pool.js';

/**
 * A pool's workers, each seen loaded before the intake gives them any work.
 *
 * Piscina calls the first workers of a pool ready as soon as they are created and hands them tasks
 * at once; a worker that never finishes loading its module then holds its task for ever and the
 * run waits in silence (seen once on Node 22: one worker idle, the other gone from the diagnostic
 * report, the main thread waiting on the task it held). So each worker says so when its
 * referential and layouts are loaded (engine/worker.ts), and the intake starts only once every
 * worker has. A pool that has not within the deadline is let go and a fresh one started: nothing
 * was sent to it, so the run's bytes are the same. After the last attempt the run stops with
 * TPLIQ_WORKERS_DID_NOT_START, before paying anything.
 */

/** The key of the message a worker posts on its parent port once loaded; its value is the thread id. */
export const WORKER_LOADED = 'tpliqWorkerLoaded';

export function workerLoadedMessage(threadId: number): Record<typeof WORKER_LOADED, number> {
  return { [WORKER_LOADED]: threadId };
}

/** The key of the message a worker posts when its module failed to load (engine/worker-entry.cts); its value is the error's stack. */
export const WORKER_LOAD_FAILED = 'tpliqWorkerLoadFailed';

/** Why a worker's module failed to load, when `message` says it did. */
function loadFailureOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !(WORKER_LOAD_FAILED in message)) return undefined;
  return String((message as Record<string, unknown>)[WORKER_LOAD_FAILED]);
}

function loadedThreadOf(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null || !(WORKER_LOADED in message)) return undefined;
  const threadId = (message as Record<string, unknown>)[WORKER_LOADED];
  return typeof threadId === 'number' ? threadId : undefined;
}

export interface WorkerStartWatch {
  threads: number;
  /** How long a pool's workers have to load, each attempt. */
  deadlineMs: number;
  /** Pools started in all, the first included. */
  attempts: number;
  /** A fresh pool for the given attempt (1-based). */
  createPool: (attempt: number) => WorkerPool;
  /** A pool let go: how far it got, for the run's log. */
  onAbandoned?: (abandoned: AbandonedPool) => void;
}

export interface AbandonedPool {
  attempt: number;
  loadedWorkers: number;
  waitedMs: number;
  /** `deadline` when time ran out, `worker-exited` when a worker ended before it loaded. */
  reason: 'deadline' | 'worker-exited';
}

export class WorkersDidNotStart extends Error {
  readonly code = 'TPLIQ_WORKERS_DID_NOT_START';
  constructor(readonly abandoned: readonly AbandonedPool[], threads: number) {
    const last = abandoned[abandoned.length - 1]!;
    super(`${abandoned.length} worker pools of ${threads} threads started and none loaded every worker (the last: ${last.loadedWorkers} of ${threads} loaded, ${last.reason} after ${last.waitedMs} ms)`);
    this.name = 'WorkersDidNotStart';
  }
}

/** A pool whose every worker is loaded, after as many attempts as it took. */
export async function startWorkerPool(watch: WorkerStartWatch): Promise<WorkerPool> {
  const abandoned: AbandonedPool[] = [];
  for (let attempt = 1; attempt <= watch.attempts; attempt++) {
    const pool = watch.createPool(attempt);
    const started = performance.now();
    const outcome = await workersLoaded(pool, watch.threads, watch.deadlineMs);
    if (outcome.kind === 'loaded') return pool;
    if (outcome.kind === 'failed') {
      await letGoOfPool(pool);
      throw outcome.error;
    }
    const record: AbandonedPool = { attempt, loadedWorkers: outcome.loaded, waitedMs: Math.round(performance.now() - started), reason: outcome.kind };
    abandoned.push(record);
    watch.onAbandoned?.(record);
    await letGoOfPool(pool);
  }
  throw new WorkersDidNotStart(abandoned, watch.threads);
}

type StartOutcome = { kind: 'loaded' } | { kind: 'deadline' | 'worker-exited'; loaded: number } | { kind: 'failed'; error: unknown };

function workersLoaded(pool: WorkerPool, threads: number, deadlineMs: number): Promise<StartOutcome> {
  return new Promise((resolve) => {
    const loaded = new Set<number>();
    let finished = false;
    const finish = (outcome: StartOutcome): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      pool.off('message', onMessage);
      pool.off('error', onError);
      pool.off('workerDestroy', onWorkerDestroy);
      resolve(outcome);
    };
    const onMessage = (message: unknown): void => {
      // A module that fails to load is a real failure (an unreadable layout, say): no retry.
      const failure = loadFailureOf(message);
      if (failure !== undefined) {
        finish({ kind: 'failed', error: new Error(`a worker failed to load: ${failure}`) });
        return;
      }
      const threadId = loadedThreadOf(message);
      if (threadId === undefined) return;
      loaded.add(threadId);
      if (loaded.size === threads) finish({ kind: 'loaded' });
    };
    // An error thrown in a worker outside any task.
    const onError = (error: unknown): void => finish({ kind: 'failed', error });
    // A worker that ends before it loaded (Piscina keeps that to itself). Piscina destroys a worker
    // just before it reports the worker's error, so an error gets a turn to be the outcome first.
    const onWorkerDestroy = (): void => {
      setImmediate(() => finish({ kind: 'worker-exited', loaded: loaded.size }));
    };
    const timer = setTimeout(() => finish({ kind: 'deadline', loaded: loaded.size }), deadlineMs);
    pool.on('message', onMessage);
    pool.on('error', onError);
    pool.on('workerDestroy', onWorkerDestroy);
  });
}
