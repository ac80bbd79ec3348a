import { resolve } from 'node:path';
import { generateDay, type GenerateOptions } from '../../../scripts/generate/index.js';
import { resolveOptions } from '../../../scripts/generate/options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate, UsageError } from '../run-options.js';
import { formatIso } from '../../calendar/ymd.js';

export interface GenCliOptions {
  out: string;
  lines: string;
  seed: string;
  date: string;
  anomalyRate: string;
}

export function numberOption(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${what} must be a number, got "${text}"`);
  return n;
}

/** A count the generator makes (lines, a seed): a whole number from `min` up. */
export function wholeNumberOption(text: string, what: string, min: number): number {
  const n = numberOption(text, what);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${what} must be a whole number from ${min}, got "${text}"`);
  return n;
}

/** A share between 0 and 1 (the anomaly rate). */
export function shareOption(text: string, what: string): number {
  const n = numberOption(text, what);
  if (n < 0 || n > 1) throw new UsageError(`${what} must be between 0 and 1, got "${text}"`);
  return n;
}

/** The generator's options, checked up front: its bounds (lines, rates) are the operator's to respect, exit 2. */
export function checkedGenerateOptions(options: GenerateOptions): GenerateOptions {
  try {
    resolveOptions(options);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  return options;
}

export async function genCommand(o: GenCliOptions): Promise<ExitCode> {
  const started = performance.now();
  const summary = await generateDay(checkedGenerateOptions({
    outDir: resolve(o.out),
    seed: wholeNumberOption(o.seed, '--seed', 0),
    targetLines: wholeNumberOption(o.lines, '--lines', 1),
    accountingDate: formatIso(parseDate(o.date, '--date')),
    anomalyRate: shareOption(o.anomalyRate, '--anomaly-rate'),
  }));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`generated into ${resolve(o.out)} in ${seconds.toFixed(1)} s\n${JSON.stringify(summary, null, 2)}\n`);
  return EXIT.OK;
}
