/**
 * `npm run bench:ci` — the CI guard on the hot path: a 500 000-line day, end to end at every
 * thread count, with every contender of the targets measured in the same run (fast-csv, the
 * straightforward engine, the ledger floor and the bare table). Prints the table and, for each
 * target, the figure, the committed reference and how far the target is. Exits 1 when a ratio is
 * worse than its reference (bench/ci-reference.json) by more than 25 % — a regression — and never
 * because a target is still missed.
 *
 *   node dist/bench/ci.js [--lines 500000] [--write-reference "how the runs were chosen"]
 *
 * `--write-reference` writes this run's ratios as the new reference (to commit after a change
 * that moves them, having looked at several runs: see docs/performance.md, "In CI").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionText, wholeNumberOption } from './lib/bench-options.js';
import { removeEngineWorkDirs } from './lib/engine-work-dirs.js';
import { REPO_ROOT } from './lib/day-cache.js';
import { describeDay, phasesText, textTable, verdictText, writeResults } from './lib/report.js';
import { runSuite } from './lib/suite.js';
import { CI_REGRESSION_SHARE, regressed, type CiReference, type TargetCheck, type TargetId } from './lib/targets.js';

const DEFAULT_LINES = 500_000;
const REFERENCE_FILE = join(REPO_ROOT, 'bench', 'ci-reference.json');

function readReference(): CiReference {
  return JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as CiReference;
}

/** One line per target: figure, reference, verdict against the target, regression or not. */
function guardText(checks: readonly TargetCheck[], reference: CiReference): string {
  return checks
    .map((c) => {
      const ref = reference.ratios[c.target.id as TargetId];
      const against = ref === undefined ? 'no reference' : `reference ${ref.toFixed(ref >= 100 ? 0 : 3)}${regressed(c, reference) ? ' — REGRESSION' : ''}`;
      return `- ${c.target.label}: ${c.value.toFixed(c.value >= 100 ? 0 : 3)} (${against}; target ${c.target.atMost ? '≤' : '≥'} ${c.target.bound}: ${verdictText(c)})`;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`[bench:ci] ${s}\n`);
  const lines = wholeNumberOption('--lines', DEFAULT_LINES, 100);
  const reference = readReference();
  if (reference.lines !== lines) log(`the reference was measured on ${reference.lines} lines, this run has ${lines}: the comparison is indicative`);
  removeEngineWorkDirs();
  const result = await runSuite({ targetLines: lines, baselines: { fastCsv: true, straightforward: true }, ledgerFloor: true, log });
  // Every engine run is over: their outputs go now (engine-work-dirs.ts says why not sooner).
  removeEngineWorkDirs();
  process.stdout.write(`\n${describeDay(result)}\n\n${textTable(result.rows)}\n\nTargets (best thread count), against the committed reference:\n${guardText(result.checks, reference)}\n\nEngine phases:\n${phasesText(result.rows)}\n`);
  writeResults('ci', `bench:ci — ${lines.toLocaleString('en')}-line end-to-end guard`, result);

  const describeReference = optionText('--write-reference');
  if (describeReference !== undefined) {
    const ratios = Object.fromEntries(result.checks.map((c) => [c.target.id, Number(c.value.toFixed(3))]));
    writeFileSync(REFERENCE_FILE, `${JSON.stringify({ lines, measured: describeReference, ratios } satisfies CiReference, null, 2)}\n`);
    log(`wrote ${REFERENCE_FILE}`);
  }
  const regressions = result.checks.filter((c) => regressed(c, reference));
  process.stdout.write(`\nbench:ci finished in ${((performance.now() - started) / 1000).toFixed(0)} s: `);
  if (regressions.length === 0) process.stdout.write(`no ratio more than ${CI_REGRESSION_SHARE * 100} % worse than its reference (bench/ci-reference.json).\n`);
  else {
    process.stdout.write(`${regressions.length} ratio(s) more than ${CI_REGRESSION_SHARE * 100} % worse than the reference:\n${guardText(regressions, reference)}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
