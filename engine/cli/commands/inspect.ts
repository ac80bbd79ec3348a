import { EXIT, type ExitCode } from '../exit-codes.js';
import { inspectFile } from '../inspect-file.js';

export interface InspectCommandOptions {
  json: boolean;
  showNir: boolean;
  summary: boolean;
  lot?: string;
  invoice?: string;
}

export async function inspectCommand(file: string, options: InspectCommandOptions): Promise<ExitCode> {
  const selection = { ...(options.lot === undefined ? {} : { lot: options.lot }), ...(options.invoice === undefined ? {} : { invoice: options.invoice }) };
  process.stdout.write((await inspectFile(file, options.json, { showNir: options.showNir, summary: options.summary, selection })) + '\n');
  return EXIT.OK;
}
