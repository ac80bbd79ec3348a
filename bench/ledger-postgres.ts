/**
 * `npm run bench:ledger-postgres` — the ledger floor (bench/baselines/ledger-floor.ts: a day's
 * invoices recorded with the engine's own ledger code, one transaction, nothing else) on SQLite
 * and on PostgreSQL, each in a process of its own, in alternating order over the rounds. By default
 * the 10 M-line day's shape: 6 207 233 invoices of which 5 951 232 paid, over 7 419 files.
 *
 * Needs a PostgreSQL server: `--postgres URL` (a database the user may create databases from), or
 * TPLIQ_TEST_POSTGRES_URL (`eval "$(bash scripts/postgres-for-tests.sh)"`). A fresh database is
 * created for each PostgreSQL round and dropped after. Writes bench/results/<name>.{json,md}.
 *
 *   node dist/bench/ledger-postgres.js [--invoices N] [--paid N] [--practitioners N] [--files N] [--rounds 1] [--postgres URL] [--name ledger-postgres]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase } from '../scripts/postgres-scratch-database.js';
import { optionText, wholeNumberOption } from './lib/bench-options.js';
import { BENCH_DATE, REPO_ROOT } from './lib/day-cache.js';
import { engineWorkDir, removeEngineWorkDirs } from './lib/engine-work-dirs.js';
import { runChild } from './lib/run-child.js';

interface Round {
  sqliteMs: number;
  postgresMs: number;
}

/** Runs `use` on a fresh database of the server, dropped after whatever happens. */
async function withDatabase<T>(serverUrl: string, name: string, use: (url: string) => Promise<T>): Promise<T> {
  const database = createScratchDatabase(serverUrl, name);
  try {
    return await use(database.url);
  } finally {
    database.drop();
  }
}

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);
  const serverUrl = optionText('--postgres') ?? process.env.TPLIQ_TEST_POSTGRES_URL;
  if (serverUrl === undefined) throw new Error('a PostgreSQL server is needed: --postgres URL or TPLIQ_TEST_POSTGRES_URL (eval "$(bash scripts/postgres-for-tests.sh)")');
  const day = {
    invoices: wholeNumberOption('--invoices', 6_207_233),
    paidCount: wholeNumberOption('--paid', 5_951_232),
    practitioners: wholeNumberOption('--practitioners', 20_000),
    files: wholeNumberOption('--files', 7_419),
    date: BENCH_DATE,
  };
  const rounds = wholeNumberOption('--rounds', 1);
  removeEngineWorkDirs();
  const sqlite = async (round: number): Promise<number> => {
    log(`round ${round + 1}: ledger floor on SQLite …`);
    return (await runChild({ job: 'ledger-floor', workDir: engineWorkDir(`pg-bench-sqlite-${round}`), ...day })).wallMs;
  };
  const postgres = (round: number): Promise<number> =>
    withDatabase(serverUrl, `tpliq_bench_${process.pid}_${round}`, async (ledgerUrl) => {
      log(`round ${round + 1}: ledger floor on PostgreSQL …`);
      return (await runChild({ job: 'ledger-floor', workDir: engineWorkDir(`pg-bench-postgres-${round}`), ...day, ledgerUrl })).wallMs;
    });
  const done: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const sqliteMs = await sqlite(round);
      done.push({ sqliteMs, postgresMs: await postgres(round) });
    } else {
      const postgresMs = await postgres(round);
      done.push({ sqliteMs: await sqlite(round), postgresMs });
    }
  }
  removeEngineWorkDirs();
  const text = [
    `${day.invoices.toLocaleString('en')} invoices (${day.paidCount.toLocaleString('en')} paid), ${day.practitioners.toLocaleString('en')} practitioners, ${day.files.toLocaleString('en')} files; one transaction each`,
    '',
    '| round | SQLite s | PostgreSQL s | PostgreSQL ÷ SQLite | PostgreSQL invoices/s |',
    '|---|---:|---:|---:|---:|',
    ...done.map((r, i) => `| ${i + 1} | ${(r.sqliteMs / 1000).toFixed(2)} | ${(r.postgresMs / 1000).toFixed(2)} | ${(r.postgresMs / r.sqliteMs).toFixed(2)} | ${Math.round(day.invoices / (r.postgresMs / 1000)).toLocaleString('en')} |`),
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = optionText('--name') ?? 'ledger-postgres';
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ day, rounds: done }, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), `# npm run bench:ledger-postgres\n\n${text}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
