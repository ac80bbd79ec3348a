import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed command as an operator runs it: the compiled CLI in a child process, so that the
 * exit code, a crash of a worker thread or a hang are seen for what they are — an in-process call
 * would share the test's event loop and hide all three.
 */
export interface TpliqExit {
  /** The exit code; null when the process was killed (time limit) or died on a signal. */
  code: number | null;
  timedOut: boolean;
  signal: string | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** The project root (the folder with package.json), from sources (fuzz/) or from dist/fuzz/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the fuzz harness');
    dir = up;
  }
  return dir;
}

export const CLI_PATH = join(projectRoot(), 'dist', 'engine', 'cli', 'main.js');

/** `inspect --json` of a big return prints megabytes; more than this is a finding in itself. */
const OUTPUT_BYTES_MAX = 64 * 1024 * 1024;

export function runTpliq(args: readonly string[], timeoutMs: number): TpliqExit {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    // A hung run may hold worker threads: SIGKILL ends them with the process.
    killSignal: 'SIGKILL',
    maxBuffer: OUTPUT_BYTES_MAX,
    // CI=true: no progress bar on stderr, only the JSON log lines.
    env: { ...process.env, CI: 'true' },
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, timedOut, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', elapsedMs: Math.round(performance.now() - started) };
}
