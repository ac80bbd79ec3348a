import { describe, expect, it } from 'vitest';
import { WorkersStalled, WorkerStallWatch } from '../engine/pipeline/worker-stall-watch.js';

const STALL_MS = 2_000;

const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

/**
 * The watch over tasks out on the local workers: only time with tasks out and none answering
 * counts, answers keep it quiet however long the run, and once it gives up every task fails with
 * its code. The answers' times are a half or less of the stall time, for a loaded machine.
 */
describe('the watch over tasks out on the workers', () => {
  it('lets through answers that come regularly, for longer in all than its stall time', async () => {
    const watch = new WorkerStallWatch(STALL_MS);
    try {
      for (let task = 0; task < 60; task++) expect(await watch.watch(after(50, task))).toBe(task);
      expect(watch.stalled).toBe(false);
    } finally {
      watch.stop();
    }
  });

  it('does not count the time no task was out', async () => {
    const watch = new WorkerStallWatch(STALL_MS);
    try {
      await watch.watch(after(10, 'first'));
      await after(STALL_MS * 1.5, undefined);
      // Long enough for the watch to look (it does every quarter of its stall time), short of a stall.
      expect(await watch.watch(after(STALL_MS / 2, 'after a pause'))).toBe('after a pause');
    } finally {
      watch.stop();
    }
  });

  it('fails every task out once none has answered for its stall time, and every later task at once', async () => {
    const watch = new WorkerStallWatch(STALL_MS);
    const never = new Promise<number>(() => undefined);
    const started = performance.now();
    const outcomes = await Promise.allSettled([watch.watch(never), watch.watch(never)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(STALL_MS - 5);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(WorkersStalled);
    }
    expect(((outcomes[0] as PromiseRejectedResult).reason as WorkersStalled).code).toBe('TPLIQ_WORKERS_STALLED');
    expect(watch.stalled).toBe(true);
    await expect(watch.watch(after(1, 'late'))).rejects.toBeInstanceOf(WorkersStalled);
  });

  it('passes a task\'s own failure through as it is', async () => {
    const watch = new WorkerStallWatch(STALL_MS);
    try {
      await expect(watch.watch(Promise.reject(new Error('worker exited with code: 1')))).rejects.toThrow('worker exited with code: 1');
      expect(watch.stalled).toBe(false);
    } finally {
      watch.stop();
    }
  });
});
