import { spawn } from 'node:child_process';
import { hangReportFolder } from './hang-report.js';

/** What a child process left once it ended. */
export interface ChildRun {
  /** Its exit code; null when a signal ended it. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the child could not be started (command not found…). */
  error?: Error;
}

export interface ChildRunOptions {
  env?: NodeJS.ProcessEnv;
  /** Killed with SIGKILL after this long; its `signal` then says so. */
  timeoutMs?: number;
  /**
   * The command is a Node script (`command` is node): on timeout it is first asked for its
   * diagnostic report, which is summed up at the end of `stderr`, then killed.
   */
  reportOnTimeout?: boolean;
}

/** How long a child asked for its report is given to write it before it is killed. */
const REPORT_GRACE_MS = 5_000;
/** Once the report's file is there, how long it is given to be complete (a report takes a few ms). */
const REPORT_SETTLE_MS = 300;

/**
 * Runs a command to its end without holding the test worker's event loop. A synchronous spawn
 * would: vitest's worker then cannot read the main process's replies to its progress messages,
 * and a reply left unread for 60 s is reported as an unhandled "Timeout calling onTaskUpdate"
 * error that fails the suite though every test passed. Output is decoded as UTF-8 once the child
 * has ended, so a character split across two reads stays whole.
 */
export function runChild(command: string, args: readonly string[], options: ChildRunOptions = {}): Promise<ChildRun> {
  const reports = options.reportOnTimeout === true ? hangReportFolder() : undefined;
  const commandArgs = reports === undefined ? args : [...reports.nodeFlags, ...args];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timeOut = (): void => {
      timedOut = true;
      if (reports === undefined) {
        child.kill('SIGKILL');
        return;
      }
      child.kill('SIGUSR2');
      const askedAt = Date.now();
      const killOnceWritten = (): void => {
        if (reports.written() || Date.now() - askedAt >= REPORT_GRACE_MS) graceTimer = setTimeout(() => child.kill('SIGKILL'), REPORT_SETTLE_MS);
        else graceTimer = setTimeout(killOnceWritten, 100);
      };
      killOnceWritten();
    };
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(timeOut, options.timeoutMs);
    let startError: Error | undefined;
    child.on('error', (error) => {
      startError = error;
      // Never started: no 'close' is owed. (A later resolve is ignored: a promise settles once.)
      if (child.pid === undefined) {
        clearTimeout(timer);
        reports?.collect();
        resolve({ status: null, signal: null, stdout: '', stderr: '', error });
      }
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      const report = reports?.collect() ?? '';
      const hang = timedOut ? `\n[killed: still running after ${options.timeoutMs} ms]\n${report}` : '';
      resolve({
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + hang,
        ...(startError === undefined ? {} : { error: startError }),
      });
    });
  });
}
