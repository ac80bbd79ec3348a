import { resolve } from 'node:path';
import { generateDay } from '../../../scripts/generate/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { UsageError } from '../run-options.js';

export interface GenCliOptions {
  out: string;
  lines: string;
  seed: string;
  date: string;
  anomalyRate: string;
}

export function numberOption(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`${what} must be a number, got "${text}"`);
  return n;
}

export async function genCommand(o: GenCliOptions): Promise<ExitCode> {
  const started = performance.now();
  const summary = await generateDay({
    outDir: resolve(o.out),
    seed: numberOption(o.seed, '--seed'),
    targetLines: numberOption(o.lines, '--lines'),
    accountingDate: o.date,
    anomalyRate: numberOption(o.anomalyRate, '--anomaly-rate'),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`generated into ${resolve(o.out)} in ${seconds.toFixed(1)} s\n${JSON.stringify(summary, null, 2)}\n`);
  return EXIT.OK;
}
