/**
 * The long crash campaign (`npm run crash-campaign -- --kills N [--lines L] [--seed S]`): a
 * generated day is run once uninterrupted, then N times killed with SIGKILL at a seeded random
 * moment (plus once at each named crash point), each time run again with the same command. Prints
 * kills tried, kills that landed before the run ended, re-runs identical, outputs lost and ledger
 * mismatches; exits 1 if any re-run is not identical to the uninterrupted run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CrashPoint } from '../../engine/run/crash-points.js';
import { writeSnapshot } from '../../engine/referential/compile-snapshot.js';
import { generateDay } from '../generate/index.js';
import { Prng } from '../generate/prng.js';
import { crashTrial, ledgerCounts, runCli, type Kill } from './crash-trial.js';

const DATE = '2026-11-23';
const POINTS: readonly CrashPoint[] = ['mid-archive', 'before-ledger-commit', 'after-ledger-commit', 'after-rename', 'after-release'];

const { values } = parseArgs({ options: { kills: { type: 'string', default: '50' }, lines: { type: 'string', default: '200000' }, seed: { type: 'string', default: '1' }, threads: { type: 'string', default: '2' } } });
const kills = Number(values.kills);
const lines = Number(values.lines);
const seed = Number(values.seed);

const dir = mkdtempSync(join(tmpdir(), 'tpliq-crash-campaign-'));
try {
  process.stdout.write(`crash campaign: ${lines} lines, ${kills} random kills + ${POINTS.length} named points, seed ${seed}, in ${dir}\n`);
  await generateDay({ outDir: join(dir, 'day'), seed, targetLines: lines, accountingDate: DATE });
  await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
  const argsOf = (dataDir: string, outDir: string): string[] => ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', DATE, '--data', dataDir, '--out', outDir, '--threads', values.threads];
  const started = performance.now();
  const run = await runCli(argsOf(join(dir, 'ref', 'data'), join(dir, 'ref', 'out')));
  if (run.code !== 0) throw new Error(`the uninterrupted run failed (exit ${run.code}): ${run.stderr}`);
  const runMs = performance.now() - started;
  const reference = { outDir: join(dir, 'ref', 'out'), counts: ledgerCounts(join(dir, 'ref', 'data')) };
  process.stdout.write(`uninterrupted run: ${(runMs / 1000).toFixed(1)} s, ${reference.counts.invoices} invoices, ${reference.counts.transfers} transfers\n`);

  const prng = new Prng(seed, 0xc4a5);
  const trials: Array<{ name: string; kill: Kill }> = [
    ...POINTS.map((at) => ({ name: at, kill: { at } })),
    // Up to 10 % past the uninterrupted run's time: the end of a run is where the order matters most.
    ...Array.from({ length: kills }, (_, i) => {
      const afterMs = Math.round((prng.nextU32() / 2 ** 32) * runMs * 1.1);
      return { name: `random #${i + 1} at ${afterMs} ms`, kill: { afterMs } };
    }),
  ];
  const tally = { tried: 0, landed: 0, identical: 0, outputsLost: 0, ledgerMismatches: 0, stagingLeft: 0 };
  for (const [i, trial] of trials.entries()) {
    const trialDir = join(dir, `trial-${i}`);
    const verdict = await crashTrial(argsOf, reference, trialDir, trial.kill);
    tally.tried++;
    if (verdict.killed) tally.landed++;
    const identical = verdict.rerunCode === 0 && verdict.differences.length === 0;
    if (identical) tally.identical++;
    else tally.outputsLost++;
    if (!verdict.ledgerSame) tally.ledgerMismatches++;
    if (verdict.stagingLeft) tally.stagingLeft++;
    process.stdout.write(`${trial.name.padEnd(32)} ${verdict.killed ? 'killed' : 'ended '}  re-run exit ${verdict.rerunCode}  ${identical ? 'identical' : `DIFFERS: ${verdict.differences.slice(0, 3).join(', ')}`}${verdict.ledgerSame ? '' : '  LEDGER DIFFERS'}\n`);
    rmSync(trialDir, { recursive: true, force: true });
  }
  process.stdout.write(`\nkills tried ${tally.tried}, landed before the end ${tally.landed}, re-runs identical ${tally.identical}, outputs lost ${tally.outputsLost}, ledger mismatches ${tally.ledgerMismatches}, staging left ${tally.stagingLeft}\n`);
  process.exitCode = tally.identical === tally.tried && tally.ledgerMismatches === 0 && tally.stagingLeft === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
