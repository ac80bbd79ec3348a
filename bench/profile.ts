/**
 * `npm run profile` — clinic flame and clinic doctor on a 1-million-line end-to-end run (the
 * same measured job as the benchmark: `tpliq run`, every output, the ledger). HTML reports land in
 * bench/profiles/ (gitignored); bench/README.md says how to read them.
 *
 *   node dist/bench/profile.js [--lines 1000000] [--threads 2] [--only flame|doctor]
 *
 * clinic is a dev dependency (node_modules/.bin/clinic, installed by `npm install`): a profile
 * needs no network and always runs the version the lockfile pins. NO_INSIGHT=1 stops clinic from
 * asking for telemetry consent (which would hang a script).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BENCH_DATE, CACHE_DIR, ensureDay, REPO_ROOT } from './lib/day-cache.js';
import { MEASURE_ENTRY } from './lib/run-child.js';

const PROFILES_DIR = join(REPO_ROOT, 'bench', 'profiles');
const TOOLS = ['flame', 'doctor'] as const;
/** The dev dependency's command, run without npx: npx would look the package up on the network when it is missing. */
const CLINIC = join(REPO_ROOT, 'node_modules', '.bin', 'clinic');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  const lines = Number(option('--lines') ?? 1_000_000);
  const threads = Number(option('--threads') ?? availableParallelism());
  const only = option('--only');
  if (!Number.isInteger(lines) || lines < 100) throw new Error('--lines takes a whole number ≥ 100');
  if (only !== undefined && !(TOOLS as readonly string[]).includes(only)) throw new Error(`--only takes one of ${TOOLS.join(', ')}`);
  const log = (s: string): void => void process.stderr.write(`[profile] ${s}\n`);
  if (!existsSync(CLINIC)) throw new Error(`${CLINIC} is missing: run npm install (clinic is a dev dependency)`);
  const day = await ensureDay(lines, undefined, log);
  mkdirSync(PROFILES_DIR, { recursive: true });
  const reports: string[] = [];
  for (const tool of TOOLS) {
    if (only !== undefined && tool !== only) continue;
    const dest = join(PROFILES_DIR, tool);
    rmSync(dest, { recursive: true, force: true });
    const job = JSON.stringify({ inbox: day.inbox, snapshot: day.snapshot, date: BENCH_DATE, threads, workDir: join(CACHE_DIR, 'runs', `profile-${tool}`) });
    log(`clinic ${tool} on a ${lines.toLocaleString('en')}-line run with ${threads} thread(s) → ${dest}`);
    const result = spawnSync(CLINIC, [tool, '--dest', dest, '--', process.execPath, MEASURE_ENTRY, 'engine', job], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NO_INSIGHT: '1' },
    });
    if (result.status !== 0) throw new Error(`clinic ${tool} failed (exit ${result.status ?? result.signal})`);
    const html = readdirSync(dest).filter((f) => f.endsWith('.html'));
    if (html.length === 0) throw new Error(`clinic ${tool} wrote no HTML report in ${dest}`);
    reports.push(...html.map((f) => join(dest, f)));
  }
  process.stdout.write(`reports:\n${reports.map((r) => `  ${r}`).join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
