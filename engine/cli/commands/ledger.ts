import { resolve } from 'node:path';
import { openLedger } from '../../ledger/ledger.js';
import { DataFolderLock } from '../../ledger/data-folder-lock.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate } from '../run-options.js';

export async function ledgerPurgeCommand(options: { data: string; before: string }): Promise<ExitCode> {
  const before = parseDate(options.before, '--before');
  const dataDir = resolve(options.data);
  const lock = DataFolderLock.acquire(dataDir, { command: 'ledger purge' });
  try {
    const ledger = openLedger(dataDir);
    try {
      const counts = ledger.purge(before);
      process.stdout.write(`purged before ${options.before}: ${JSON.stringify(counts)}\n`);
    } finally {
      ledger.close();
    }
  } finally {
    lock.release();
  }
  return EXIT.OK;
}
