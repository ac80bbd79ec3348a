/**
 * `npm run bench:ci` — the CI guard on the hot path: a 500 000-line day, end to end at every
 * thread count, with all three baselines measured in the same run. Prints the table either way;
 * exits 1 only when a ratio is worse than half its target (TARGETS × CI_MARGIN), because a shared
 * 2-core CI machine is noisy and a guard that cries wolf gets switched off.
 *
 *   node dist/bench/ci.js [--lines 500000]
 */
import { checksText, describeDay, phasesText, textTable, writeResults } from './lib/report.js';
import { runSuite } from './lib/suite.js';

const DEFAULT_LINES = 500_000;

function linesArgument(): number {
  const at = process.argv.indexOf('--lines');
  if (at === -1) return DEFAULT_LINES;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 100) throw new Error(`--lines takes a whole number ≥ 100, got "${process.argv[at + 1]}"`);
  return n;
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`[bench:ci] ${s}\n`);
  const result = await runSuite({ targetLines: linesArgument(), baselines: { fastCsv: true, straightforward: true }, log });
  process.stdout.write(`\n${describeDay(result)}\n\n${textTable(result.rows)}\n\nTargets (best thread count):\n${checksText(result.checks)}\n\nEngine phases:\n${phasesText(result.rows)}\n`);
  writeResults('ci', 'bench:ci — 500 000-line end-to-end guard', result);
  // Absolute memory is not a ratio: it is reported, and guarded with the same factor-2 margin.
  const failed = result.checks.filter((c) => !c.withinCiMargin);
  process.stdout.write(`\nbench:ci finished in ${((performance.now() - started) / 1000).toFixed(0)} s: `);
  if (failed.length === 0) process.stdout.write('every ratio within its CI margin.\n');
  else {
    process.stdout.write(`${failed.length} ratio(s) below half the target:\n${checksText(failed)}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
