import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSharedFile } from '../engine/pipeline/shared-file.js';
import { poolExecutor, type TaskExecutor } from '../engine/pipeline/task-executor.js';
import { createWorkerPool } from '../engine/pipeline/worker-pool.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { SHIPPED_PROFILES } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * The local executor lets go of its Piscina pool once destroyed. The pool's options hold the
 * referential snapshot the workers shared; a run keeps its executor to its end, so a pool still
 * reachable from it kept ≈ 190 MiB resident (a 2 M-beneficiary referential) through the returns
 * and the ledger's commit, where nothing reads the snapshot.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const newDir = tempDirs('tpliq-pool-executor-');
let dir: string;
let snapshot: string;

beforeAll(async () => {
  dir = newDir();
  await generateDay({ outDir: join(dir, 'day'), seed: 5, targetLines: 200, accountingDate: '2026-11-23' });
  snapshot = join(dir, 'ref.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executor over a fresh pool, and a weak reference to the snapshot the pool's options hold. */
function executorOverPool(): { executor: TaskExecutor; snapshotBytes: WeakRef<Uint8Array> } {
  const snapshotBytes = readSharedFile(snapshot);
  const pool = createWorkerPool({ threads: 1, setup: { snapshotPath: snapshot, snapshotBytes, profiles: Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p])), auditArithmetic: false, startAttempt: 1 } });
  return { executor: poolExecutor(pool), snapshotBytes: new WeakRef(snapshotBytes) };
}

async function collectedSoon(ref: WeakRef<object>): Promise<boolean> {
  for (let attempt = 0; attempt < 20 && ref.deref() !== undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    collectGarbage();
  }
  return ref.deref() === undefined;
}

describe('the local worker-pool executor', () => {
  it('holds the snapshot while its pool runs, and lets it go once destroyed though the executor is still referenced', async () => {
    const { executor, snapshotBytes } = executorOverPool();
    expect(await collectedSoon(snapshotBytes)).toBe(false);
    await executor.destroy();
    expect(await collectedSoon(snapshotBytes)).toBe(true);
    // Still referenced here, and refuses work instead of reaching a destroyed pool.
    await expect(async () => executor.runBatch({} as never)).rejects.toThrow('the worker pool was destroyed');
    await executor.destroy();
  });
});
