/**
 * Objects built from table rows, kept in a fixed number of slots: row r lives in slot
 * r mod slots, and a row that lands on an occupied slot replaces what was there. The memory is
 * bounded by the slot count, whatever the number of rows a run asks for.
 *
 * Why not an array with a slot per row: a worker that keeps every practitioner it has met grows
 * with the input, ≈ 0.3 KiB a practitioner (23 200 practitioners paid in the 10 M-line day, 8 600
 * in a tenth of its files; the workers' heaps at the end of the 10 M intake were 47 MiB each with
 * every practitioner kept, 41 with 1 024 slots). The invoices of a practitioner come together (a
 * lot is one practitioner's, and a worker gets its invoices in input order), so a small cache
 * keeps nearly every hit: 0.6 % of lookups missed on that tenth.
 */
export class RowCache<T> {
  private readonly rows: Int32Array;
  private readonly values: (T | undefined)[];
  private readonly mask: number;

  /** @param slots a power of two */
  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1 || (slots & (slots - 1)) !== 0) throw new RangeError(`RowCache: slots must be a power of two, got ${slots}`);
    this.rows = new Int32Array(slots).fill(-1);
    this.values = new Array<T | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** The object of `row`, built by `build` unless the slot still holds it. */
  get(row: number, build: (row: number) => T): T {
    const slot = row & this.mask;
    if (this.rows[slot] === row) return this.values[slot]!;
    const value = build(row);
    this.rows[slot] = row;
    this.values[slot] = value;
    return value;
  }
}
