import { resolve } from 'node:path';
import { writeSnapshot } from '../../referential/compile-snapshot.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function referentialCompileCommand(options: { from: string; out: string }): Promise<ExitCode> {
  const { snapshotId, byteLength } = await writeSnapshot(resolve(options.from), resolve(options.out));
  process.stdout.write(`snapshot ${snapshotId} (${byteLength} bytes) written to ${resolve(options.out)}\n`);
  return EXIT.OK;
}
