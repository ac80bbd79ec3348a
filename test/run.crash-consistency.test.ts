import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../engine/run/crash-points.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { crashTrial, ledgerCounts, runCli, type LedgerCounts } from '../scripts/crash/crash-trial.js';
import { generateDay } from '../scripts/generate/index.js';

const DATE = '2026-11-23';
const POINTS: readonly CrashPoint[] = ['mid-archive', 'before-ledger-commit', 'after-ledger-commit', 'after-rename', 'after-release'];

/**
 * A real `tpliq run` killed with SIGKILL (no cleanup) at the points whose order matters, and at
 * moments spread over the run, then run again with the same command: the re-run ends with the
 * outputs of an uninterrupted run, byte for byte, and a ledger holding each invoice and transfer
 * once. The long campaign is `npm run crash-campaign`.
 */
describe('a run killed at any moment, then run again', () => {
  let dir: string;
  let argsOf: (dataDir: string, outDir: string) => string[];
  let reference: { outDir: string; counts: LedgerCounts; ms: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-crash-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 11, targetLines: 12_000, accountingDate: DATE, anomalyRate: 0.1 });
    await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
    argsOf = (dataDir, outDir) => ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', DATE, '--data', dataDir, '--out', outDir, '--threads', '2'];
    const started = performance.now();
    const run = await runCli(argsOf(join(dir, 'ref', 'data'), join(dir, 'ref', 'out')));
    expect(run.code).toBe(0);
    reference = { outDir: join(dir, 'ref', 'out'), counts: ledgerCounts(join(dir, 'ref', 'data')), ms: performance.now() - started };
    expect(reference.counts.invoices).toBeGreaterThan(1000);
    expect(reference.counts.unreleasedRuns).toBe(0);
    expect(reference.counts).toMatchObject({ archivedRuns: 1, archiveBlobsMissing: 0 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const at of POINTS) {
    it(`killed ${at.replaceAll('-', ' ')}: the re-run releases exactly the committed outputs`, async () => {
      const verdict = await crashTrial(argsOf, reference, join(dir, at), { at });
      expect(verdict).toEqual({ killed: true, rerunCode: 0, differences: [], ledgerSame: true, stagingLeft: false });
      // The run the re-run left is whole in the archive too: it replays byte for byte.
      const runId = (JSON.parse(readFileSync(join(dir, at, 'out', 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
      const replay = await runCli(['replay', runId, '--data', join(dir, at, 'data'), '--scratch', join(dir, at, 'replay'), '--threads', '2']);
      expect(replay.code).toBe(0);
    });
  }

  it('killed at moments spread over the whole run: every re-run ends as an uninterrupted run', async () => {
    // Fixed fractions of the reference run's time, so that the trial is the same on every machine.
    for (const fraction of [0.15, 0.45, 0.75, 0.95]) {
      const verdict = await crashTrial(argsOf, reference, join(dir, `at-${fraction}`), { afterMs: Math.round(reference.ms * fraction) });
      expect({ fraction, ...verdict, killed: undefined }).toEqual({ fraction, killed: undefined, rerunCode: 0, differences: [], ledgerSame: true, stagingLeft: false });
    }
  });
});
