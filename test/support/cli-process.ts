import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'vitest';

/** The installed command, as an operator runs it (the compiled CLI; `npm test` builds first). */
const CLI = resolve('dist/engine/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tpliq(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A generated day liquidated once: its inbox, and the outputs of a real run on it (NOEMIE, ARL,
 * pain.001, summary.json). No anomaly unless asked: a clean inbox is the baseline to break.
 */
export function liquidatedDay(dir: string, options: { lines?: number; seed?: number; anomalyRate?: number } = {}): { inbox: string; snapshot: string; out: string } {
  const day = resolve(dir, 'day');
  expect(tpliq('gen', '--out', day, '--lines', String(options.lines ?? 1500), '--seed', String(options.seed ?? 11), '--anomaly-rate', String(options.anomalyRate ?? 0)).code).toBe(0);
  const snapshot = resolve(dir, 'ref.snapshot');
  expect(tpliq('referential', 'compile', '--from', resolve(day, 'referential'), '--out', snapshot).code).toBe(0);
  const out = resolve(dir, 'out');
  const inbox = resolve(day, 'inbox');
  expect(runDay(inbox, snapshot, resolve(dir, 'data'), out).code).toBe(0);
  return { inbox, snapshot, out };
}

export function runDay(inbox: string, snapshot: string, data: string, out: string): CliResult {
  return tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', '2026-11-23', '--data', data, '--out', out, '--quiet');
}
