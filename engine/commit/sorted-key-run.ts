import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { lowerBound } from '../referential/column-readers.js';

/**
 * Keys read back per confirmation: one 4 KiB page. The fence index keeps the first key of each
 * block in memory (8 bytes a block, 16 KiB a million keys), so a lookup is one binary search in
 * memory, one read and one binary search in the block.
 */
const KEYS_PER_BLOCK = 512;
const KEY_BYTES = 8;
const SCAN_KEYS = 1 << 17; // 1 MiB a read when scanning a run whole

// Keys are sorted as BigUint64 over (low half, high half) pairs: that order is (hi, lo) only on a
// little-endian machine, which every platform Node supports is; refuse to run anywhere else.
if (endianness() !== 'LE') throw new Error('SortedKeyRun: a little-endian machine is required');

/**
 * One sorted run of 64-bit keys in a file of its own (pairs low half first, 8 bytes a key), written
 * once and then only read: what SpilledKeySet moves out of memory when its recent keys fill up.
 */
export class SortedKeyRun {
  private readonly block = new Uint32Array(KEYS_PER_BLOCK * 2);

  private constructor(
    readonly path: string,
    readonly count: number,
    private readonly fd: number,
    /** First key of each block, as (lo, hi) pairs. */
    private readonly fences: Uint32Array,
  ) {}

  /**
   * Sorts the first `count` keys of `pairs` in place (low half first, as KeySet64.drain lays them
   * out) and writes them to `path`.
   */
  static write(path: string, pairs: Uint32Array, count: number): SortedKeyRun {
    new BigUint64Array(pairs.buffer, pairs.byteOffset, count).sort();
    const bytes = new Uint8Array(pairs.buffer, pairs.byteOffset, count * KEY_BYTES);
    const fd = openSync(path, 'wx+');
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, written);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const blocks = Math.ceil(count / KEYS_PER_BLOCK);
    const fences = new Uint32Array(blocks * 2);
    for (let b = 0; b < blocks; b++) {
      fences[2 * b] = pairs[2 * b * KEYS_PER_BLOCK]!;
      fences[2 * b + 1] = pairs[2 * b * KEYS_PER_BLOCK + 1]!;
    }
    return new SortedKeyRun(path, count, fd, fences);
  }

  has(hi: number, lo: number): boolean {
    const blocks = this.fences.length / 2;
    const fenceOrder = (b: number): number => compare(this.fences[2 * b + 1]!, this.fences[2 * b]!, hi, lo);
    // The first block whose first key is ≥ the key: that key itself needs no read; otherwise the
    // key can only be in the block before it.
    const next = lowerBound(0, blocks, fenceOrder);
    if (next < blocks && fenceOrder(next) === 0) return true;
    const block = next - 1;
    if (block < 0) return false;
    const keys = Math.min(KEYS_PER_BLOCK, this.count - block * KEYS_PER_BLOCK);
    this.readFully(this.block, keys, block * KEYS_PER_BLOCK);
    const keyOrder = (i: number): number => compare(this.block[2 * i + 1]!, this.block[2 * i]!, hi, lo);
    const at = lowerBound(0, keys, keyOrder);
    return at < keys && keyOrder(at) === 0;
  }

  /** Every key in order (to rebuild a filter over all runs). */
  forEach(visit: (hi: number, lo: number) => void): void {
    const chunk = new Uint32Array(Math.min(SCAN_KEYS, this.count) * 2);
    for (let from = 0; from < this.count; from += SCAN_KEYS) {
      const keys = Math.min(SCAN_KEYS, this.count - from);
      this.readFully(chunk, keys, from);
      for (let i = 0; i < keys; i++) visit(chunk[2 * i + 1]!, chunk[2 * i]!);
    }
  }

  /** Closes and deletes the file. */
  remove(): void {
    closeSync(this.fd);
    unlinkSync(this.path);
  }

  private readFully(into: Uint32Array, keys: number, fromKey: number): void {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, keys * KEY_BYTES);
    const position = fromKey * KEY_BYTES;
    for (let read = 0; read < bytes.length; ) {
      const n = readSync(this.fd, bytes, read, bytes.length - read, position + read);
      if (n === 0) throw new Error(`${this.path}: key run ends before key ${fromKey + keys} of ${this.count}`);
      read += n;
    }
  }
}

/** Order of (hiA, loA) against (hiB, loB), halves unsigned. */
function compare(hiA: number, loA: number, hiB: number, loB: number): number {
  if (hiA !== hiB) return hiA < hiB ? -1 : 1;
  return loA === loB ? 0 : loA < loB ? -1 : 1;
}
