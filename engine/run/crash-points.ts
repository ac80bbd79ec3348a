/**
 * Test hooks, read from the environment once: unset (as in every real run) they cost a comparison.
 *
 * Named points of a run where a test can make the process die as a power cut would
 * (TPLIQ_TEST_KILL_AT=name: SIGKILL, no cleanup, no flush). Crash consistency is proved by
 * killing a real `tpliq run` exactly between the steps whose order matters, then running it again
 * (test/run.crash-consistency.test.ts); random moments alone rarely land in a window of a few
 * milliseconds. Unset, a point costs one comparison per run. `mid-intake` falls after the third
 * task's decisions are committed: a clustered run's coordinator killed with batches still out. `purge-before-sweep` is
 * `ledger purge`'s: between its ledger commit and the archive sweep (test/ledger.retention.test.ts).
 */
export type CrashPoint = 'mid-intake' | 'mid-archive' | 'before-ledger-commit' | 'after-ledger-commit' | 'after-rename' | 'after-release' | 'purge-before-sweep';

const KILL_AT = process.env.TPLIQ_TEST_KILL_AT;

export function crashPoint(name: CrashPoint): void {
  if (KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}

/** Phases where a test can hold a run a moment (TPLIQ_TEST_HOLD_AT=name), to signal it there for sure. */
export type HoldPoint = 'intake' | 'returns' | 'ledger';

const HOLD_AT = process.env.TPLIQ_TEST_HOLD_AT;
/** Long enough for a test to see the phase's log line and send its signal, on a loaded machine. */
const HOLD_MS = 3_000;

/** Waits HOLD_MS at `name` when a test asks for it (the event loop turns meanwhile); at once otherwise. */
export function holdPoint(name: HoldPoint): Promise<void> | undefined {
  if (HOLD_AT !== name) return undefined;
  return new Promise((resolve) => setTimeout(resolve, HOLD_MS));
}
