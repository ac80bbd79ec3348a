/**
 * Named points of a run where a test can make the process die as a power cut would
 * (TPLIQ_TEST_KILL_AT=name: SIGKILL, no cleanup, no flush). Crash consistency is proved by
 * killing a real `tpliq run` exactly between the steps whose order matters, then running it again
 * (test/run.crash-consistency.test.ts); random moments alone rarely land in a window of a few
 * milliseconds. Unset, a point costs one comparison per run.
 */
export type CrashPoint = 'before-ledger-commit' | 'after-ledger-commit' | 'after-rename' | 'after-release';

const KILL_AT = process.env.TPLIQ_TEST_KILL_AT;

export function crashPoint(name: CrashPoint): void {
  if (KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}
