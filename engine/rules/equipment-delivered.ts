import type { Invoice } from '../domain/invoice.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { DateYmd } from '../domain/units.js';

/**
 * Which renewable equipment an invoice delivers, for the renewal periods of R871-2 3° and 4°
 * (rules.md §2.6, §2.7): one optical equipment per 2 years (1 year under 16), one hearing aid per
 * ear per 4 years.
 *
 * Not wired yet, on purpose: a renewal depends on the previous equipment, i.e. on other invoices
 * and on the ledger, so it belongs to the sequential commit step (engine/commit/commit-step.ts),
 * which will call this for each invoice in input order, look up the beneficiary's last delivery of
 * the same kind (and ear) in the ledger's point-in-time view, and decide there. This function is
 * the stateless half: pure, no I/O, the same answer in any worker.
 */

/**
 * The ear of a hearing aid. Neither a B2 / DRE line nor an LPP code says which ear an aid is for
 * (the codes differ by class and age, not by side), so today every aid is UNKNOWN and an invoice
 * of two aids means both ears; LEFT / RIGHT are kept for a channel that carries the side.
 */
export type Ear = 'LEFT' | 'RIGHT' | 'UNKNOWN';

export type DeliveredEquipment =
  /** Lenses and / or a frame, any class: one equipment, however many lines. */
  | { readonly kind: 'OPTIQUE'; readonly deliveredOn: DateYmd }
  /** One entry per aid (a line's quantity counts aids). */
  | { readonly kind: 'HEARING_AID'; readonly deliveredOn: DateYmd; readonly ear: Ear };

/** Empty when the invoice delivers no renewable equipment (most invoices: one lookup per line). */
export function equipmentDelivered(invoice: Invoice, ref: Pick<ReferentialView, 'equipmentItem'>): DeliveredEquipment[] {
  let optiqueOn = 0;
  const aids: DeliveredEquipment[] = [];
  for (const line of invoice.lines) {
    const item = ref.equipmentItem(line.actCode, line.actDate);
    if (item === undefined) continue;
    if (item.kind === 'LENS' || item.kind === 'FRAME') {
      // The equipment is delivered when its last piece is: that day starts the next period.
      optiqueOn = Math.max(optiqueOn, line.actDate);
    } else if (item.kind === 'HEARING_AID') {
      const count = Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0;
      for (let k = 0; k < count; k++) aids.push({ kind: 'HEARING_AID', deliveredOn: line.actDate, ear: 'UNKNOWN' });
    }
  }
  const delivered: DeliveredEquipment[] = optiqueOn === 0 ? [] : [{ kind: 'OPTIQUE', deliveredOn: optiqueOn as DateYmd }];
  return [...delivered, ...aids];
}
