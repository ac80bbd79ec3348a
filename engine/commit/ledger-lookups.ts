import type { RegularisationTarget } from '../domain/regularisation.js';
import type { CounterTotal } from '../domain/counter-consumption.js';

/**
 * What the commit step asks the ledger about earlier runs. Kept as an interface so the commit
 * rules are testable without a database, and the ledger can answer from SQL, a cache or both.
 */
export interface LedgerLookups {
  /** An invoice with this practitioner and number was already paid in an earlier run. */
  invoicePaid(practitionerId: string, invoiceNumber: string): boolean;
  /** The same care (functional key) was already paid in an earlier run. */
  functionalKeyPaid(hi: number, lo: number): boolean;
  /** This prise en charge was already used by a paid invoice in an earlier run. */
  pecConsumed(pecNumber: string): boolean;
  /** What earlier runs paid and regularised for the invoice a rectificative or annulation names. */
  regularisationTarget(practitionerId: string, invoiceNumber: string): RegularisationTarget;
  /** What earlier runs' paid invoices took from a counter over a window of care dates. */
  counterConsumed(key: string, fromDate: number, toDate: number): CounterTotal;
  /** What one care (its first invoice and its regularisations) holds on each counter. */
  careCounters(practitionerId: string, originalInvoice: string): Array<{ key: string; careDate: number; cents: number; acts: number }>;
}

export const EMPTY_LEDGER: LedgerLookups = {
  invoicePaid: () => false,
  functionalKeyPaid: () => false,
  pecConsumed: () => false,
  regularisationTarget: () => ({ kind: 'UNKNOWN' }),
  counterConsumed: () => ({ cents: 0, acts: 0 }),
  careCounters: () => [],
};
