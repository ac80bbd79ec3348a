import type { InvoiceOutcomeMessage } from '../../codecs/proto/liquidation-codec.js';
import type { LedgerLookups } from '../commit/ledger-lookups.js';
import { functionalKeyIntegerOf } from '../ledger/functional-key-column.js';
import { invoiceKey, type Ledger } from '../ledger/ledger.js';
import type { LotRef } from '../pipeline/task.js';
import type { RegularisationTarget } from '../domain/regularisation.js';
import type { CounterTotal } from '../domain/counter-consumption.js';
import type { PaidKeyFilter } from './paid-key-filter.js';

/**
 * Answers the commit step's questions about earlier runs from sets fetched once per worker batch:
 * batched IN-queries cost about a third of one query per invoice (measured on a 1M-row ledger),
 * and the ledger does not change while a run is committing. The commit step decides a lot's
 * invoices only when the lot closes, possibly several batches later, so answers accumulate until
 * `clear()` is called at a moment when no invoice is waiting for its lot.
 */
export class LedgerBatchLookups implements LedgerLookups {
  private readonly paid = new Set<string>();
  private readonly functional = new Set<bigint>();
  /** The low 32 bits of each key in `functional`: most invoices are answered without making their key's bigint. */
  private readonly functionalLows = new Set<number>();
  private readonly pecs = new Set<string>();

  /** `paidKeys`, when given, holds every key the ledger has paid: only its maybes are asked. */
  constructor(private readonly ledger: Ledger, private readonly paidKeys?: PaidKeyFilter) {}

  prefetch(outcomes: readonly InvoiceOutcomeMessage[], lotOf: (n: number) => LotRef): void {
    const invoices: Array<{ practitionerId: string; invoiceNumber: string }> = [];
    const keys: bigint[] = [];
    const pecs: string[] = [];
    const filter = this.paidKeys;
    for (let n = 0; n < outcomes.length; n++) {
      const o = outcomes[n]!;
      const practitionerId = lotOf(n).practitionerId;
      if (filter === undefined || filter.mayHaveInvoice(practitionerId, o.invoiceNumber)) invoices.push({ practitionerId, invoiceNumber: o.invoiceNumber });
      if (o.duplicataOf !== '' && (filter === undefined || filter.mayHaveInvoice(practitionerId, o.duplicataOf))) {
        invoices.push({ practitionerId, invoiceNumber: o.duplicataOf });
      }
      if (filter === undefined || filter.mayHaveFunctionalKey(o.functionalKeyHi, o.functionalKeyLo)) keys.push(functionalKeyIntegerOf(o.functionalKeyHi, o.functionalKeyLo));
      if (o.pecNumber !== '') pecs.push(o.pecNumber);
    }
    if (invoices.length > 0) for (const k of this.ledger.paidInvoicesAmong(invoices)) this.paid.add(k);
    if (keys.length > 0) {
      for (const k of this.ledger.paidFunctionalKeyIntegersAmong(keys)) {
        this.functional.add(k);
        this.functionalLows.add(Number(BigInt.asUintN(32, k)));
      }
    }
    if (pecs.length > 0) for (const k of this.ledger.consumedPecsAmong(pecs)) this.pecs.add(k);
  }

  /** Forgets the answers; only when the commit step holds no undecided invoice. */
  clear(): void {
    this.paid.clear();
    this.functional.clear();
    this.functionalLows.clear();
    this.pecs.clear();
  }

  // Nearly every answer is "no": an empty set is answered without making its key.
  invoicePaid(practitionerId: string, invoiceNumber: string): boolean {
    return this.paid.size !== 0 && this.paid.has(invoiceKey(practitionerId, invoiceNumber));
  }

  functionalKeyPaid(hi: number, lo: number): boolean {
    return this.functionalLows.has(lo >>> 0) && this.functional.has(functionalKeyIntegerOf(hi, lo));
  }

  pecConsumed(pecNumber: string): boolean {
    return this.pecs.size !== 0 && this.pecs.has(pecNumber);
  }

  // A few regularisations a night: asked of the ledger one by one, not fetched per batch.
  regularisationTarget(practitionerId: string, invoiceNumber: string): RegularisationTarget {
    return this.ledger.regularisationTarget(practitionerId, invoiceNumber);
  }

  // Counters: asked for the few invoices that draw on one (equipment, capped guarantees).
  counterConsumed(key: string, fromDate: number, toDate: number): CounterTotal {
    return this.ledger.counterConsumed(key, fromDate, toDate);
  }

  careCounters(practitionerId: string, originalInvoice: string): Array<{ key: string; careDate: number; cents: number; acts: number }> {
    return this.ledger.careCounters(practitionerId, originalInvoice);
  }
}
