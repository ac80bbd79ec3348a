import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildArgs, ChildReport } from './child-protocol.js';
import { REPO_ROOT } from './day-cache.js';

/** Path of the compiled measured-job entry. */
export const MEASURE_ENTRY = join(REPO_ROOT, 'dist', 'bench', 'child', 'measure.js');

/**
 * Runs one job in a fresh Node process and returns its report. A fresh process per measure means
 * no JIT warm-up, page cache aside, carries from one contender to the next, and peak RSS is the
 * job's own. `nodeFlags` and `env` are what the process starts with (the engine job gets the
 * launchers' budgets, engine/cli/heap-budget.ts). The child's stderr is passed through (progress, errors).
 */
export function runChild(args: ChildArgs, nodeFlags: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<ChildReport> {
  const { job, ...rest } = args;
  return new Promise<ChildReport>((resolvePromise, reject) => {
    let report: ChildReport | undefined;
    // Arguments go over the IPC channel, not argv: a day's file list can exceed the argv limit (E2BIG).
    const child = fork(MEASURE_ENTRY, [job, '--args-over-ipc'], { execArgv: [...nodeFlags], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.send(rest);
    child.on('message', (m) => {
      report = m as ChildReport;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report && code === 0) resolvePromise(report);
      else reject(new Error(`bench job ${job} failed (exit ${code ?? signal})`));
    });
  });
}
