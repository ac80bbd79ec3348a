import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatIso } from '../calendar/ymd.js';
import { openLedger } from '../ledger/ledger.js';
import type { UnreleasedRun } from '../ledger/run-record.js';
import type { RunSummary } from '../settle/summary.js';
import { checkOutputs, releaseCommittedOutputs } from './output-release.js';
import { RunAborted } from './run-liquidation-errors.js';
import type { RunParameters } from './run-parameters.js';
import type { RunResult } from './run-result.js';

/**
 * What earlier runs left: a run committed but not released is finished first (output-release.ts);
 * if that run was this accounting day's, it is the answer (the invocation that re-runs a killed
 * night gets the night's outputs), and so is the day's run into this same output folder. A day
 * already liquidated otherwise is refused.
 */
export function settleEarlierRuns(params: RunParameters): UnreleasedRun | undefined {
  const ledger = openLedger(params.dataDir);
  try {
    const sameDay = releaseCommittedOutputs(ledger).find((run) => run.accountingDate === params.accountingDate);
    if (sameDay) return sameDay;
    const earlierRun = ledger.runOnAccountingDate(params.accountingDate);
    // A purged run's output digests are gone (retention): its folder can no longer be proved to
    // hold what it committed, so the same command again is answered as any other day liquidated.
    if (earlierRun && !earlierRun.purged && earlierRun.outDir === resolve(params.outDir) && existsSync(earlierRun.outDir)) {
      // The same command again (a scheduler's retry after the process died once its work was
      // done): the answer is that run, once its folder is proved to hold what it committed.
      const done = { runId: earlierRun.runId, accountingDate: params.accountingDate, outDir: earlierRun.outDir, outputs: ledger.runOutputs(earlierRun.runId) };
      checkOutputs(done, done.outDir);
      return done;
    }
    if (earlierRun) {
      throw new RunAborted(
        'TPLIQ_ACCOUNTING_DAY_LIQUIDATED',
        `accounting day ${formatIso(params.accountingDate)} was already liquidated by run ${earlierRun.runId}${earlierRun.purged ? ' (its control data since purged)' : ''}: its transfers went out, one per practitioner; liquidate these files on a later accounting day (--date)`,
      );
    }
    return undefined;
  } finally {
    ledger.close();
  }
}

/** The result of the day's run done by an earlier invocation, read back from its own summary. */
export function completedRunResult(run: UnreleasedRun): RunResult {
  const summary = JSON.parse(readFileSync(join(run.outDir, 'summary.json'), 'utf8')) as RunSummary & { inputs?: { files?: Array<{ sizeBytes: number }>; errors?: unknown[]; rejected?: unknown[]; manifest?: unknown[] } };
  const inputFiles = summary.inputs?.files ?? [];
  return {
    runId: run.runId, outDir: run.outDir, summary, violations: summary.invariants.violations, timingsMs: {},
    files: inputFiles.length, bytesRead: inputFiles.reduce((total, f) => total + f.sizeBytes, 0), invoices: summary.invoices.count,
    auditMismatches: 0, fileErrors: summary.inputs?.errors?.length ?? 0, earlierInvocation: true,
    rejectedEntries: summary.inputs?.rejected?.length ?? 0, manifestProblems: summary.inputs?.manifest?.length ?? 0,
  };
}
