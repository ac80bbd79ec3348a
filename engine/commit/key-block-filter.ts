/**
 * A blocked Bloom filter over 64-bit keys (two unsigned 32-bit halves): "certainly absent" or
 * "maybe present". Each key's bits all fall in one 512-bit block (one cache line), so a lookup
 * costs one memory miss however large the filter; the price is a slightly higher false-positive
 * rate than a classic filter of the same size. SpilledKeySet asks it before reading keys back from
 * disk.
 *
 * 8 bits a key, 6 set: "maybe" to ≈ 2.4 % of absent keys when full (the test measures it), against
 * ≈ 1 % at 10 bits and 7 set. The filter is the part of a run's key sets that grows with the night
 * (two filters of 7.5 MiB at 10 M lines with 10 bits); at 8 bits they are 6 MiB. The price, 5.8 M
 * random keys looked up then added: 18 000 reads of a 4 KiB block instead of 8 200, and no
 * measurable time (2.3–2.7 s against 2.4–2.9 s, runs of each in turn).
 */
const WORDS_PER_BLOCK = 16; // 16 × 32 bits = 512 bits = 64 bytes
const BITS_SET_PER_KEY = 6;

export const FILTER_BITS_PER_KEY = 8;

export class KeyBlockFilter {
  private readonly words: Uint32Array;
  private readonly blocks: number;
  private readonly wordAt = new Uint32Array(BITS_SET_PER_KEY);
  private readonly maskAt = new Int32Array(BITS_SET_PER_KEY);

  /**
   * Room for `expectedKeys` at FILTER_BITS_PER_KEY bits each (one block at least), or the words of
   * a filter saved earlier (`contents`): the same block count gives the same bits for every key.
   */
  constructor(expectedKeys: number);
  constructor(contents: Uint32Array);
  constructor(sizing: number | Uint32Array) {
    if (typeof sizing === 'number') {
      this.blocks = Math.max(1, Math.ceil((sizing * FILTER_BITS_PER_KEY) / (WORDS_PER_BLOCK * 32)));
      this.words = new Uint32Array(this.blocks * WORDS_PER_BLOCK);
    } else {
      if (sizing.length === 0 || sizing.length % WORDS_PER_BLOCK !== 0) {
        throw new RangeError(`KeyBlockFilter: ${sizing.length} words are not a whole number of ${WORDS_PER_BLOCK}-word blocks`);
      }
      this.blocks = sizing.length / WORDS_PER_BLOCK;
      this.words = sizing;
    }
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /** How many keys it holds at FILTER_BITS_PER_KEY bits each; more only raise its "maybe" rate. */
  get capacityKeys(): number {
    return (this.words.length * 32) / FILTER_BITS_PER_KEY;
  }

  /** The filter's bits, to save them (the view, not a copy). */
  get contents(): Uint32Array {
    return this.words;
  }

  add(hi: number, lo: number): void {
    this.locate(hi, lo);
    for (let i = 0; i < BITS_SET_PER_KEY; i++) this.words[this.wordAt[i]!]! |= this.maskAt[i]!;
  }

  /** False: the key was never added. True: it may have been (confirm elsewhere). */
  mayHave(hi: number, lo: number): boolean {
    this.locate(hi, lo);
    for (let i = 0; i < BITS_SET_PER_KEY; i++) if ((this.words[this.wordAt[i]!]! & this.maskAt[i]!) === 0) return false;
    return true;
  }

  /** The key's bits as (word index, mask) pairs in wordAt / maskAt: one block, BITS_SET_PER_KEY bits. */
  private locate(hi: number, lo: number): void {
    const b = mixB(hi, lo);
    const base = this.blockOf(mixA(hi, lo)) * WORDS_PER_BLOCK;
    // Bits b + i·step within the block (double hashing). The step comes from other bits of b than
    // the start: taken from the same 9 bits, a key could only use one of 512 bit patterns, and an
    // absent key would match a present one's pattern ≈ 10 % of the time.
    const step = (b >>> 9) | 1;
    for (let i = 0; i < BITS_SET_PER_KEY; i++) {
      const bit = (b + Math.imul(i, step)) & 511;
      this.wordAt[i] = base + (bit >>> 5);
      this.maskAt[i] = 1 << (bit & 31);
    }
  }

  /** A 32-bit hash scaled to [0, blocks) by multiplication (no power-of-two size needed). */
  private blockOf(hash: number): number {
    return Math.floor((hash / 4294967296) * this.blocks);
  }
}

// Two independent 32-bit mixes of the key (murmur3 finalizer constants); keys such as
// (practitioner, invoice number) are far from random, so both halves are mixed before use.
// A saved filter's bits depend on them (run/paid-key-filter-file.ts): change them, bump its version.
function mixA(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(lo, 0xcc9e2d51);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mixB(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x7f4a7c15, 0x1b873593) ^ Math.imul(hi, 0xe6546b64);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}
