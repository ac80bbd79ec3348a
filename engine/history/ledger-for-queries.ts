import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LEDGER_FILE_NAME, openLedgerDatabase } from '../ledger/ledger.js';
import { HistoryError } from './history-error.js';

/**
 * The ledger as the history queries (runs, explain, transfers) read it: an existing ledger only,
 * migrated if it is of an older schema, through a connection that refuses every write. No data
 * folder lock: under WAL a reader never blocks a run, and a run never blocks a reader, which sees
 * the ledger as of its last commit.
 */
export function readLedger<T>(dataDir: string, read: (db: Database.Database) => T): T {
  // Opening would otherwise create an empty ledger: a mistyped --data would then answer "nothing".
  if (!existsSync(join(dataDir, LEDGER_FILE_NAME))) {
    throw new HistoryError('TPLIQ_LEDGER_MISSING', `no ledger in ${dataDir} (${LEDGER_FILE_NAME}): check --data`);
  }
  const db = openLedgerDatabase(dataDir, { readOnly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
