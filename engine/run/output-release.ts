import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Ledger } from '../ledger/ledger.js';
import type { UnreleasedRun } from '../ledger/run-record.js';
import { crashPoint } from './crash-points.js';
import { digestOutputFolder, outputDifferences, UNDIGESTED_ENTRIES } from './output-digests.js';
import { RunAborted } from './run-liquidation-errors.js';

/** How many differing paths an error names: enough to act on, short enough for one log line. */
const DIFFERENCES_NAMED_MAX = 5;

/**
 * A run's outputs wait in `<out>.staging` until its ledger transaction commits, then are renamed
 * to `<out>`, then the run is marked released. A process that dies between the commit and that
 * mark leaves a day recorded as paid whose payment file and returns the operator does not have.
 * The next invocation on the data folder (under its lock) finishes the job before anything else:
 * the staged folder, checked file by file against the digests committed with the run, is renamed
 * into place; a folder already renamed is checked the same way. Nothing is regenerated or
 * guessed: a folder that does not hold exactly what was committed is named with its differences,
 * and the run stops (exit 3) rather than release something else.
 */
export function releaseCommittedOutputs(ledger: Ledger): UnreleasedRun[] {
  const released: UnreleasedRun[] = [];
  for (const run of ledger.unreleasedRuns()) {
    const staging = `${run.outDir}.staging`;
    if (existsSync(staging)) {
      if (existsSync(run.outDir)) {
        throw new RunAborted('TPLIQ_RUN_RELEASE_BLOCKED', `run ${run.runId} committed its outputs in ${staging}, but ${run.outDir} exists: move it away and run again to release them`);
      }
      // The run's scratch (spool, key files) is not an output; it may still be there.
      for (const scratch of UNDIGESTED_ENTRIES) rmSync(`${staging}/${scratch}`, { recursive: true, force: true });
      checkOutputs(run, staging);
      renameSync(staging, run.outDir);
      crashPoint('after-rename');
    } else if (existsSync(run.outDir)) {
      checkOutputs(run, run.outDir);
    } else {
      throw new RunAborted('TPLIQ_RUN_OUTPUTS_LOST', `run ${run.runId} (accounting day ${run.accountingDate}) is committed in the ledger but neither ${run.outDir} nor ${staging} exists: restore that folder from backup`);
    }
    ledger.markReleased(run.runId);
    released.push(run);
  }
  return released;
}

/** Throws TPLIQ_RUN_OUTPUTS_DIFFER unless `folder` holds exactly the run's committed outputs. */
export function checkOutputs(run: UnreleasedRun, folder: string): void {
  const differences = outputDifferences(run.outputs, digestOutputFolder(folder));
  if (differences.length === 0) return;
  const named = differences.slice(0, DIFFERENCES_NAMED_MAX).join(', ');
  const more = differences.length > DIFFERENCES_NAMED_MAX ? ` and ${differences.length - DIFFERENCES_NAMED_MAX} more` : '';
  throw new RunAborted('TPLIQ_RUN_OUTPUTS_DIFFER', `run ${run.runId}: ${folder} does not hold the outputs committed with the run: ${named}${more}`);
}
