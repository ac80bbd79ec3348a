import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { centsToDecimalText } from '../../../codecs/sepa/amount-text.js';
import { runIdsBetween } from '../../history/archived-run.js';
import { HistoryError } from '../../history/history-error.js';
import { openLedgerForReading } from '../../history/ledger-for-queries.js';
import { replayRun, type ReplayReport } from '../../history/replay-run.js';
import { engineVersion } from '../engine-version.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { defaultThreads, parseDate, UsageError } from '../run-options.js';

export interface ReplayCliOptions {
  data: string;
  from?: string;
  to?: string;
  snapshot?: string;
  scratch?: string;
  threads?: string;
  json?: boolean;
}

/**
 * `tpliq replay RUN_ID` or `tpliq replay --from D --to D`: each run replayed from its archive into
 * a scratch folder and compared with what it committed. Exit 0 when every replay is identical (or
 * a what-if was written), 6 when one differs.
 */
export async function replayCommand(runId: string | undefined, options: ReplayCliOptions): Promise<ExitCode> {
  const runIds = runsToReplay(runId, options);
  const scratchRoot = resolve(options.scratch ?? mkdtempSync(join(tmpdir(), 'tpliq-replay-')));
  // A temporary root made above is empty: replay (one run) wants a folder it creates itself.
  if (options.scratch === undefined) rmdirSync(scratchRoot);
  const threads = options.threads === undefined ? defaultThreads() : Number(options.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads must be a positive whole number, got "${options.threads}"`);
  const single = runId !== undefined;
  const reports: Array<ReplayReport | NotReplayed> = [];
  for (const id of runIds) {
    const scratchDir = single ? scratchRoot : join(scratchRoot, id);
    let report: ReplayReport | NotReplayed;
    try {
      report = await replayRun({ dataDir: options.data, runId: id, scratchDir, threads, engineVersion: engineVersion(), ...(options.snapshot === undefined ? {} : { snapshotPath: options.snapshot }) });
    } catch (error) {
      // One run asked for: its error is the answer. Days in a range: each day says its own, and the others are still replayed.
      if (single || !(error instanceof HistoryError)) throw error;
      report = { runId: id, notReplayed: error.code, message: error.message };
    }
    reports.push(report);
    if (!options.json) process.stdout.write('notReplayed' in report ? `replay ${id}: not replayed, ${report.message}\n` : reportText(report));
  }
  if (options.json) process.stdout.write(JSON.stringify(single ? reports[0] : reports, null, 2) + '\n');
  return rangeExitCode(reports);
}

/** A day of a range that could not be replayed, and why. */
interface NotReplayed {
  runId: string;
  notReplayed: HistoryError['code'];
  message: string;
}

/**
 * 6 when a replay differs (or found its run's folder altered) or an archive failed its proof; 0
 * otherwise. Days that cannot be replayed by design (recorded before the archive, purged) are
 * said on their line and do not fail the range.
 */
function rangeExitCode(reports: ReadonlyArray<ReplayReport | NotReplayed>): ExitCode {
  const byDesign = new Set<string>(['TPLIQ_REPLAY_NOT_ARCHIVED', 'TPLIQ_REPLAY_RUN_PURGED']);
  const failed = reports.some((r) => ('notReplayed' in r ? !byDesign.has(r.notReplayed) : !(r.identical || r.mode === 'what-if') || r.recordedFolder.state === 'tampered'));
  return failed ? EXIT.REPLAY_DIFFERS : EXIT.OK;
}

function runsToReplay(runId: string | undefined, options: ReplayCliOptions): string[] {
  const range = options.from !== undefined || options.to !== undefined;
  if (runId !== undefined && range) throw new UsageError('give a run id or --from/--to, not both');
  if (runId !== undefined) return [runId];
  if (options.from === undefined || options.to === undefined) throw new UsageError('give a run id, or both --from and --to');
  const from = parseDate(options.from, '--from');
  const to = parseDate(options.to, '--to');
  if (to < from) throw new UsageError(`--to ${options.to} is before --from ${options.from}`);
  const db = openLedgerForReading(options.data);
  try {
    const ids = runIdsBetween(db, from, to);
    if (ids.length === 0) throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no run liquidated an accounting day from ${options.from} to ${options.to}`);
    return ids;
  } finally {
    db.close();
  }
}

const euros = (cents: number): string => `${centsToDecimalText(cents)} EUR`;

export function reportText(r: ReplayReport): string {
  const lines = [`replay ${r.runId} (accounting day ${r.accountingDate}, ${r.mode})`, `  outputs     ${r.outDir}`];
  if (r.mode === 'exact') {
    lines.push(r.identical ? `  identical   ${r.outputsCompared} output files, byte for byte` : `  DIFFERS     ${r.differences.length} of ${r.outputsCompared} output files`);
  } else {
    lines.push(`  what-if     ${r.whatIf?.snapshot === undefined ? '' : `snapshot ${r.whatIf.snapshot}; `}engine ${r.whatIf?.replayEngine ?? ''} (run recorded by ${r.whatIf?.recordedEngine ?? ''})`);
  }
  for (const d of r.mode === 'exact' ? r.differences : []) lines.push(`    ${d.path}: ${d.problem}`);
  const folder = r.recordedFolder;
  if (folder.state === 'absent') lines.push(`  run folder  ${folder.path ?? '(none recorded)'} is gone: the replay above stands for it`);
  for (const d of folder.tampered) lines.push(`  TPLIQ_OUTPUT_TAMPERED: ${folder.path}/${d.path} ${d.problem === 'content differs' ? 'differs from what the run committed' : d.problem}`);
  for (const c of r.decisionDifferences) {
    const side = (s: typeof c.recorded): string => (s === null ? 'absent' : `${s.status} ${euros(s.paidCents)}${s.motives === '' ? '' : ` ${s.motives}`}`);
    lines.push(`    invoice #${c.sequence} ${c.practitionerId}/${c.invoiceNumber} (${c.file}, lot ${c.lot}): recorded ${side(c.recorded)}; replayed ${side(c.replayed)}`);
  }
  const t = r.comparison;
  if (t !== undefined) {
    lines.push(`  decisions   ${t.invoicesChanged} of ${t.invoicesCompared} invoices changed (${t.paidToRejected} paid → rejected, ${t.rejectedToPaid} rejected → paid), paid ${euros(t.recordedPaidCents)} → ${euros(t.replayedPaidCents)} (delta ${euros(t.paidDeltaCents)})`);
    for (const [amc, tally] of Object.entries(t.byAmc).sort()) lines.push(`    AMC ${amc === '' ? '(none)' : amc}: ${tally.invoicesChanged} changed, delta ${euros(tally.paidDeltaCents)}`);
    if (r.comparisonFile !== undefined) lines.push(`  comparison  ${r.comparisonFile} (per invoice), comparison.json (per AMC and practitioner)`);
  }
  return lines.join('\n') + '\n';
}
