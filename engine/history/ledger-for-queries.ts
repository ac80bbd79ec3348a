import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { LEDGER_FILE_NAME, openLedgerDatabase } from '../ledger/ledger.js';
import { HistoryError } from './history-error.js';
import { ledgerUrl } from '../ledger/ledger-url.js';

/**
 * A query reads each page about once (a listing, a scan of the invoices): the run's 128 MiB cache
 * only holds pages already read, beside a run that may be going. Measured on a ledger of 3.3 M
 * invoices (2-core machine, whole command): `explain` 1.7 → 0.85 s and 221 → 103 MB resident,
 * `transfers` of a day 3.3 → 1.8 s and 321 → 129 MB, with 16 MiB instead.
 */
const QUERY_PAGE_CACHE_KIB = 16_384;

/**
 * The ledger as the history queries (runs, explain, transfers) read it: an existing ledger only,
 * migrated if it is of an older schema, through a connection that refuses every write. No data
 * folder lock: under WAL a reader never blocks a run, and a run never blocks a reader, which sees
 * the ledger as of its last commit.
 */
export function readLedger<T>(dataDir: string, read: (db: SqlConnection) => T): T {
  const db = openLedgerForReading(dataDir);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The same connection, for a caller that holds it across awaits (replay); the caller closes it. */
export function openLedgerForReading(dataDir: string): SqlConnection {
  // Opening would otherwise create an empty ledger: a mistyped --data would then answer "nothing".
  // A PostgreSQL ledger is checked when opened (openLedgerDatabase).
  if (ledgerUrl() === undefined && !existsSync(join(dataDir, LEDGER_FILE_NAME))) {
    throw new HistoryError('TPLIQ_LEDGER_MISSING', `no ledger in ${resolve(dataDir)} (${LEDGER_FILE_NAME}): check --data`);
  }
  return openLedgerDatabase(dataDir, { readOnly: true, pageCacheKib: QUERY_PAGE_CACHE_KIB });
}
