import { exactKeyHalf } from '../commit/exact-key.js';
import type { KeyBlockFilter } from '../commit/key-block-filter.js';
import type { RunMark } from '../ledger/paid-key-source.js';

/**
 * Every key the ledger's PAID invoices hold, as two Bloom filters: "certainly never paid" or
 * "maybe". The run asks the ledger only about the maybes, which spares most of its duplicate
 * lookups: nearly every invoice of a night is new, and each lookup is a batched SQL statement
 * (binding, a temporary table of the keys, an index probe each) on the run's main thread.
 *
 * A filter only ever says "no" for a key it was never given, so it is exact as long as it holds
 * every paid key of the runs up to `coveredRun` and the ledger holds no later run: the file
 * (paid-key-filter-file.ts) sees to it, catching up from the ledger before a run.
 *
 * `functional` is undefined when the ledger still holds functional keys written as text before
 * schema version 2: those are not in the filter, so every functional key is a maybe.
 */
export class PaidKeyFilter {
  constructor(
    readonly ledgerId: string,
    readonly coveredRun: RunMark | undefined,
    readonly exact: KeyBlockFilter,
    readonly functional: KeyBlockFilter | undefined,
    /** How many keys were added to each (a paid key once per run): to size a rebuild. */
    readonly counts: { exact: number; functional: number },
  ) {}

  // Asked for every invoice of the night: the key's halves as numbers, no object made.
  mayHaveInvoice(practitionerId: string, invoiceNumber: string): boolean {
    return this.exact.mayHave(exactKeyHalf(practitionerId), exactKeyHalf(invoiceNumber));
  }

  mayHaveFunctionalKey(hi: number, lo: number): boolean {
    return this.functional === undefined || this.functional.mayHave(hi, lo);
  }

  addInvoice(practitionerId: string, invoiceNumber: string): void {
    this.exact.add(exactKeyHalf(practitionerId), exactKeyHalf(invoiceNumber));
    this.counts.exact++;
  }

  addFunctionalKey(hi: number, lo: number): void {
    if (this.functional === undefined) return;
    this.functional.add(hi, lo);
    this.counts.functional++;
  }

  /** The same filters, now holding the runs up to `run` too. */
  coveringThrough(run: RunMark): PaidKeyFilter {
    return new PaidKeyFilter(this.ledgerId, run, this.exact, this.functional, this.counts);
  }
}
