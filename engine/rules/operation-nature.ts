import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import { motive } from './motive-factory.js';

/**
 * A DRE "annulation" (formats.md E4) cancels an earlier demand: it asks for no payment. Paying it
 * as if it were a new invoice would pay the care twice, so it is never liquidated here; undoing
 * the earlier payment is a regularisation (protocol §5-3, rules.md §6.2), which this engine
 * does not perform yet — the motive says so, so the operator handles it.
 */
export function checkOperationNature(invoice: Invoice, motives: Motive[]): void {
  if (invoice.nature === 'ANNULATION') {
    const target = invoice.refersTo === '' ? '' : `(demande n° ${invoice.refersTo})`;
    motives.push(motive('ANNULATION_A_REGULARISER', target));
  }
}
