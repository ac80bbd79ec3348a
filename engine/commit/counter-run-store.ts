/**
 * What the run's paid invoices took from the counters, for the invoices after them (CounterBook).
 * Kept compact because a night may count hundreds of thousands of invoices (every session of a
 * capped guarantee, every optical equipment): per key, a chain of entries in parallel typed
 * arrays (date of care, cents, acts, next), the key string held once in a map to its newest
 * entry. Objects per entry cost ≈ 390 MiB per million counted invoices (bench/counter-memory.ts);
 * this layout costs what the map and the key strings cost, plus 16 bytes an entry.
 */
export class CounterRunStore {
  private readonly newest = new Map<string, number>();
  private careDate = new Int32Array(1024);
  private cents = new Int32Array(1024);
  private acts = new Int32Array(1024);
  /** Index of the previous entry of the same key, −1 at the first. */
  private previous = new Int32Array(1024);
  private used = 0;

  add(key: string, careDate: number, cents: number, acts: number): void {
    if (this.used === this.careDate.length) this.grow();
    const at = this.used++;
    this.careDate[at] = careDate;
    this.cents[at] = cents;
    this.acts[at] = acts;
    this.previous[at] = this.newest.get(key) ?? -1;
    this.newest.set(key, at);
  }

  /** Adds to `total` what the key's entries with a date of care in [fromDate, toDate] took. */
  addInto(key: string, fromDate: number, toDate: number, total: { cents: number; acts: number }): void {
    for (let at = this.newest.get(key) ?? -1; at >= 0; at = this.previous[at]!) {
      const date = this.careDate[at]!;
      if (date >= fromDate && date <= toDate) {
        total.cents += this.cents[at]!;
        total.acts += this.acts[at]!;
      }
    }
  }

  clear(): void {
    this.newest.clear();
    this.used = 0;
  }

  private grow(): void {
    const larger = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.careDate = larger(this.careDate);
    this.cents = larger(this.cents);
    this.acts = larger(this.acts);
    this.previous = larger(this.previous);
  }
}
