import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LEDGER_FILE_NAME, openLedger } from '../../ledger/ledger.js';
import { DataFolderLock } from '../../ledger/data-folder-lock.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate, UsageError } from '../run-options.js';

export async function ledgerPurgeCommand(options: { data: string; before: string }): Promise<ExitCode> {
  const before = parseDate(options.before, '--before');
  const dataDir = resolve(options.data);
  // Opening would create an empty ledger: a mistyped --data would then "purge" nothing, silently.
  if (!existsSync(join(dataDir, LEDGER_FILE_NAME))) throw new UsageError(`TPLIQ_LEDGER_MISSING: no ledger in ${dataDir} (${LEDGER_FILE_NAME}): check --data`);
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
