import { CsvOut } from './csv-out.js';
import { isoDay } from './dates.js';
import type { GenInvoice } from './model.js';
import { euros } from './referential-csv.js';

/**
 * Paper invoices as the keying service delivers them: one CSV row per invoice line, the rows of
 * an invoice consecutive, the invoice data repeated on each row. Paper has no totals record: the
 * invoice total is the sum of its rows. The optional columns `nature` and `refers_to` are always
 * written, empty for an initiale (the engine reads an empty nature as I).
 */

export const PAPER_COLUMNS = [
  'practitioner_id', 'invoice_number', 'amc_number', 'member_number', 'nir', 'nir_key', 'birth_date', 'birth_rank', 'ro_sent_date',
  'hors_parcours', 'pec_number', 'act_date', 'act_code', 'quantity', 'coefficient', 'unit_price', 'base', 'amo_rate', 'amo', 'fee', 'amc',
  'nature', 'refers_to',
] as const;

export class PaperFileWriter {
  private readonly out: CsvOut;
  invoices = 0;
  lines = 0;

  /** Without regularisations the day's paper files keep the columns they had before them. */
  constructor(path: string, private readonly regularisationColumns = true) {
    this.out = new CsvOut(path, regularisationColumns ? PAPER_COLUMNS : PAPER_COLUMNS.slice(0, -2));
  }

  writeInvoice(inv: GenInvoice): void {
    for (const line of inv.lines) {
      const cells = [
        inv.practitioner.billingId, inv.invoiceNumber, inv.amcNumber, inv.memberNumber, inv.nir, inv.nirKey, isoDay(inv.birthDate),
        String(inv.birthRank), inv.roSentDate === 0 ? '' : isoDay(inv.roSentDate), inv.horsParcours ? '1' : '0', inv.pecNumber, isoDay(line.actDate), line.spec.code,
        String(line.quantity), euros(line.coefficientHundredths), euros(line.unitPriceCents), euros(line.baseCents),
        String(line.amoRatePercent), euros(line.amoCents), euros(line.feeCents), euros(line.amcDeclaredCents),
      ];
      if (this.regularisationColumns) cells.push(inv.nature === 'I' ? '' : inv.nature, inv.refersTo);
      this.out.row(cells);
      this.lines++;
    }
    this.invoices++;
  }

  get needsDrain(): boolean {
    return this.out.needsDrain;
  }

  drain(): Promise<void> {
    return this.out.drain();
  }

  /** Ends the file: its size at once, and the promise of it being on disk. */
  close(): { bytes: number; done: Promise<void> } {
    const done = this.out.close();
    return { bytes: this.out.bytesWritten, done };
  }
}
