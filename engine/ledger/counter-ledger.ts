import type { SqlConnection } from './sql/sql-connection.js';
import type { CounterTotal } from '../domain/counter-consumption.js';

/**
 * The ledger's counters (engine/domain/counter-claim.ts): what paid invoices of earlier runs took,
 * by counter and date of care. `earlier(table)` restricts to the runs before a replayed one.
 */
export class CounterLedger {
  private readonly total;
  private readonly ofCare;

  constructor(db: SqlConnection, earlier: (table: string) => string) {
    this.total = db.prepare<[string, number, number], { cents: number | null; acts: number | null }>(
      `SELECT sum(amount_cents) AS cents, sum(acts) AS acts FROM counter_consumption
        WHERE counter_key = ? AND care_date BETWEEN ? AND ?${earlier('counter_consumption')}`,
    );
    this.ofCare = db.prepare<[string, string], { key: string; careDate: number; cents: number; acts: number }>(
      `SELECT counter_key AS key, care_date AS careDate, sum(amount_cents) AS cents, sum(acts) AS acts FROM counter_consumption
        WHERE practitioner_id = ? AND original_invoice = ?${earlier('counter_consumption')}
        GROUP BY counter_key, care_date ORDER BY counter_key, care_date`,
    );
  }

  consumed(key: string, fromDate: number, toDate: number): CounterTotal {
    const row = this.total.get(key, fromDate, toDate);
    return { cents: row?.cents ?? 0, acts: row?.acts ?? 0 };
  }

  /** What one care (its first invoice and every regularisation of it) holds on each counter. */
  ofOriginal(practitionerId: string, originalInvoice: string): Array<{ key: string; careDate: number; cents: number; acts: number }> {
    return this.ofCare.all(practitionerId, originalInvoice).filter((r) => r.cents !== 0 || r.acts !== 0);
  }
}
