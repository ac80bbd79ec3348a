import type { SqlConnection } from './sql/sql-connection.js';
import type { OpenDebt, RegularisationTarget } from '../domain/regularisation.js';

export type { RegularisationTarget };
import type { Cents, DateYmd } from '../domain/units.js';

/**
 * The ledger's side of regularisations (rules.md §6.2): the state of a regularised care and the
 * practitioners' open debts. Rare next to invoices, so each question is its own small query on an
 * index. `earlier(table)` restricts every table to the runs before a replayed one.
 */
export class RegularisationLedger {
  private readonly regularisationByNumber;
  private readonly paidInvoice;
  private readonly rejectedInvoice;
  private readonly latestRegularisation;
  private readonly openDebtRows;

  constructor(db: SqlConnection, earlier: (table: string) => string) {
    this.regularisationByNumber = db
      .prepare<[string, string], string>(`SELECT original_invoice FROM regularisations WHERE practitioner_id = ? AND invoice_number = ?${earlier('regularisations')}`)
      .pluck();
    this.paidInvoice = db
      .prepare<[string, string], number>(`SELECT paid_cents FROM invoices WHERE practitioner_id = ? AND invoice_number = ? AND status = 'PAID'${earlier('invoices')}`)
      .pluck();
    this.rejectedInvoice = db
      .prepare<[string, string], number>(`SELECT 1 FROM invoices WHERE practitioner_id = ? AND invoice_number = ? AND status = 'REJECTED'${earlier('invoices')} LIMIT 1`)
      .pluck();
    this.latestRegularisation = db.prepare<[string, string], { newCents: number; nature: string }>(
      `SELECT new_cents AS newCents, nature FROM regularisations WHERE practitioner_id = ? AND original_invoice = ?${earlier('regularisations')} ORDER BY id DESC LIMIT 1`,
    );
    // Oldest first (day, then creation order): the order set-off recovers them in.
    this.openDebtRows = db.prepare<[], { practitionerId: string; amcNumber: string; invoiceNumber: string; originalInvoice: string; amountCents: number; createdOn: number; recoveredCents: number }>(
      `SELECT debts.practitioner_id AS practitionerId, debts.amc_number AS amcNumber, debts.invoice_number AS invoiceNumber,
              debts.original_invoice AS originalInvoice, debts.amount_cents AS amountCents, debts.accounting_date AS createdOn,
              coalesce((SELECT sum(debt_offsets.amount_cents) FROM debt_offsets WHERE debt_offsets.debt = debts.id${earlier('debt_offsets')}), 0) AS recoveredCents
         FROM debts WHERE TRUE${earlier('debts')}
        ORDER BY debts.practitioner_id, debts.accounting_date, debts.id`,
    );
  }

  targetOf(practitionerId: string, invoiceNumber: string): RegularisationTarget {
    const originalInvoice = this.regularisationByNumber.get(practitionerId, invoiceNumber) ?? invoiceNumber;
    const paidCents = this.paidInvoice.get(practitionerId, originalInvoice);
    if (paidCents === undefined) {
      return this.rejectedInvoice.get(practitionerId, invoiceNumber) === undefined ? { kind: 'UNKNOWN' } : { kind: 'REJECTED' };
    }
    const latest = this.latestRegularisation.get(practitionerId, originalInvoice);
    if (latest === undefined) return { kind: 'PAID', originalInvoice, currentCents: paidCents as Cents, cancelled: false };
    return { kind: 'PAID', originalInvoice, currentCents: latest.newCents as Cents, cancelled: latest.nature === 'ANNULATION' };
  }

  /** Every debt not wholly recovered, by practitioner, oldest first. */
  openDebts(): OpenDebt[] {
    const open: OpenDebt[] = [];
    for (const row of this.openDebtRows.all()) {
      const remaining = row.amountCents - row.recoveredCents;
      if (remaining <= 0) continue;
      open.push({
        practitionerId: row.practitionerId, amcNumber: row.amcNumber, invoiceNumber: row.invoiceNumber, originalInvoice: row.originalInvoice,
        amountCents: row.amountCents as Cents, createdOn: row.createdOn as DateYmd, remainingCents: remaining as Cents,
      });
    }
    return open;
  }
}
