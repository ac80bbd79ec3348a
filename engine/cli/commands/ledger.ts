import { resolve } from 'node:path';
import { openLedger } from '../../ledger/ledger.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate } from '../run-options.js';

export async function ledgerPurgeCommand(options: { data: string; before: string }): Promise<ExitCode> {
  const before = parseDate(options.before, '--before');
  const ledger = openLedger(resolve(options.data));
  try {
    const counts = ledger.purge(before);
    process.stdout.write(`purged before ${options.before}: ${JSON.stringify(counts)}\n`);
  } finally {
    ledger.close();
  }
  return EXIT.OK;
}
