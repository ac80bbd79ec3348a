import { isCounterContract } from './contracts.js';
import type { GenInvoice } from './model.js';

/**
 * The previous day's paid invoices that the day may regularise, by practitioner. Only what a
 * regularisation can name without side issues is kept: valid invoices with no PEC (a
 * regularisation does not use a PEC again, and its granted amount would be a second question)
 * and outside the counter pools (giving a counter back would move what the day's follow-up meets).
 *
 * Bounded: a practitioner keeps at most ORIGINALS_PER_PRACTITIONER_MAX invoices (an establishment
 * ORIGINALS_PER_ESTABLISHMENT_MAX), oldest first, so
 * memory follows the number of practitioners, not the size of the previous day. Each invoice is
 * handed out once: two regularisations of one care in the same run would be refused
 * (RECTIFICATIVE_PREMATUREE), which is not what the category asks for.
 */

export const ORIGINALS_PER_PRACTITIONER_MAX = 4;
/**
 * An establishment sends its own B2 files only, and there are a few of them: it keeps more, so
 * that its files of the day can regularise as often as the concentrators' files do.
 */
export const ORIGINALS_PER_ESTABLISHMENT_MAX = 64;

export class PreviousDayInvoices {
  private readonly byPractitioner = new Map<string, GenInvoice[]>();
  private count = 0;

  /** Keeps a paid invoice of the previous day if it can be regularised. */
  offer(invoice: GenInvoice): void {
    if (invoice.category !== 'VALID' || invoice.pecNumber !== '' || invoice.lines.some((l) => l.spec.pecRequired) || isCounterContract(invoice.contract)) return;
    const id = invoice.practitioner.billingId;
    const list = this.byPractitioner.get(id);
    if (list === undefined) this.byPractitioner.set(id, [invoice]);
    else if (list.length < (invoice.practitioner.kind === 'ETABLISSEMENT' ? ORIGINALS_PER_ESTABLISHMENT_MAX : ORIGINALS_PER_PRACTITIONER_MAX)) list.push(invoice);
    else return;
    this.count++;
  }

  has(practitionerId: string): boolean {
    return this.byPractitioner.has(practitionerId);
  }

  /** The practitioner's oldest invoice still free, removed from the store. */
  take(practitionerId: string): GenInvoice | undefined {
    const list = this.byPractitioner.get(practitionerId);
    const invoice = list?.shift();
    if (list !== undefined && list.length === 0) this.byPractitioner.delete(practitionerId);
    if (invoice !== undefined) this.count--;
    return invoice;
  }

  get size(): number {
    return this.count;
  }
}
