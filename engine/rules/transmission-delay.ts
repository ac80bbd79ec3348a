import { addBusinessDays, type CalendarKind } from '../calendar/banking-calendar.js';
import { addDays, formatFr, isValidYmd } from '../calendar/ymd.js';
import type { Channel, Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ActDomain } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';
import { latestActDate } from './act-dates.js';
import { motive } from './motive-factory.js';

/**
 * R. 161-47 I 1° b (seed 002, rules.md §4.1, S3): under dispense d'avance de frais an FSE is sent
 * within 8 jours ouvrés of the date of R. 161-42 10°. The 3-day term of 1° a is for paiement
 * direct, where the patient paid: nothing in B2, DRE or paper says so, and every invoice tpliq
 * reads is a facture subrogatoire (tiers payant) by construction, so 8 applies to all.
 */
export const FSE_TRANSMISSION_WORKING_DAYS = 8;

/** R. 161-47 I 2° b: a paper feuille under tiers payant is sent within 8 days — calendar days, the text says "jours" only. */
export const PAPER_TRANSMISSION_DAYS = 8;

/**
 * Jours ouvrés: weekdays that are not public holidays. The project has one calendar; its union of
 * TARGET closing days and French public holidays is the nearest, and the two days it adds (Good
 * Friday, 26 December, public holidays in Alsace-Moselle) only lengthen the term: no practitioner
 * is told he was late when he was not. Fixed here rather than taken from `--calendar`, so that the
 * signalement depends on the invoice alone.
 */
export const TRANSMISSION_CALENDAR: CalendarKind = 'TARGET_AND_FR';

/**
 * The last day the invoice could be sent in time, or 0 when the inputs cannot tell. The term runs
 * from the completion date (R. 161-42 10°): the patient's payment date or the date of the last act;
 * tiers payant has no payment date, so it is the latest act date. A hospital B2 carries no sending
 * date (and its term runs from the end of the stay), so it is not checked.
 */
export function transmissionLimit(channel: Channel, lastActDate: DateYmd): DateYmd {
  if (lastActDate === 0 || channel === 'B2_ETAB') return 0 as DateYmd;
  return channel === 'PAPER' ? addDays(lastActDate, PAPER_TRANSMISSION_DAYS) : addBusinessDays(lastActDate, FSE_TRANSMISSION_WORKING_DAYS, TRANSMISSION_CALENDAR);
}

/**
 * A signalement, never a rejection: late sending does not forfeit payment (Cass. civ. 2,
 * 8 Oct 2015). The sending date is the RO invoice's (`roSentDate`, B2 PS, DRE, paper); an invoice
 * without it, or with only acts the RO does not reimburse (no feuille de soins went to the RO), is
 * not checked.
 */
export function checkTransmissionDelay(invoice: Invoice, acts: readonly (ActDomain | undefined)[], signalements: Motive[]): void {
  const sent = invoice.roSentDate;
  if (sent === 0 || !isValidYmd(sent)) return;
  if (!acts.some((act) => act === undefined || act.roReimbursable)) return;
  const lastAct = latestActDate(invoice.lines);
  const limit = transmissionLimit(invoice.channel, lastAct);
  if (limit === 0 || sent <= limit) return;
  const term = invoice.channel === 'PAPER' ? `${PAPER_TRANSMISSION_DAYS} jours` : `${FSE_TRANSMISSION_WORKING_DAYS} jours ouvrés`;
  signalements.push(motive('TRANSMISSION_TARDIVE', `(envoyée le ${formatFr(sent)}, limite le ${formatFr(limit)} : ${term} après le dernier acte du ${formatFr(lastAct)})`));
}
