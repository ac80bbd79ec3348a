import type { LedgerLookups } from '../../engine/commit/ledger-lookups.js';
import { functionalKeyIntegerOf } from '../../engine/ledger/functional-key-column.js';
import { invoiceKey, openLedgerDatabase, type Ledger } from '../../engine/ledger/ledger.js';

/**
 * The straightforward engine's view of earlier runs: what it asks of every invoice (paid numbers,
 * paid cares, used PECs) read whole into sets at the start, the way one would with a small ledger;
 * the rare questions (regularisations, counters) asked of the ledger as they come. The engine
 * fetches a worker batch's answers at once instead (engine/run/ledger-batch-lookups.ts); the
 * answers are the same. Reading is on the clock: it is part of deciding the day.
 */
export function ledgerReadWhole(dataDir: string, ledger: Ledger): LedgerLookups {
  const db = openLedgerDatabase(dataDir, { readOnly: true });
  const paid = new Set<string>();
  const cares = new Set<bigint>();
  const pecs = new Set<string>();
  try {
    for (const [practitionerId, invoiceNumber] of db.prepare("SELECT practitioner_id, invoice_number FROM invoices WHERE status = 'PAID'").raw().iterate() as Iterable<[string, string]>) {
      paid.add(invoiceKey(practitionerId, invoiceNumber));
    }
    for (const [key] of db.prepare('SELECT functional_key FROM paid_functional_keys').raw().safeIntegers().iterate() as Iterable<[bigint]>) cares.add(key);
    for (const [pec] of db.prepare('SELECT pec_number FROM pecs_consumed').raw().iterate() as Iterable<[string]>) pecs.add(pec);
  } finally {
    db.close();
  }
  return {
    invoicePaid: (practitionerId, invoiceNumber) => paid.has(invoiceKey(practitionerId, invoiceNumber)),
    functionalKeyPaid: (hi, lo) => cares.has(functionalKeyIntegerOf(hi, lo)),
    pecConsumed: (pecNumber) => pecs.has(pecNumber),
    regularisationTarget: (practitionerId, invoiceNumber) => ledger.regularisationTarget(practitionerId, invoiceNumber),
    counterConsumed: (key, fromDate, toDate) => ledger.counterConsumed(key, fromDate, toDate),
    careCounters: (practitionerId, originalInvoice) => ledger.careCounters(practitionerId, originalInvoice),
  };
}
