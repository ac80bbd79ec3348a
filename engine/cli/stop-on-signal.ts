import { rmSync } from 'node:fs';
import type pino from 'pino';
import type { RunPhase } from '../run/liquidation-run.js';
import { EXIT } from './exit-codes.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * SIGTERM (a scheduler's stop, a shutdown) or SIGINT (Ctrl-C) during a run. Until the ledger
 * phase nothing of the run is committed: the run stops at once, its staging folder removed, with
 * a `run.interrupted` event and exit 3; the ledger's open transaction dies with the process and
 * is rolled back by SQLite, and the data folder's lock is freed by the kernel. In the ledger phase
 * the commit and the release of the outputs are moments apart and must not be separated: the
 * signal is logged and the run finishes. A second signal is handled the same way (a kill -9 is
 * what stops a run whatever its phase; output-release.ts makes that safe too).
 * Returns the function that removes the handlers.
 */
export function stopCleanlyOnSignals(log: pino.Logger, staging: string, phaseOf: () => RunPhase | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    const phase = phaseOf();
    if (phase === 'ledger' || phase === 'done') {
      log.warn({ event: 'run.interrupt-deferred', signal, phase }, 'signal received while the run commits: it finishes first');
      return;
    }
    // Before the intake the run may not hold the data folder yet: its staging folder is then not its own to remove.
    if (phase !== undefined) rmSync(staging, { recursive: true, force: true });
    log.warn({ event: 'run.interrupted', signal, phase: phase ?? 'setup' }, 'run stopped by a signal: nothing was paid or recorded');
    log.error({ event: 'run.failed', code: 'TPLIQ_RUN_INTERRUPTED', exitCode: EXIT.RUN_ABORTED }, 'run failed');
    process.exit(EXIT.RUN_ABORTED);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
