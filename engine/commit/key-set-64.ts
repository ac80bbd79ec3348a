import type { RunKeySet } from './run-key-set.js';

/**
 * A set of 64-bit keys (two unsigned 32-bit halves) in flat typed arrays with open addressing.
 * The commit step remembers every paid invoice of a run (exact and functional duplicate keys):
 * a JS Set of strings would cost ~80 bytes a key, this costs 9 bytes a slot (12 to 24 a key at its
 * load). A run keeps only its recent keys in one and moves older ones to disk (SpilledKeySet);
 * tests and the benchmark's straightforward engine keep them all here.
 */
export class KeySet64 implements RunKeySet {
  private hi = new Uint32Array(1);
  private lo = new Uint32Array(1);
  private used = new Uint8Array(1);
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.empty(capacity);
  }

  /** Forgets every key and gives the arrays back (tens of MiB at millions of keys). */
  clear(): void {
    this.empty(1);
  }

  get size(): number {
    return this.count;
  }

  has(hi: number, lo: number): boolean {
    const mask = this.used.length - 1;
    for (let i = slot(hi, lo) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) return false;
      if (this.hi[i] === hi >>> 0 && this.lo[i] === lo >>> 0) return true;
    }
  }

  /** Adds the key; returns false when it was already there. */
  add(hi: number, lo: number): boolean {
    if ((this.count + 1) * 4 > this.used.length * 3) this.grow();
    const mask = this.used.length - 1;
    for (let i = slot(hi, lo) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.count++;
        return true;
      }
      if (this.hi[i] === hi >>> 0 && this.lo[i] === lo >>> 0) return false;
    }
  }

  /**
   * Every key as a 64-bit little-endian pair (low half first) in `pairs`, from index 0: the layout
   * of a BigUint64Array over the same bytes, which is how SpilledKeySet sorts them natively.
   */
  copyKeysTo(pairs: Uint32Array): void {
    if (pairs.length < this.count * 2) throw new RangeError(`copyKeysTo: room for ${pairs.length / 2} keys, ${this.count} held`);
    let at = 0;
    for (let i = 0; i < this.used.length; i++) {
      if (this.used[i] === 1) {
        pairs[at++] = this.lo[i]!;
        pairs[at++] = this.hi[i]!;
      }
    }
  }

  private grow(): void {
    const { hi, lo, used } = this;
    this.empty(used.length * 2);
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.add(hi[i]!, lo[i]!);
  }

  /** No key, `capacity` slots (a power of two). */
  private empty(capacity: number): void {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.count = 0;
  }
}

function slot(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ lo;
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
