import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSharedFile } from '../engine/pipeline/shared-file.js';
import { createWorkerPool } from '../engine/pipeline/worker-pool.js';
import { startWorkerPool, type AbandonedPool } from '../engine/pipeline/worker-start.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { SHIPPED_PROFILES } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { TempFolders } from './support/temp-dirs.js';

const folders = new TempFolders();
let dir: string;
let snapshot: string;

beforeAll(async () => {
  dir = folders.make('tpliq-worker-start-');
  await generateDay({ outDir: join(dir, 'day'), seed: 7, targetLines: 200, accountingDate: '2026-11-23' });
  snapshot = join(dir, 'ref.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
});

afterAll(() => folders.removeAll());

const DEADLINE_MS = 20_000;

function start(profiles: Record<string, string>, abandoned: AbandonedPool[]): ReturnType<typeof startWorkerPool> {
  return startWorkerPool({
    threads: 2, deadlineMs: DEADLINE_MS, attempts: 3, onAbandoned: (pool) => abandoned.push(pool),
    createPool: (startAttempt) => createWorkerPool({ threads: 2, setup: { snapshotPath: snapshot, snapshotBytes: readSharedFile(snapshot), profiles, auditArithmetic: false, startAttempt } }),
  });
}

/**
 * The start of a pool (engine/pipeline/worker-start.ts) on real workers: it ends once both have
 * said they are loaded, and a worker whose module fails to load ends it at once with the worker's
 * own error. A hang as workers load is in test/run.workers-not-answering.test.ts.
 */
describe('the start of a worker pool', () => {
  it('ends when every worker is loaded, with nothing abandoned', async () => {
    const abandoned: AbandonedPool[] = [];
    const pool = await start(Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p])), abandoned);
    try {
      expect(pool.threads.length).toBe(2);
      expect(abandoned).toEqual([]);
    } finally {
      await pool.destroy();
    }
  });

  it('fails at once with the worker\'s own error when its module cannot load, without trying another pool', async () => {
    const abandoned: AbandonedPool[] = [];
    const started = performance.now();
    // Whichever comes first: the worker's own message (worker-entry.cts) or Piscina's error event.
    await expect(start({ 'b2-ps': join(dir, 'no-such-layout.json') }, abandoned)).rejects.toThrow(/no-such-layout\.json/);
    expect(performance.now() - started).toBeLessThan(DEADLINE_MS);
    expect(abandoned).toEqual([]);
  });
});
