import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LiquidationTask, WorkerSetup } from './task.js';

/**
 * The worker file as compiled JavaScript. Running from dist/ it sits beside us; running from the
 * TypeScript sources (tests), the compiled copy in dist/ is used, so `npm test` builds first.
 */
export function workerFilename(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, '../worker.js');
  if (existsSync(beside)) return beside;
  const root = resolve(here, '../..');
  return resolve(root, 'dist/engine/worker.js');
}

export interface PoolOptions {
  threads: number;
  setup: WorkerSetup;
}

/** A Piscina pool sized exactly: `threads` workers, no idle shrinking during a run. */
export function createWorkerPool(options: PoolOptions): Piscina<LiquidationTask, Uint8Array> {
  return new Piscina<LiquidationTask, Uint8Array>({
    filename: workerFilename(),
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    workerData: options.setup,
    // Tasks are already large batches: one queued per worker is enough to keep them busy.
    concurrentTasksPerWorker: 1,
  });
}

export function transferListOf(task: LiquidationTask): ArrayBuffer[] {
  return [task.bytes.buffer as ArrayBuffer, task.index.buffer as ArrayBuffer];
}
