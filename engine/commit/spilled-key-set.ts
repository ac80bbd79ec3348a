import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KeyBlockFilter } from './key-block-filter.js';
import { KeySet64 } from './key-set-64.js';
import type { RunKeySet } from './run-key-set.js';
import { SortedKeyRun } from './sorted-key-run.js';

/**
 * Recent keys held in memory before they move to disk. 786 432 keys is three quarters of 2^20
 * slots, the most a KeySet64 holds before it doubles: the recent set never grows past 9 MiB.
 */
export const RECENT_KEYS_MAX = 786_432;

/**
 * A run's set of 64-bit keys whose memory stays flat in the number of keys: the recent keys in a
 * KeySet64, the older ones in sorted files on disk with a blocked Bloom filter over all of them in
 * memory (10 bits a key, against 72 bits a key in KeySet64 at its usual load). A key the filter
 * has never seen costs no read; a "maybe" (≈ 1 % of absent keys, and every true duplicate) is
 * confirmed exactly by one 4 KiB read per run, so the answers are those of an exact set.
 *
 * At 6 M keys the set holds ≈ 16 MiB (9 recent + 7 filter + fences) instead of ≈ 72 MiB, and ≈
 * 108 MiB while a KeySet64 of that size doubles.
 */
export class SpilledKeySet implements RunKeySet {
  private recent: KeySet64;
  private readonly runs: SortedKeyRun[] = [];
  private filter: KeyBlockFilter | undefined;
  private spilledKeys = 0;
  private createdDir = false;
  private confirmations = 0;

  /**
   * @param dir where the sorted runs go (created on the first spill); each set names its files
   *   with `name`, so sets may share a folder.
   */
  constructor(private readonly dir: string, private readonly name: string, private readonly recentMax = RECENT_KEYS_MAX) {
    if (!Number.isInteger(recentMax) || recentMax < 1) throw new RangeError(`SpilledKeySet: recentMax must be a positive integer, got ${recentMax}`);
    this.recent = new KeySet64();
  }

  get size(): number {
    return this.spilledKeys + this.recent.size;
  }

  /** Lookups the filter could not answer, confirmed (or not) by reading the runs. */
  get diskConfirmations(): number {
    return this.confirmations;
  }

  /** Sorted runs on disk (for tests and the run's figures). */
  get runCount(): number {
    return this.runs.length;
  }

  has(hi: number, lo: number): boolean {
    if (this.recent.has(hi, lo)) return true;
    if (this.filter === undefined || !this.filter.mayHave(hi, lo)) return false;
    this.confirmations++;
    const h = hi >>> 0;
    const l = lo >>> 0;
    for (const run of this.runs) if (run.has(h, l)) return true;
    return false;
  }

  add(hi: number, lo: number): boolean {
    if (this.has(hi, lo)) return false;
    this.recent.add(hi, lo);
    if (this.recent.size >= this.recentMax) this.spill();
    return true;
  }

  clear(): void {
    for (const run of this.runs) run.remove();
    this.runs.length = 0;
    this.filter = undefined;
    this.spilledKeys = 0;
    this.recent = new KeySet64();
  }

  /**
   * Moves the recent keys to a new sorted run and rebuilds the filter over every spilled key (a
   * Bloom filter cannot grow; reading the runs back is sequential and takes well under a second
   * at millions of keys).
   */
  private spill(): void {
    if (!this.createdDir) {
      mkdirSync(this.dir, { recursive: true });
      this.createdDir = true;
    }
    const count = this.recent.size;
    const pairs = new Uint32Array(count * 2);
    this.recent.copyKeysTo(pairs);
    this.recent = new KeySet64();
    this.runs.push(SortedKeyRun.write(join(this.dir, `${this.name}-${this.runs.length}.keys`), pairs, count));
    this.spilledKeys += count;
    const filter = new KeyBlockFilter(this.spilledKeys);
    for (const run of this.runs) run.forEach((hi, lo) => filter.add(hi, lo));
    this.filter = filter;
  }
}
