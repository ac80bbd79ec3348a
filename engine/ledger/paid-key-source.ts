import type { SqlConnection } from './sql/sql-connection.js';

/** A recorded run as the paid-key filter names the last one it holds: its row id and its run id. */
export interface RunMark {
  rowId: number;
  runId: string;
}

/**
 * What the run's filter of paid keys (run/paid-key-filter.ts) reads from the ledger to hold every
 * key the ledger's duplicate lookups could find: the exact keys (practitioner, invoice number) of
 * the PAID rows and their functional keys (the INTEGER column, as two 32-bit halves).
 *
 * Runs are never deleted (purge keeps their row and their PAID invoices) and their row ids grow
 * with each commit, so "every run up to row id R" names a set of paid keys that only grows.
 */
export interface PaidKeySource {
  ledgerId(): string;
  lastRun(): RunMark | undefined;
  /** The run id of the run at this row id, to tell a ledger restored from an older copy. */
  runIdAt(rowId: number): string | undefined;
  /** Keys written before schema version 2 are text the filter does not hold (functional-key-column.ts). */
  hasTextFunctionalKeys(): boolean;
  /** The invoices the runs after `afterRowId`, up to `throughRowId`, paid: a bound on the keys they add. */
  paidCount(afterRowId: number, throughRowId: number): number;
  /** Every paid key of the runs after `afterRowId`, up to `throughRowId` (0: from the first run). */
  forEachPaidKey(
    afterRowId: number,
    throughRowId: number,
    onExact: (practitionerId: string, invoiceNumber: string) => void,
    onFunctional: (hi: number, lo: number) => void,
  ): void;
}

type KeyRow = [practitionerId: string, invoiceNumber: string, hi: number | null, lo: number | null];

/** The ledger's answers the source repeats as they are (SqlLedger asks them its own way). */
export interface PaidKeyLedgerFacts {
  ledgerId: string;
  hasTextFunctionalKeys: boolean;
}

export class SqlPaidKeySource implements PaidKeySource {
  constructor(private readonly db: SqlConnection, private readonly facts: PaidKeyLedgerFacts) {}

  ledgerId(): string {
    return this.facts.ledgerId;
  }

  lastRun(): RunMark | undefined {
    return this.db.prepare<[], RunMark>('SELECT id AS rowId, run_id AS runId FROM runs ORDER BY id DESC LIMIT 1').get();
  }

  runIdAt(rowId: number): string | undefined {
    return this.db.prepare<[number], string>('SELECT run_id FROM runs WHERE id = ?').pluck().get(rowId);
  }

  hasTextFunctionalKeys(): boolean {
    return this.facts.hasTextFunctionalKeys;
  }

  paidCount(afterRowId: number, throughRowId: number): number {
    const sql = 'SELECT coalesce(sum(paid_count), 0) FROM runs WHERE id > ? AND id <= ?';
    return Number(this.db.prepare<[number, number], number>(sql).pluck().get(afterRowId, throughRowId) ?? 0);
  }

  forEachPaidKey(
    afterRowId: number,
    throughRowId: number,
    onExact: (practitionerId: string, invoiceNumber: string) => void,
    onFunctional: (hi: number, lo: number) => void,
  ): void {
    // The key's two halves computed by the database: the INTEGER past 2^53 never becomes a JS number.
    const columns = 'practitioner_id, invoice_number, functional_key >> 32, functional_key & 4294967295';
    const visit = (rows: Iterable<KeyRow>): void => {
      for (const [practitionerId, invoiceNumber, hi, lo] of rows) {
        onExact(practitionerId, invoiceNumber);
        if (hi !== null && lo !== null) onFunctional(hi, lo);
      }
    };
    if (afterRowId === 0) {
      // Every run: one pass over the table rather than a range per run.
      const all = this.db.prepare<[number], KeyRow>(`SELECT ${columns} FROM invoices WHERE status = 'PAID' AND run <= ?`).raw();
      visit(all.iterate(throughRowId));
      return;
    }
    // A few runs after the last one held: each run's rows by their id range (invoice-id-range.ts).
    const runs = this.db
      .prepare<[number, number], { id: number; first: number | null; last: number | null }>(
        'SELECT id, first_invoice AS first, last_invoice AS last FROM runs WHERE id > ? AND id <= ? ORDER BY id',
      )
      .all(afterRowId, throughRowId);
    const ofRun = this.db
      .prepare<[number, number, number], KeyRow>(`SELECT ${columns} FROM invoices WHERE id BETWEEN ? AND ? AND run = ? AND status = 'PAID'`)
      .raw();
    for (const run of runs) if (run.first !== null && run.last !== null) visit(ofRun.iterate(run.first, run.last, run.id));
  }
}
