/**
 * `npm run bench` — the end-to-end benchmark of issue #4. On a generated day of 10 million B2
 * lines (cached in bench/.cache/ by seed, size and generator version) it measures, each in its own
 * process and in the same run: the floor (read + count lines), fast-csv on the same records as
 * CSV, the straightforward engine, and the real `tpliq run` at every thread count from 1 to the
 * number of cores, every contender against a ledger holding the day's previous day, and the engine
 * once more on the day alone (what deciding across days costs); then the same engine on a 1-million-line day (memory must stay flat), on every
 * tenth file of the big day with the same referential (the same check, input size alone changed),
 * and the referential at operator scale. Prints the table and writes bench/results/e2e.{json,md}.
 *
 *   node dist/bench/e2e.js [--lines 10000000] [--small-lines 1000000] [--threads 1,2]
 *                          [--referential 2000000,100000 | --no-referential] [--name e2e]
 */
import { join } from 'node:path';
import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../engine/cli/heap-budget.js';
import { BENCH_DATE, CACHE_DIR } from './lib/day-cache.js';
import { checksText, describeDay, ledgerFloorText, markdownTable, phasesText, textTable, writeResults } from './lib/report.js';
import { referentialText, runReferentialSuite, type ReferentialResult } from './lib/referential-suite.js';
import { engineWorkDir, removeEngineWorkDirs } from './lib/engine-work-dirs.js';
import { sliceInbox } from './lib/inbox-slice.js';
import { optionText, wholeNumberOption } from './lib/bench-options.js';
import { runChild } from './lib/run-child.js';
import { runSuite, type ResultRow } from './lib/suite.js';
import { checkTarget, TARGETS, type TargetCheck } from './lib/targets.js';

/** Peak RSS at the big size ÷ at the small size, per thread count; the worst one counts. */
function rssGrowth(big: readonly ResultRow[], small: ReadonlyArray<Pick<ResultRow, 'kind' | 'threads' | 'peakRssMiB'>>): number {
  let worst = 0;
  for (const row of big) {
    const twin = small.find((s) => s.kind === 'engine' && s.threads === row.threads);
    if (row.kind === 'engine' && twin) worst = Math.max(worst, row.peakRssMiB / twin.peakRssMiB);
  }
  return worst;
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);
  const lines = wholeNumberOption('--lines', 10_000_000, 100);
  const smallLines = wholeNumberOption('--small-lines', 1_000_000, 100);
  const threadCounts = optionText('--threads')?.split(',').map(Number);
  removeEngineWorkDirs();

  const big = await runSuite({ targetLines: lines, ...(threadCounts ? { threadCounts } : {}), baselines: { fastCsv: true, straightforward: true }, ledgerFloor: true, dayAlone: true, log });
  log(`memory check: the engine on a ${smallLines.toLocaleString('en')}-line day …`);
  const small = await runSuite({ targetLines: smallLines, ...(threadCounts ? { threadCounts } : {}), baselines: { fastCsv: false, straightforward: false }, log });
  const growth = rssGrowth(big.rows, small.rows);
  // The same referential, a tenth of the files: input size is then the only thing that changes.
  log('memory check: the engine on every tenth file of the big day, same referential …');
  const sliceDir = sliceInbox(big.benchDay.inbox, join(CACHE_DIR, 'runs', 'slice-inbox'), 10);
  const sliceRows: Array<{ kind: 'engine'; threads: number; peakRssMiB: number; wallMs: number; invoices: number }> = [];
  for (const row of big.rows) {
    if (row.kind !== 'engine' || row.threads === undefined) continue;
    const report = await runChild({
      job: 'engine', inbox: sliceDir, snapshot: big.benchDay.snapshot, date: BENCH_DATE, threads: row.threads, workDir: engineWorkDir(`slice-t${row.threads}`),
      ...(big.benchDay.previous && { seedData: big.benchDay.previous.data }),
    }, MAIN_NODE_FLAGS, MAIN_PROCESS_ENV);
    sliceRows.push({ kind: 'engine', threads: row.threads, peakRssMiB: report.peakRssBytes / (1024 * 1024), wallMs: report.wallMs, invoices: report.invoices });
  }
  // The runs' outputs go once every engine run is over (engine-work-dirs.ts says why not sooner).
  removeEngineWorkDirs();
  const sliceGrowth = rssGrowth(big.rows, sliceRows);
  const sliceText =
    'Every tenth file of the same day, same referential: ' +
    sliceRows.map((r) => `${r.threads} thread(s) ${r.invoices.toLocaleString('en')} invoices, ${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`).join('; ') +
    `. Peak RSS of the whole day ÷ of its tenth (worst thread count): ${sliceGrowth.toFixed(3)}.`;
  const checks: TargetCheck[] = [...big.checks, checkTarget(TARGETS.rssFlat, sliceGrowth)];

  let referential: ReferentialResult | undefined;
  if (!process.argv.includes('--no-referential')) {
    const [beneficiaries, practitioners] = (optionText('--referential') ?? '2000000,100000').split(',').map(Number);
    referential = await runReferentialSuite(beneficiaries ?? 2_000_000, practitioners ?? 100_000, log);
    checks.push(referential.check);
  }
  const result = { ...big, checks, smallDay: { day: small.day, rows: small.rows }, slice: { every: 10, rows: sliceRows, rssGrowth: sliceGrowth }, referential };

  const smallText = `Same engine on the ${smallLines.toLocaleString('en')}-line day (${describeDay(small)}):`;
  process.stdout.write(
    `\n${describeDay(big)}\n\n${textTable(big.rows)}\n\n${smallText}\n\n${textTable(small.rows)}\n\n` +
      `${sliceText}\n\n${referential ? `${referentialText(referential)}\n\n` : ''}Targets (best thread count):\n${checksText(checks)}\n\n${big.ledgerFloor ? `${ledgerFloorText(big)}\n\n` : ''}Engine phases:\n${phasesText(big.rows)}\n`,
  );
  const extra =
    `\n## Memory: the same engine on a ${smallLines.toLocaleString('en')}-line day\n\n${describeDay(small)}.\n\n${markdownTable(small.rows)}\n\n` +
    `Peak RSS at ${lines.toLocaleString('en')} lines ÷ at ${smallLines.toLocaleString('en')} lines (worst thread count): ${growth.toFixed(2)}.\n\n${sliceText}\n` +
    (referential ? `\n## Referential at operator scale\n\n${referentialText(referential)}\n` : '');
  const written = writeResults(optionText('--name') ?? 'e2e', `npm run bench — ${lines.toLocaleString('en')}-line end-to-end benchmark`, result, extra);
  log(`wrote ${written.md} and ${written.json} in ${((performance.now() - started) / 60000).toFixed(1)} min`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
