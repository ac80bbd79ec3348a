/**
 * `npm run bench:across-days` — what deciding across days costs (issue "Across days"). On the
 * generated day (10 M lines by default, cached like the other benchmarks' days) the real
 * `tpliq run` decides the day in rounds of two runs, each in its own process, on the same inbox:
 *
 * - across days: against a ledger holding the day's previous day (bench/lib/day-cache.ts), so
 *   its rectificatives and annulations find their invoices, its indus are set off, its capped and
 *   equipment invoices meet the counters the previous day filled;
 * - the day alone: a fresh ledger, where the same invoices name nothing and every counter is empty.
 *
 * The two runs of a round follow each other, their order alternating from round to round, so a
 * machine that slows down or speeds up weighs on both. Reports each round's ratio of lines/s
 * (across days ÷ alone) and the median; the target (bench/lib/targets.ts `acrossDays`) is at most
 * 10 % lost. Writes bench/results/<name>.{json,md} (across-days by default).
 *
 *   node dist/bench/across-days.js [--lines 10000000] [--rounds 2] [--threads 2] [--name across-days]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../engine/cli/heap-budget.js';
import type { ChildReport } from './lib/child-protocol.js';
import { BENCH_DATE, ensureDay, REPO_ROOT } from './lib/day-cache.js';
import { optionText, wholeNumberOption } from './lib/bench-options.js';
import { engineWorkDir, removeEngineWorkDirs } from './lib/engine-work-dirs.js';
import { runChild } from './lib/run-child.js';
import { checkTarget, TARGETS } from './lib/targets.js';
import { median } from './lib/median.js';

interface Measured {
  wallMs: number;
  peakRssMiB: number;
  paidCount: number;
  paidCents: number;
  timingsMs: Record<string, number>;
}

interface Round {
  acrossDays: Measured;
  alone: Measured;
  /** Lines/s across days ÷ lines/s alone: the alone run's wall time ÷ the across-days run's. */
  ratio: number;
}

const measured = (r: ChildReport): Measured => ({
  wallMs: r.wallMs, peakRssMiB: r.peakRssBytes / 2 ** 20, paidCount: r.paidCount, paidCents: r.paidCents, timingsMs: r.detail['timingsMs'] as Record<string, number>,
});

const phases = (m: Measured): string => Object.entries(m.timingsMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ');

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);
  const lines = wholeNumberOption('--lines', 10_000_000);
  const rounds = wholeNumberOption('--rounds', 2);
  const threads = wholeNumberOption('--threads', 2);
  const day = await ensureDay(lines, undefined, log);
  if (day.previous === undefined) throw new Error('the generated day has no previous day');
  removeEngineWorkDirs();
  const run = async (acrossDays: boolean, round: number): Promise<Measured> => {
    log(`round ${round + 1}: tpliq run, ${threads} thread(s), ${acrossDays ? 'against the previous day' : 'the day alone'} …`);
    const report = await runChild({
      job: 'engine', inbox: day.inbox, snapshot: day.snapshot, date: BENCH_DATE, threads,
      workDir: engineWorkDir(`across-${acrossDays ? 'days' : 'alone'}-r${round}`),
      ...(acrossDays && { seedData: day.previous!.data }),
    }, MAIN_NODE_FLAGS, MAIN_PROCESS_ENV);
    return measured(report);
  };
  const done: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternating order: neither kind always runs on a warmer or a busier machine.
    const first = round % 2 === 0;
    const a = await run(first, round);
    const b = await run(!first, round);
    const acrossDays = first ? a : b;
    const alone = first ? b : a;
    done.push({ acrossDays, alone, ratio: alone.wallMs / acrossDays.wallMs });
  }
  // The runs' outputs go once every run is over (engine-work-dirs.ts says why not sooner).
  removeEngineWorkDirs();
  const ratio = median(done.map((r) => r.ratio));
  const check = checkTarget(TARGETS.acrossDays, ratio);
  const text = [
    `${day.invoices.toLocaleString('en')} invoices (${lines.toLocaleString('en')} target lines, seed ${day.seed}); previous day ${day.previous.date}, ${day.previous.invoices.toLocaleString('en')} invoices; ${threads} thread(s)`,
    '',
    ...done.map((r, i) =>
      `- round ${i + 1}: across days ${(r.acrossDays.wallMs / 1000).toFixed(2)} s (${r.acrossDays.peakRssMiB.toFixed(0)} MiB, ${r.acrossDays.paidCount.toLocaleString('en')} paid), ` +
      `alone ${(r.alone.wallMs / 1000).toFixed(2)} s (${r.alone.peakRssMiB.toFixed(0)} MiB, ${r.alone.paidCount.toLocaleString('en')} paid): ratio ${r.ratio.toFixed(3)}\n` +
      `  - across days: ${phases(r.acrossDays)}\n  - alone: ${phases(r.alone)}`),
    '',
    `${check.target.label}: median ${ratio.toFixed(3)} (target ≥ ${check.target.bound}) — ${check.met ? 'MET' : 'missed'}`,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = optionText('--name') ?? 'across-days';
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ lines, threads, invoices: day.invoices, previous: day.previous, rounds: done, ratio, check }, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), `# npm run bench:across-days\n\n${text}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
