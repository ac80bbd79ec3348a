import type { SqlConnection } from './sql/sql-connection.js';
import { MOTIVES, type MotiveCode } from '../domain/motive.js';
import type { DatedPaperNoticeLine } from '../domain/paper-notice-line.js';
import type { DateYmd } from '../domain/units.js';

/**
 * The ledger's paper invoices as the monthly notice lists them (protocol §8-3): those of one
 * practitioner decided by the runs of a span of accounting days, by accounting day, then run,
 * then input order. Served by the partial index of paper rows (schema 7). The day an invoice was
 * received is its file's. `earlier(table)` restricts to the runs before a replayed one.
 *
 * Retention keeps what a month's notice reads: paid rows stay for ever, and purge leaves the
 * rejected paper rows of the month its cut-off falls in (Ledger.purge), so a kept run of that
 * month replays its notice byte for byte.
 */
export class PaperNoticeLines {
  private readonly ofPractitioner;
  private readonly practitioners;

  constructor(db: SqlConnection, earlier: (table: string) => string) {
    this.ofPractitioner = db.prepare<[string, number, number], PaperInvoiceRow>(
      `SELECT invoices.accounting_date AS accountingDate, invoices.invoice_number AS invoiceNumber, files.received_date AS receivedDate,
              invoices.status AS status, invoices.paid_cents AS paidCents, invoices.claimed_cents AS claimedCents,
              invoices.motive_codes AS motiveCodes, invoices.motives_json AS motivesJson
         FROM invoices JOIN files ON files.id = invoices.file
        WHERE invoices.paper = 1 AND invoices.practitioner_id = ? AND invoices.accounting_date BETWEEN ? AND ?${earlier('invoices')}
        ORDER BY invoices.accounting_date, invoices.run, invoices.sequence`,
    );
    this.practitioners = db
      .prepare<[number, number], string>(
        `SELECT DISTINCT practitioner_id FROM invoices
          WHERE paper = 1 AND accounting_date BETWEEN ? AND ?${earlier('invoices')} ORDER BY practitioner_id`,
      )
      .pluck();
  }

  /** The paper invoices of `practitionerId` decided on an accounting day from `fromDate` to `toDate`. */
  of(practitionerId: string, fromDate: DateYmd, toDate: DateYmd): DatedPaperNoticeLine[] {
    return this.ofPractitioner.all(practitionerId, fromDate, toDate).map(lineOfRow);
  }

  /** The practitioners with a paper invoice decided on an accounting day from `fromDate` to `toDate`, by id. */
  practitionersBetween(fromDate: DateYmd, toDate: DateYmd): string[] {
    return this.practitioners.all(fromDate, toDate);
  }
}

interface PaperInvoiceRow {
  accountingDate: number;
  invoiceNumber: string;
  receivedDate: number;
  status: 'PAID' | 'REJECTED';
  paidCents: number;
  claimedCents: number;
  motiveCodes: string;
  motivesJson: string | null;
}

function lineOfRow(row: PaperInvoiceRow): DatedPaperNoticeLine {
  return {
    accountingDate: row.accountingDate as DateYmd,
    invoiceNumber: row.invoiceNumber,
    receivedDate: row.receivedDate as DateYmd,
    status: row.status,
    paidCents: row.paidCents,
    claimedCents: row.claimedCents,
    motives: motivesOf(row),
  };
}

/**
 * The labels as decided (schema 5 on: values filled in, as the run's notice printed them); for a
 * row written before, the motive table's generic label of each code. A code this engine does not
 * know (a newer engine's) would be a row the ledger cannot have: it stops the notice.
 */
function motivesOf(row: PaperInvoiceRow): Array<{ code: MotiveCode; label: string }> {
  const known = (code: string): MotiveCode => {
    if (!(code in MOTIVES)) throw new Error(`ledger invoice ${row.invoiceNumber} carries motive ${JSON.stringify(code)}, unknown to this engine`);
    return code as MotiveCode;
  };
  if (row.motivesJson !== null) {
    return (JSON.parse(row.motivesJson) as Array<{ code: string; label: string }>).map((m) => ({ code: known(m.code), label: m.label }));
  }
  return row.motiveCodes === '' ? [] : row.motiveCodes.split('|').map((code) => ({ code: known(code), label: MOTIVES[known(code)].label }));
}
