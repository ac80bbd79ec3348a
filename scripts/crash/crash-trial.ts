import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LEDGER_FILE_NAME } from '../../engine/ledger/ledger.js';
import { hasStagingFolder } from '../../engine/history/input-archive.js';
import type { CrashPoint } from '../../engine/run/crash-points.js';
import { digestOutputFolder, outputDifferences } from '../../engine/run/output-digests.js';

/** The installed command, as an operator's scheduler runs it. */
export const CLI = resolve('dist/engine/cli/main.js');

export interface CliEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/** How to stop a run: at a named point (the run kills itself there), after some milliseconds, or not at all. */
export type Kill = { at: CrashPoint } | { afterMs: number } | null;

/** Runs `tpliq ARGS` as a child process, killed as `kill` says (SIGKILL: no cleanup, as a power cut). */
export function runCli(args: readonly string[], kill: Kill = null): Promise<CliEnd> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  if (kill !== null && 'at' in kill) env.TPLIQ_TEST_KILL_AT = kill.at;
  else delete env.TPLIQ_TEST_KILL_AT;
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = kill !== null && 'afterMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** What a ledger holds of the runs it recorded: enough to see an invoice or a transfer recorded twice. */
export interface LedgerCounts {
  runs: number;
  unreleasedRuns: number;
  invoices: number;
  paidInvoices: number;
  transfers: number;
  transferCents: number;
  /** Runs with their archive row, and archived inputs the ledger names that the archive lacks. */
  archivedRuns: number;
  archiveBlobsMissing: number;
}

export function ledgerCounts(dataDir: string): LedgerCounts {
  const db = new Database(join(dataDir, LEDGER_FILE_NAME), { readonly: true });
  try {
    const one = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0;
    return {
      runs: one('SELECT count(*) FROM runs'),
      unreleasedRuns: one('SELECT count(*) FROM runs WHERE released = 0'),
      invoices: one('SELECT count(*) FROM invoices'),
      paidInvoices: one("SELECT count(*) FROM invoices WHERE status = 'PAID'"),
      transfers: one('SELECT count(*) FROM transfers'),
      transferCents: one('SELECT sum(amount_cents) FROM transfers'),
      archivedRuns: one('SELECT count(*) FROM run_archives'),
      archiveBlobsMissing: (db.prepare('SELECT DISTINCT sha256 FROM run_input_blobs').pluck().all() as string[])
        .filter((sha) => !existsSync(join(dataDir, 'archive', 'sha256', sha.slice(0, 2), sha))).length,
    };
  } finally {
    db.close();
  }
}

/** The verdict on one killed run and its re-run, against an uninterrupted run of the same day. */
export interface TrialVerdict {
  /** How the killed process ended (a kill after the run finished ends it normally). */
  killed: boolean;
  rerunCode: number | null;
  /** Output files that differ from the uninterrupted run's (timings.json aside). */
  differences: string[];
  /** Ledger counts equal to the uninterrupted run's: nothing recorded twice, nothing lost. */
  ledgerSame: boolean;
  /** The killed run's staging left after the re-run: its output staging, or its folder of archive copies. */
  stagingLeft: boolean;
}

/**
 * Kills `tpliq run ARGS(data, out)` as `kill` says, runs the same command again, and compares
 * the outputs and the ledger with the uninterrupted run's.
 */
export async function crashTrial(
  argsOf: (dataDir: string, outDir: string) => string[],
  reference: { outDir: string; counts: LedgerCounts },
  trialDir: string,
  kill: Kill,
): Promise<TrialVerdict> {
  const dataDir = join(trialDir, 'data');
  const outDir = join(trialDir, 'out');
  const first = await runCli(argsOf(dataDir, outDir), kill);
  const rerun = await runCli(argsOf(dataDir, outDir));
  const differences = rerun.code === 0 && existsSync(outDir)
    ? outputDifferences(digestOutputFolder(reference.outDir), digestOutputFolder(outDir))
    : ['(no output folder)'];
  const counts = existsSync(join(dataDir, LEDGER_FILE_NAME)) ? ledgerCounts(dataDir) : undefined;
  return {
    killed: first.signal === 'SIGKILL',
    rerunCode: rerun.code,
    differences,
    ledgerSame: counts !== undefined && JSON.stringify(counts) === JSON.stringify(reference.counts),
    stagingLeft: existsSync(`${outDir}.staging`) || hasStagingFolder(dataDir),
  };
}
