import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LEDGER_FILE_NAME, openLedger } from '../ledger/ledger.js';
import { HistoryError } from './history-error.js';

/**
 * The ledger of a data folder, for the history commands to read. Never creates one: a mistyped
 * --data would otherwise answer "no runs" from a new empty ledger. A ledger of an older schema is
 * migrated first (the engine moves ledgers forward, it does not refuse them), then read through a
 * read-only connection, so a history command can never write a row.
 */
export function openLedgerForReading(dataDir: string): Database.Database {
  const path = join(resolve(dataDir), LEDGER_FILE_NAME);
  if (!existsSync(path)) throw new HistoryError('TPLIQ_LEDGER_MISSING', `no ledger in ${resolve(dataDir)} (${LEDGER_FILE_NAME}): check --data`);
  openLedger(dataDir).close();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}
