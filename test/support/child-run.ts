import { spawn } from 'node:child_process';

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
}

/**
 * Runs a command to its end without holding the test worker's event loop. A synchronous spawn
 * would: vitest's worker then cannot read the main process's replies to its progress messages,
 * and a reply left unread for 60 s is reported as an unhandled "Timeout calling onTaskUpdate"
 * error that fails the suite though every test passed. Output is decoded as UTF-8 once the child
 * has ended, so a character split across two reads stays whole.
 */
export function runChild(command: string, args: readonly string[], options: ChildRunOptions = {}): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    let startError: Error | undefined;
    child.on('error', (error) => {
      startError = error;
      // Never started: no 'close' is owed. (A later resolve is ignored: a promise settles once.)
      if (child.pid === undefined) {
        clearTimeout(timer);
        resolve({ status: null, signal: null, stdout: '', stderr: '', error });
      }
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(startError === undefined ? {} : { error: startError }),
      });
    });
  });
}
