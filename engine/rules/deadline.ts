import { addMonths, formatFr, isValidYmd } from '../calendar/ymd.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ActDomain } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';
import { latestActDate } from './act-dates.js';
import { motive } from './motive-factory.js';

/**
 * Protocol §5-1 (rules.md P5, §4.1): an invoice with acts the RO reimburses must reach the
 * operator within 3 months after the RO invoice was sent; one with only non-RO acts within 3
 * months of the acts. These are protocol terms, not law, hence a parameter.
 */
export const SUBMISSION_WINDOW_MONTHS = 3;

/**
 * The day the window starts: the RO sending date when the invoice has an RO act and carries that
 * date, else the latest act date (the window cannot start before the last act is done). An act
 * code the table does not know counts as RO-reimbursable — most acts are — and is reported by the
 * coverage rule if it is claimed.
 */
export function submissionWindowStart(invoice: Invoice, acts: readonly (ActDomain | undefined)[]): DateYmd {
  const latest = latestActDate(invoice.lines);
  const hasRoAct = acts.some((act) => act === undefined || act.roReimbursable);
  if (hasRoAct && invoice.roSentDate !== 0 && isValidYmd(invoice.roSentDate)) return invoice.roSentDate;
  return latest;
}

export function checkDeadline(
  invoice: Invoice,
  acts: readonly (ActDomain | undefined)[],
  receivedDate: DateYmd,
  motives: Motive[],
  windowMonths: number = SUBMISSION_WINDOW_MONTHS,
): void {
  const start = submissionWindowStart(invoice, acts);
  if (start === 0) return; // no act date to count from: the mandatory rubrics rule reports it
  const limit = addMonths(start, windowMonths);
  if (receivedDate > limit) motives.push(motive('HORS_DELAI', `(limite le ${formatFr(limit)})`));
}
