import { readFileSync } from 'node:fs';
import { validateArl } from '../../../codecs/arl/arl-reader.js';
import { formatCodecError } from '../../../codecs/fixed-width/codec-error.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { inspectFile } from '../inspect-file.js';

export async function inspectCommand(file: string, options: { json: boolean; showNir: boolean }): Promise<ExitCode> {
  process.stdout.write(inspectFile(file, options.json, { showNir: options.showNir }) + '\n');
  return EXIT.OK;
}

export async function validateCommand(file: string): Promise<ExitCode> {
  const problems = validateArl(readFileSync(file, 'latin1'), { file });
  if (problems.length === 0) {
    process.stdout.write(`${file}: valid ARL\n`);
    return EXIT.OK;
  }
  for (const p of problems) process.stdout.write(`${formatCodecError(p)}\n`);
  return EXIT.INVALID_FILE;
}
