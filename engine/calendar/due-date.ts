import type { Channel } from '../domain/invoice.js';
import type { DateYmd } from '../domain/units.js';
import { addBusinessDays, type CalendarKind } from './banking-calendar.js';

/**
 * Payment due date: D0 (see receipt-day.ts) plus the protocol's term in banking days — 5 for
 * dematerialised invoices (protocol §9-1), 20 for paper (§8-2); rules.md §4.4. These figures are the
 * Mut'Santé protocol's, not the law's, so they are a parameter with these defaults.
 */

/** How an invoice reached the operator, as far as payment terms care. */
export type PaymentTermChannel = 'EDI' | 'PAPER';

export type PaymentTermsBankingDays = Readonly<Record<PaymentTermChannel, number>>;

export const PROTOCOL_PAYMENT_TERMS_BANKING_DAYS: PaymentTermsBankingDays = Object.freeze({ EDI: 5, PAPER: 20 });

/** B2 (établissement or PS) and DRE arrive electronically; only paper is paper. */
export const paymentTermChannelOf = (channel: Channel): PaymentTermChannel => (channel === 'PAPER' ? 'PAPER' : 'EDI');

export function dueDate(
  d0: DateYmd,
  channel: PaymentTermChannel,
  kind: CalendarKind,
  terms: PaymentTermsBankingDays = PROTOCOL_PAYMENT_TERMS_BANKING_DAYS,
): DateYmd {
  return addBusinessDays(d0, terms[channel], kind);
}
