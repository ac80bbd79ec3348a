/**
 * `npm run bench:history` — what the run archive and replay cost (issue "History"). On a
 * generated day (1 M lines by default, cached like the other benchmarks' days) it runs the real
 * `tpliq run` on an empty data folder, then `tpliq replay` of that run, each in its own process,
 * several rounds in the same invocation, and reports:
 *
 * - archiving: the run's own `archive` and `snapshotDigest` laps (timings.json) ÷ its total — the
 *   archive is written inside the run, so the ratio is measured on the same process, same noise;
 * - replay: the replay's wall time ÷ the run's wall time, both measured here, round by round.
 *
 * Targets: archiving ≤ 10 % of the run; a replay ≤ 1.2 × the run. The best round counts (a
 * shared 2-core machine only ever adds time). Writes bench/results/history.{json,md}.
 *
 *   node dist/bench/history.js [--lines 1000000] [--rounds 3] [--threads 2]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../engine/cli/heap-budget.js';
import { BENCH_DATE, CACHE_DIR, ensureDay, REPO_ROOT } from './lib/day-cache.js';
import { wholeNumberOption } from './lib/bench-options.js';

const CLI = join(REPO_ROOT, 'dist', 'engine', 'cli', 'main.js');
const ARCHIVE_SHARE_MAX = 0.1;
const REPLAY_RATIO_MAX = 1.2;

interface Round {
  runWallMs: number;
  runTotalMs: number;
  archiveMs: number;
  replayWallMs: number;
  identical: boolean;
}

/** The CLI in a child process with the run's own heap flags; its wall time. */
function timedCli(args: readonly string[]): { wallMs: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [...MAIN_NODE_FLAGS, CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...MAIN_PROCESS_ENV, CI: 'true' } });
  const wallMs = performance.now() - started;
  if (r.status !== 0 && !(args[0] === 'replay' && r.status === 6)) throw new Error(`tpliq ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wallMs, stdout: r.stdout };
}

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`[bench:history] ${s}\n`);
  const lines = wholeNumberOption('--lines', 1_000_000);
  const rounds = wholeNumberOption('--rounds', 3);
  const threads = wholeNumberOption('--threads', 2);
  const day = await ensureDay(lines, undefined, log);
  const work = join(CACHE_DIR, 'runs', 'history');
  const results: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const data = join(work, 'data');
    const out = join(work, 'out');
    log(`round ${round}/${rounds}: run …`);
    const run = timedCli(['run', '--inbox', day.inbox, '--snapshot', day.snapshot, '--date', BENCH_DATE, '--data', data, '--out', out, '--threads', String(threads), '--quiet']);
    const timings = JSON.parse(readFileSync(join(out, 'timings.json'), 'utf8')) as Record<string, number>;
    const runId = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
    log(`round ${round}/${rounds}: replay …`);
    const replay = timedCli(['replay', runId, '--data', data, '--scratch', join(work, 'replay'), '--threads', String(threads), '--json']);
    const report = JSON.parse(replay.stdout) as { identical: boolean };
    results.push({
      runWallMs: run.wallMs, runTotalMs: timings.total ?? 0, archiveMs: (timings.archive ?? 0) + (timings.snapshotDigest ?? 0),
      replayWallMs: replay.wallMs, identical: report.identical,
    });
  }
  rmSync(work, { recursive: true, force: true });
  const archiveShare = Math.min(...results.map((r) => r.archiveMs / r.runTotalMs));
  const replayRatio = Math.min(...results.map((r) => r.replayWallMs / r.runWallMs));
  const table = [
    '| round | run wall (s) | run total (s) | archiving (s) | archiving share | replay wall (s) | replay ÷ run | identical |',
    '|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...results.map((r, i) => `| ${i + 1} | ${(r.runWallMs / 1000).toFixed(1)} | ${(r.runTotalMs / 1000).toFixed(1)} | ${(r.archiveMs / 1000).toFixed(2)} | ${(100 * r.archiveMs / r.runTotalMs).toFixed(1)} % | ${(r.replayWallMs / 1000).toFixed(1)} | ${(r.replayWallMs / r.runWallMs).toFixed(2)} | ${r.identical ? 'yes' : 'NO'} |`),
  ].join('\n');
  const verdict = [
    `archiving: best ${(100 * archiveShare).toFixed(1)} % of the run (target ≤ ${100 * ARCHIVE_SHARE_MAX} %): ${archiveShare <= ARCHIVE_SHARE_MAX ? 'met' : 'MISSED'}`,
    `replay: best ${replayRatio.toFixed(2)} × the run (target ≤ ${REPLAY_RATIO_MAX}): ${replayRatio <= REPLAY_RATIO_MAX ? 'met' : 'MISSED'}`,
    `every replay identical: ${results.every((r) => r.identical) ? 'yes' : 'NO'}`,
  ].join('\n');
  const text = `bench:history — ${day.invoices.toLocaleString('en')} invoices, ${(day.inboxBytes / 1048576).toFixed(0)} MiB of inbox, ${threads} thread(s), ${rounds} round(s)\n\n${table}\n\n${verdict}\n`;
  process.stdout.write(`\n${text}`);
  const resultsDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'history.md'), text);
  writeFileSync(join(resultsDir, 'history.json'), JSON.stringify({ lines, threads, invoices: day.invoices, inboxBytes: day.inboxBytes, rounds: results, archiveShare, replayRatio }, null, 2) + '\n');
  if (!results.every((r) => r.identical)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
