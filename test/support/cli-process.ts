import { resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { openLedgerDatabase } from '../../engine/ledger/ledger.js';
import type { SqlConnection } from '../../engine/ledger/sql/sql-connection.js';
import { runChild } from './child-run.js';
import { freshPostgresDatabase, TEST_LEDGER_BACKEND } from './ledger-backend.js';

/** The installed command, as an operator runs it (the compiled CLI; `npm test` builds first). */
const CLI = resolve('dist/engine/cli/main.js');

/**
 * Longer than any command of the suite takes on CI (about a minute at most), shorter than the
 * suite's hook and test timeouts: a command that hangs fails its test with where it stood.
 */
const COMMAND_TIMEOUT_MS = 300_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `tpliq ARGS` as a child process. On the suite's PostgreSQL project (ledger-backend.ts) a command
 * given `--data DIR` gets the PostgreSQL database standing for that folder's ledger, through
 * TPLIQ_LEDGER_URL, as an operator's environment would give it: the same CLI tests then run on
 * both ledgers.
 */
export function tpliq(...args: string[]): Promise<CliResult> {
  return tpliqWithEnv({}, ...args);
}

/** `tpliq ARGS` with these variables added to its environment (a test hook's, say). */
export async function tpliqWithEnv(extraEnv: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
  const data = args.indexOf('--data');
  const url = data === -1 ? undefined : ledgerUrlOfDataDir(args[data + 1]!);
  const env = { ...process.env, CI: 'true', ...extraEnv, ...(url === undefined ? {} : { TPLIQ_LEDGER_URL: url }) };
  const r = await runChild(process.execPath, [CLI, ...args], { env, timeoutMs: COMMAND_TIMEOUT_MS, reportOnTimeout: true });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const databaseOfDataDir = new Map<string, ReturnType<typeof freshPostgresDatabase>>();
if (TEST_LEDGER_BACKEND === 'postgres') {
  afterAll(() => {
    for (const database of databaseOfDataDir.values()) database.drop();
    databaseOfDataDir.clear();
  });
}

/** On the PostgreSQL project, the database standing for a data folder's ledger (made on first use); undefined on SQLite. */
export function ledgerUrlOfDataDir(dataDir: string): string | undefined {
  if (TEST_LEDGER_BACKEND !== 'postgres') return undefined;
  const key = resolve(dataDir);
  let database = databaseOfDataDir.get(key);
  if (database === undefined) {
    database = freshPostgresDatabase();
    databaseOfDataDir.set(key, database);
  }
  return database.url;
}

/**
 * `act()` with the environment an operator would give a command on that data folder: on the
 * PostgreSQL project, TPLIQ_LEDGER_URL names its database (for engine calls made in the test's own
 * process, which find the ledger as the CLI does).
 */
export function withLedgerOf<T>(dataDir: string, act: () => T): T {
  const url = ledgerUrlOfDataDir(dataDir);
  if (url === undefined) return act();
  const before = process.env.TPLIQ_LEDGER_URL;
  process.env.TPLIQ_LEDGER_URL = url;
  try {
    return act();
  } finally {
    if (before === undefined) delete process.env.TPLIQ_LEDGER_URL;
    else process.env.TPLIQ_LEDGER_URL = before;
  }
}

/** The ledger of a data folder the CLI wrote, read-only, on the suite's backend: what a test looks into. */
export function ledgerSqlOf(dataDir: string): SqlConnection {
  return openLedgerDatabase(dataDir, { url: ledgerUrlOfDataDir(dataDir), readOnly: true });
}

/**
 * A generated day liquidated once: its inbox, and the outputs of a real run on it (NOEMIE, ARL,
 * pain.001, summary.json). No anomaly unless asked: a clean inbox is the baseline to break.
 */
export async function liquidatedDay(dir: string, options: { lines?: number; seed?: number; anomalyRate?: number } = {}): Promise<{ inbox: string; snapshot: string; out: string }> {
  const day = resolve(dir, 'day');
  expect((await tpliq('gen', '--out', day, '--lines', String(options.lines ?? 1500), '--seed', String(options.seed ?? 11), '--anomaly-rate', String(options.anomalyRate ?? 0))).code).toBe(0);
  const snapshot = resolve(dir, 'ref.snapshot');
  expect((await tpliq('referential', 'compile', '--from', resolve(day, 'referential'), '--out', snapshot)).code).toBe(0);
  const out = resolve(dir, 'out');
  const inbox = resolve(day, 'inbox');
  expect((await runDay(inbox, snapshot, resolve(dir, 'data'), out)).code).toBe(0);
  return { inbox, snapshot, out };
}

export function runDay(inbox: string, snapshot: string, data: string, out: string): Promise<CliResult> {
  return tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', '2026-11-23', '--data', data, '--out', out, '--quiet');
}
