import type { RunKeySet } from './run-key-set.js';

/**
 * A set of 64-bit keys (two unsigned 32-bit halves) in flat typed arrays with open addressing.
 * The commit step remembers every paid invoice of a run (exact and functional duplicate keys):
 * a JS Set of strings would cost ~80 bytes a key, this costs 9 bytes a slot (12 to 24 a key at its
 * load). A run keeps only its recent keys in one and moves older ones to disk (SpilledKeySet);
 * tests and the benchmark's straightforward engine keep them all here.
 */
export class KeySet64 implements RunKeySet {
  /**
   * Slot i holds its key at 2i (low half) and 2i + 1 (high half): one cache line a probe, and the
   * layout of a little-endian BigUint64Array, so the keys can be sorted where they are (drain).
   */
  private halves = new Uint32Array(2);
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
      if (this.halves[2 * i + 1] === hi >>> 0 && this.halves[2 * i] === lo >>> 0) return true;
    }
  }

  /** Adds the key; returns false when it was already there. */
  add(hi: number, lo: number): boolean {
    if ((this.count + 1) * 4 > this.used.length * 3) this.grow();
    const mask = this.used.length - 1;
    for (let i = slot(hi, lo) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.halves[2 * i] = lo;
        this.halves[2 * i + 1] = hi;
        this.count++;
        return true;
      }
      if (this.halves[2 * i + 1] === hi >>> 0 && this.halves[2 * i] === lo >>> 0) return false;
    }
  }

  /**
   * Empties the set but keeps its arrays, and answers its keys as (low half, high half) pairs: a
   * view of the set's own storage, moved to the front, valid until the next `add`. SpilledKeySet
   * sorts and writes them from there: a fresh set and a copy for every spill were ≈ 15 MiB of
   * arrays for the collector at 786 432 keys.
   */
  drain(): Uint32Array {
    const { halves, used } = this;
    let at = 0;
    // Slot i moves to position at ≤ i: nothing is overwritten before it has been read.
    for (let i = 0; i < used.length; i++) {
      if (used[i] === 1) {
        halves[2 * at] = halves[2 * i]!;
        halves[2 * at + 1] = halves[2 * i + 1]!;
        at++;
      }
    }
    used.fill(0);
    this.count = 0;
    return halves.subarray(0, 2 * at);
  }

  private grow(): void {
    const { halves, used } = this;
    this.empty(used.length * 2);
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.add(halves[2 * i + 1]!, halves[2 * i]!);
  }

  /** No key, `capacity` slots (a power of two). */
  private empty(capacity: number): void {
    this.halves = new Uint32Array(2 * capacity);
    this.used = new Uint8Array(capacity);
    this.count = 0;
  }
}

function slot(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ lo;
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
