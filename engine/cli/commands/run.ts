import { availableParallelism } from 'node:os';
import { centsToDecimalText } from '../../../codecs/sepa/amount-text.js';
import { scanInbox } from '../../run/inbox.js';
import { runLiquidation, type RunResult } from '../../run/liquidation-run.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { createLogger } from '../logger.js';
import { RunReporter } from '../run-reporter.js';
import { checkRunPaths } from '../path-errors.js';
import { stopCleanlyOnSignals } from '../stop-on-signal.js';
import { runParametersOf, type RunCliOptions } from '../run-options.js';
import type { RunParameters } from '../../run/run-parameters.js';

export async function runCommand(options: RunCliOptions & ReportingOptions): Promise<ExitCode> {
  const params = runParametersOf(options);
  checkRunPaths({ snapshot: params.snapshotPath, data: params.dataDir, out: params.outDir });
  const result = await liquidateWithProgress(params, options);
  if (!options.quiet) process.stdout.write(resultText(result));
  return EXIT.OK;
}

/** How much a run says while it goes (`--log-level`, `--quiet`). */
export interface ReportingOptions {
  logLevel?: string;
  quiet?: boolean;
}

/**
 * Runs with a progress bar on a terminal or heartbeat logs in batch mode, start / end JSON log
 * lines, and a clean stop on SIGTERM / SIGINT (stop-on-signal.ts).
 */
export async function liquidateWithProgress(params: RunParameters, reporting: ReportingOptions = {}): Promise<RunResult> {
  // On a terminal the bar and the result text say what the info lines would: JSON there is for warnings.
  const terminal = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  const log = createLogger(reporting.logLevel ?? (reporting.quiet || terminal ? 'warn' : undefined));
  const totalBytes = inboxBytes(params.inboxDir, params.followSymlinks);
  log.info({ event: 'run.start', inbox: params.inboxDir, accountingDate: params.accountingDate, threads: params.threads, inboxBytes: totalBytes }, 'liquidation started');
  if (params.threads > availableParallelism()) {
    log.warn({ event: 'run.threads-above-cores', threads: params.threads, cores: availableParallelism() }, 'more worker threads than cores: they will share them, which only adds contention');
  }
  const reporter = new RunReporter(log, totalBytes, { quiet: reporting.quiet ?? false });
  const removeHandlers = stopCleanlyOnSignals(log, `${params.outDir}.staging`, () => reporter.currentPhase);
  let result: RunResult;
  try {
    result = await runLiquidation(params, reporter.observer);
  } catch (error) {
    reporter.done();
    throw error;
  } finally {
    removeHandlers();
  }
  reporter.done();
  const s = result.summary;
  log.info({
    event: 'run.end', runId: result.runId, invoices: s.invoices.count, paid: s.invoices.paid.count, paidCents: s.invoices.paid.paidCents,
    rejected: s.invoices.rejected.count, transfers: s.transfers.count, slaBreaches: s.sla.breachCount, fileErrors: result.fileErrors, rejectedEntries: result.rejectedEntries, manifestProblems: result.manifestProblems, timingsMs: result.timingsMs,
  }, 'liquidation finished');
  return result;
}

/**
 * Bytes the run will read, for the progress bar: the files the listing takes, sized as it sizes
 * them (lstat, links only when followed), so that nothing is counted that will not be read and no
 * FIFO or link loop is ever touched. Throws InboxUnavailable when the inbox itself is unusable.
 */
function inboxBytes(dir: string, followSymlinks: boolean): number {
  let total = 0;
  for (const entry of scanInbox(dir, followSymlinks)) if ('sizeBytes' in entry) total += entry.sizeBytes;
  return total;
}

const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

// Integer cents to text, never through a binary float.
const euros = (cents: number): string => `${centsToDecimalText(cents)} EUR`;

export function resultText(r: RunResult): string {
  const s = r.summary;
  const seconds = (r.timingsMs.total ?? 0) / 1000;
  const motives = Object.entries(s.motives)
    .sort((a, b) => b[1].count - a[1].count)
    .map(([code, m]) => `    ${code.padEnd(24)} ${String(m.count).padStart(8)}  ${m.label}`);
  return [
    `run ${r.runId}`,
    ...(r.earlierInvocation ? ['  earlier     this day was liquidated by an earlier invocation into this folder: its outputs are in place, checked against the ledger; nothing else was done'] : []),
    `  output      ${r.outDir}`,
    `  invoices    ${s.invoices.count} (${euros(s.invoices.claimedCents)} claimed) in ${r.files} files, ${(r.bytesRead / 1048576).toFixed(1)} MiB`,
    `  paid        ${s.invoices.paid.count}  ${euros(s.invoices.paid.paidCents)}`,
    `  rejected    ${s.invoices.rejected.count}  ${euros(s.invoices.rejected.claimedCents)}`,
    `  transfers   ${s.transfers.count}  ${euros(s.transfers.totalCents)}`,
    `  SLA late    ${s.sla.breachCount}`,
    `  invariants  ${s.invariants.ok ? 'ok' : 'BROKEN'}`,
    ...(r.fileErrors > 0 ? [`  file errors ${r.fileErrors} (files, lines and codes in summary.json, inputs.errors)`] : []),
    ...(r.rejectedEntries > 0 ? [`  not taken   ${counted(r.rejectedEntries, 'inbox entry', 'inbox entries')} (names and codes in summary.json, inputs.rejected)`] : []),
    ...(r.manifestProblems > 0 ? [`  manifest    ${counted(r.manifestProblems, 'problem', 'problems')}, files it cannot date dated by their mtime (summary.json, inputs.manifest)`] : []),
    `  time        ${seconds.toFixed(1)} s (${seconds > 0 ? Math.round(s.invoices.count / seconds) : 0} invoices/s)`,
    '  motives',
    ...motives,
    '',
  ].join('\n');
}
