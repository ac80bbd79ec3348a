import type { LedgerLookups } from '../../engine/commit/ledger-lookups.js';
import { functionalKeyIntegerOf } from '../../engine/ledger/functional-key-column.js';
import type { Ledger } from '../../engine/ledger/ledger.js';

/**
 * The straightforward engine's view of earlier runs: every question of the commit step asked of
 * the ledger as it comes, one statement each, where the engine fetches a worker batch's answers
 * at once (engine/run/ledger-batch-lookups.ts). The answers are the same; only the cost differs.
 */
export function ledgerByQuestion(ledger: Ledger): LedgerLookups {
  return {
    invoicePaid: (practitionerId, invoiceNumber) => ledger.paidInvoicesAmong([{ practitionerId, invoiceNumber }]).size > 0,
    functionalKeyPaid: (hi, lo) => ledger.paidFunctionalKeyIntegersAmong([functionalKeyIntegerOf(hi, lo)]).size > 0,
    pecConsumed: (pecNumber) => ledger.consumedPecsAmong([pecNumber]).size > 0,
    regularisationTarget: (practitionerId, invoiceNumber) => ledger.regularisationTarget(practitionerId, invoiceNumber),
    counterConsumed: (key, fromDate, toDate) => ledger.counterConsumed(key, fromDate, toDate),
    careCounters: (practitionerId, originalInvoice) => ledger.careCounters(practitionerId, originalInvoice),
  };
}
