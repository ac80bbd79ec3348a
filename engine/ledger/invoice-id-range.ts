import type { SqlConnection } from './sql/sql-connection.js';

/**
 * A run's invoice rows, found by their ids (schema version 8) instead of an index on `run`.
 *
 * Why it holds: one writer at a time (SQLite's write lock, PostgreSQL's advisory lock) inserts all
 * of a run's invoices in one transaction, and ids are handed out in insertion order (SQLite's
 * rowid is one more than the largest, PostgreSQL's identity draws from a sequence). So the run's
 * rows are the ids above the largest one before it began, up to the largest at its commit.
 *
 * The range is an access path, not a definition: a query keeps `run = ?` beside it. SQLite may
 * give a purged run's highest ids again (its rejected rows deleted, nothing recorded after them),
 * so a later run's rows can fall inside an older run's range; the `run` column tells them apart.
 * A run with no invoice has NULL for both ends, which no id is BETWEEN.
 */
export interface InvoiceIdRange {
  first: number;
  last: number;
}

/** The largest invoice id so far (0 for none): taken inside the run's write transaction, before its first row. */
export function largestInvoiceId(db: SqlConnection): number {
  return Number(db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM invoices').pluck().get() ?? 0);
}

/**
 * The ids written since `largestBefore`, or undefined when none was. Two statements, not one: each
 * of min() and max() alone reads one end of the primary key; together SQLite would scan the range.
 */
export function invoiceIdsAfter(db: SqlConnection, largestBefore: number): InvoiceIdRange | undefined {
  const first = db.prepare<[number], number | null>('SELECT min(id) FROM invoices WHERE id > ?').pluck().get(largestBefore);
  if (first === null || first === undefined) return undefined;
  const last = db.prepare<[], number>('SELECT max(id) FROM invoices').pluck().get()!;
  return { first: Number(first), last: Number(last) };
}

/**
 * The join condition that picks the invoices of the runs in `runs` through their ranges.
 * Use as `FROM runs JOIN invoices ON ${INVOICES_OF_RUN}`.
 */
export const INVOICES_OF_RUN = 'invoices.id BETWEEN runs.first_invoice AND runs.last_invoice AND invoices.run = runs.id';
