/**
 * The generator's only source of chance: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator, public domain), seeded through splitmix32. Same seed ⇒ same draws ⇒ same bytes, on
 * every machine: only 32-bit integer operations, no Math.random, no clock.
 *
 * Entities that must be re-derivable at any time (a beneficiary met again three files later) are
 * not drawn from the main stream but from a stream *reseeded* by (salt, index): the same index
 * always gives the same person, whatever was generated before, so the beneficiary file and the
 * invoices agree without holding two million people in memory.
 */

/** One splitmix32 step on a state word; returns the mixed output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit hash of two integers (murmur3 finaliser over a combination), for derived seeds. */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x01000193) ^ Math.imul(b | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TWO_POW_32 = 4_294_967_296;

export class Prng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Restarts the generator on the stream (seed, stream): the draws that follow depend on nothing else. */
  reseed(seed: number, stream: number): void {
    let s = hash32(seed >>> 0, stream);
    s = splitmix32(s);
    this.a = s;
    s = splitmix32(s ^ 0x6a09e667);
    this.b = s;
    s = splitmix32(s ^ 0xbb67ae85);
    this.c = s;
    this.d = 1;
    // Warm-up: the first outputs of a fresh sfc32 state are poorly mixed. The state comes out of
    // splitmix32 already well spread, so 8 rounds suffice (reseeding is on the hot path).
    for (let i = 0; i < 8; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Uniform integer in [min, max], both included (bias below 2^-20 for the ranges used here). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** An index drawn with the given cumulative weights (last entry = total). */
  weightedIndex(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.float() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < (cumulative[i] ?? 0)) return i;
    return cumulative.length - 1;
  }
}

/** Cumulative sums of weights, for Prng.weightedIndex. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
