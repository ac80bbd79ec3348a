import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import { HistoryError } from './history-error.js';
import { runRowsBetween, type RunRow } from './run-row.js';

/** The accounting days a listing covers, both ends included; an end left out is open. */
export interface RunRange {
  from?: DateYmd;
  to?: DateYmd;
}

/** The earliest and latest days a DateYmd can name (ymd.ts): an open end of a range. */
const FIRST_DAY = 10101 as DateYmd;
const LAST_DAY = 99991231 as DateYmd;

/**
 * `tpliq runs`: every run recorded on an accounting day of the range, oldest day first, from the
 * run rows alone, which purge keeps: the listing covers the whole history, detail purged or not.
 * A range without a run is TPLIQ_HISTORY_NOTHING, with what the ledger does hold.
 */
export function listRuns(db: SqlConnection, range: RunRange = {}): RunRow[] {
  const rows = runRowsBetween(db, range.from ?? FIRST_DAY, range.to ?? LAST_DAY);
  if (rows.length === 0) throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no run ${rangeText(range)}: ${ledgerSpanText(db)}`);
  return rows.map(({ id: _id, ...row }) => row);
}

function rangeText(range: RunRange): string {
  if (range.from !== undefined && range.to !== undefined) return `from ${formatIso(range.from)} to ${formatIso(range.to)}`;
  if (range.from !== undefined) return `from ${formatIso(range.from)} on`;
  if (range.to !== undefined) return `up to ${formatIso(range.to)}`;
  return 'in the ledger';
}

/** "the ledger holds 3 runs, from 2026-11-23 to 2026-11-25", or that it holds none. */
export function ledgerSpanText(db: SqlConnection): string {
  const span = db
    .prepare<[], { count: number; first: DateYmd | null; last: DateYmd | null }>('SELECT COUNT(*) AS count, MIN(accounting_date) AS first, MAX(accounting_date) AS last FROM runs')
    .get()!;
  if (span.count === 0 || span.first === null || span.last === null) return 'the ledger holds no run yet';
  return `the ledger holds ${span.count} run${span.count === 1 ? '' : 's'}, from ${formatIso(span.first)} to ${formatIso(span.last)}`;
}
