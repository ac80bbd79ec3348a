import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ActDomain } from '../domain/referential.js';
import { motive } from './motive-factory.js';

/**
 * Rubrics of R. 161-42 (rules.md S4, P8) whose absence does not stop the payment: a signalement.
 * Only a rubric the input format carries is checked (docs/formats.md, "Non-blocking rubrics"):
 *
 * - the date the feuille de soins was drawn up and sent to the RO (10°; `roSentDate`), carried by
 *   B2 PS, DRE and paper, not by the hospital B2, and due when the invoice has an act the RO
 *   reimburses (an ostéopathie invoice went to no RO). Without it neither the transmission term nor
 *   the 3-month window can start from it (the window then starts from the last act);
 * - the accident mention (4°), the accord préalable reference (6°) and the exonération mention
 *   (9°) are "s'il y a lieu": their absence can only be told from "not applicable" by another
 *   rubric that makes them due. No format has an accord préalable rubric; only the hospital B2
 *   has one for the other two (nature d'assurance 41 AT/MP beside the AT number), and the
 *   normalised invoice does not carry those fields yet, so they are not checked.
 */
export function checkOptionalRubrics(invoice: Invoice, acts: readonly (ActDomain | undefined)[], signalements: Motive[]): void {
  if (invoice.channel === 'B2_ETAB' || invoice.nature === 'ANNULATION') return;
  // Only acts the RO reimburses went on an RO invoice: without one, there is no date to give.
  const hasRoAct = acts.some((act) => act === undefined || act.roReimbursable);
  if (hasRoAct && invoice.roSentDate === 0) signalements.push(motive('MENTION_MANQUANTE', ": date d'élaboration et d'envoi de la facture RO"));
}
