import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runParametersOf } from '../engine/cli/run-options.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { runLiquidation } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';

/** Every path under `root` (itself included) whose mode lets its group or others in. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    if ((statSync(path).mode & 0o077) !== 0) found.push(path);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

describe('what a run writes holds health data: owner-only whatever the umask', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-private-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('outputs, ledger and snapshot are created without group or world access under umask 022', async () => {
    const umask = process.umask(0o022);
    try {
      await generateDay({ outDir: join(dir, 'day'), seed: 5, targetLines: 3_000, accountingDate: '2026-11-23', anomalyRate: 0.05 });
      const snapshot = join(dir, 'ref.snapshot');
      await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
      const out = join(dir, 'out');
      await runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot, date: '2026-11-23', data: join(dir, 'data'), out, threads: '1' }));
      expect(readdirSync(join(out, 'noemie')).length).toBeGreaterThan(0);
      expect(openToOthers(out)).toEqual([]);
      expect(openToOthers(join(dir, 'data'))).toEqual([]);
      expect(openToOthers(snapshot)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });
});
