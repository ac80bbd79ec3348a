import { exactKeyHalf } from '../commit/exact-key.js';
import { KeyBlockFilter } from '../commit/key-block-filter.js';
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
/**
 * A filter as plain data, to move it to the ledger thread (its words' buffers transferred, not
 * copied): that thread adds the run's paid keys as it records them and saves it covering the run.
 */
export interface PaidKeyFilterState {
  ledgerId: string;
  coveredRun: RunMark | undefined;
  exactWords: Uint32Array;
  functionalWords: Uint32Array | undefined;
  counts: { exact: number; functional: number };
}

export class PaidKeyFilter {
  /** Set once its words went to another thread: a detached filter would answer "no" to every key. */
  private handedOver = false;

  constructor(
    readonly ledgerId: string,
    readonly coveredRun: RunMark | undefined,
    readonly exact: KeyBlockFilter,
    readonly functional: KeyBlockFilter | undefined,
    /** How many keys were added to each (a paid key once per run): to size a rebuild. */
    readonly counts: { exact: number; functional: number },
  ) {}

  static fromState(state: PaidKeyFilterState): PaidKeyFilter {
    const functional = state.functionalWords === undefined ? undefined : new KeyBlockFilter(state.functionalWords);
    return new PaidKeyFilter(state.ledgerId, state.coveredRun, new KeyBlockFilter(state.exactWords), functional, { ...state.counts });
  }

  /**
   * The filter's state, its words' buffers to be transferred to the ledger thread (the list
   * returned): this filter cannot be asked anything afterwards.
   */
  handOver(): { state: PaidKeyFilterState; transfer: ArrayBuffer[] } {
    this.assertHeld();
    const exactWords = ownBufferOf(this.exact.contents);
    const functionalWords = this.functional === undefined ? undefined : ownBufferOf(this.functional.contents);
    this.handedOver = true;
    const transfer = [exactWords.buffer as ArrayBuffer];
    if (functionalWords !== undefined) transfer.push(functionalWords.buffer as ArrayBuffer);
    return { state: { ledgerId: this.ledgerId, coveredRun: this.coveredRun, exactWords, functionalWords, counts: { ...this.counts } }, transfer };
  }

  // Asked for every invoice of the night: the key's halves as numbers, no object made.
  mayHaveInvoice(practitionerId: string, invoiceNumber: string): boolean {
    this.assertHeld();
    return this.exact.mayHave(exactKeyHalf(practitionerId), exactKeyHalf(invoiceNumber));
  }

  mayHaveFunctionalKey(hi: number, lo: number): boolean {
    this.assertHeld();
    return this.functional === undefined || this.functional.mayHave(hi, lo);
  }

  addInvoice(practitionerId: string, invoiceNumber: string): void {
    this.assertHeld();
    this.exact.add(exactKeyHalf(practitionerId), exactKeyHalf(invoiceNumber));
    this.counts.exact++;
  }

  addFunctionalKey(hi: number, lo: number): void {
    this.assertHeld();
    if (this.functional === undefined) return;
    this.functional.add(hi, lo);
    this.counts.functional++;
  }

  private assertHeld(): void {
    if (this.handedOver) throw new Error('the paid-key filter was handed over to the ledger thread');
  }

  /** The same filters, now holding the runs up to `run` too. */
  coveringThrough(run: RunMark): PaidKeyFilter {
    return new PaidKeyFilter(this.ledgerId, run, this.exact, this.functional, this.counts);
  }
}

/** Words whose buffer is theirs alone (what a transfer moves is the whole buffer). */
function ownBufferOf(words: Uint32Array): Uint32Array {
  return words.byteOffset === 0 && words.byteLength === words.buffer.byteLength ? words : words.slice();
}
