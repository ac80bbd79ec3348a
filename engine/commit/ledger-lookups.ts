import type { RegularisationTarget } from '../domain/regularisation.js';

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
}

export const EMPTY_LEDGER: LedgerLookups = {
  invoicePaid: () => false,
  functionalKeyPaid: () => false,
  pecConsumed: () => false,
  regularisationTarget: () => ({ kind: 'UNKNOWN' }),
};
