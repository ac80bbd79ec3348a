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

/**
 * Attempts at starting the worker pool (engine/pipeline/worker-start.ts) whose workers a test
 * makes hang as they load, never saying they are ready (TPLIQ_TEST_STALL_WORKER_START=1 or 1,2,3).
 */
const STALLED_STARTS = new Set((process.env.TPLIQ_TEST_STALL_WORKER_START ?? '').split(',').filter((s) => s !== '').map(Number));

export function workerStartStalls(attempt: number): boolean {
  return STALLED_STARTS.has(attempt);
}

/** The workers' start deadline, which a test shortens so that a stalled start is given up quickly (TPLIQ_TEST_WORKER_START_MS). */
export function workerStartDeadlineMs(defaultMs: number): number {
  return positiveMsOf(process.env.TPLIQ_TEST_WORKER_START_MS) ?? defaultMs;
}

/** A worker that hangs in its first task, as a test asks (TPLIQ_TEST_HANG_WORKER_TASK=1): the thread blocked, answering nothing. */
export function workerTaskHangs(): boolean {
  return process.env.TPLIQ_TEST_HANG_WORKER_TASK === '1';
}

/** How long tasks may go unanswered before the run stops, shortened by a test (TPLIQ_TEST_WORKER_STALL_MS). */
export function workerStallMs(defaultMs: number): number {
  return positiveMsOf(process.env.TPLIQ_TEST_WORKER_STALL_MS) ?? defaultMs;
}

function positiveMsOf(text: string | undefined): number | undefined {
  const asked = Number(text);
  return Number.isInteger(asked) && asked > 0 ? asked : undefined;
}
