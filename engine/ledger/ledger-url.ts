/**
 * Where the ledger is: the SQLite file in the data folder, unless a PostgreSQL URL is given by
 * `--ledger` or the environment variable TPLIQ_LEDGER_URL. The CLI writes `--ledger` into the
 * environment, so that every part of a command (the run's ledger thread, a replay, a purge) opens
 * the same ledger without each being handed it; an explicit `url` option still wins.
 */
export const LEDGER_URL_VARIABLE = 'TPLIQ_LEDGER_URL';

/** The PostgreSQL ledger's URL, or undefined for the SQLite file of the data folder. */
export function ledgerUrl(explicit?: string): string | undefined {
  const url = explicit ?? process.env[LEDGER_URL_VARIABLE];
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}
