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
 * The first filter is sized for this many runs (6.3 M keys, 6 MiB): a night of 10 M lines
 * (5.8 M paid) never rebuilds it, and a filter less full answers "maybe" less often.
 */
const FILTER_RUNS_FIRST = 8;

/**
 * A run's set of 64-bit keys whose memory stays flat in the number of keys: the recent keys in a
 * KeySet64, the older ones in sorted files on disk with a blocked Bloom filter over all of them in
 * memory (8 to 16 bits a key, against 72 bits a key in KeySet64 at its usual load). A key the
 * filter has never seen costs no read; a "maybe" (at most ≈ 2.5 % of absent keys, and every true
 * duplicate) is confirmed exactly by one 4 KiB read per run, so the answers are an exact set's.
 *
 * At 6 M keys the set holds ≈ 15 MiB (9 recent + 6 filter + fences) instead of ≈ 72 MiB, and ≈
 * 108 MiB while a KeySet64 of that size doubles. Its price is time on the main thread: 5.8 M
 * random keys, each looked up then added, took 2.6 s against 0.9 s for a KeySet64 (the filter
 * misses the CPU cache on every lookup; the spills sort and write), ≈ 3 s a set at 10 M lines.
 */
export class SpilledKeySet implements RunKeySet {
  private recent: KeySet64;
  private readonly runs: SortedKeyRun[] = [];
  private filter: KeyBlockFilter | undefined;
  /** Keys the filter was sized for: past it, it is rebuilt twice as large. */
  private filterCapacity = 0;
  private spilledKeys = 0;
  /** The last key `has` found absent, so the `add` that follows it does not look again. */
  private absentHi = -1;
  private absentLo = -1;
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
    const h = hi >>> 0;
    const l = lo >>> 0;
    if (this.recent.has(h, l) || this.onDisk(h, l)) return true;
    this.absentHi = h;
    this.absentLo = l;
    return false;
  }

  add(hi: number, lo: number): boolean {
    const h = hi >>> 0;
    const l = lo >>> 0;
    // The commit step asks `has` first; nothing was added since it answered "absent".
    const knownAbsent = h === this.absentHi && l === this.absentLo;
    this.absentHi = -1;
    if (!knownAbsent && (this.recent.has(h, l) || this.onDisk(h, l))) return false;
    this.recent.add(h, l);
    if (this.recent.size >= this.recentMax) this.spill();
    return true;
  }

  clear(): void {
    for (const run of this.runs) run.remove();
    this.runs.length = 0;
    this.filter = undefined;
    this.filterCapacity = 0;
    this.spilledKeys = 0;
    this.absentHi = -1;
    this.recent = new KeySet64();
  }

  private onDisk(hi: number, lo: number): boolean {
    if (this.filter === undefined || !this.filter.mayHave(hi, lo)) return false;
    this.confirmations++;
    for (const run of this.runs) if (run.has(hi, lo)) return true;
    return false;
  }

  /**
   * Moves the recent keys to a new sorted run and adds them to the filter. A Bloom filter cannot
   * grow, so when the spilled keys outgrow it, it is rebuilt from the runs for twice their number:
   * rebuilding at every spill read back 22 M keys for 5.8 M (three quarters of the set's time);
   * doubling reads back fewer than twice the final count, at 8 to 16 bits a key.
   */
  private spill(): void {
    // Made at every spill (a few a run), not once: the run deletes the folder when the input is over.
    mkdirSync(this.dir, { recursive: true });
    const count = this.recent.size;
    // The recent set keeps its arrays for the keys to come; `pairs` is a view of them, read
    // before the next add.
    const pairs = this.recent.drain();
    this.runs.push(SortedKeyRun.write(join(this.dir, `${this.name}-${this.runs.length}.keys`), pairs, count));
    this.spilledKeys += count;
    if (this.filter !== undefined && this.spilledKeys <= this.filterCapacity) {
      for (let i = 0; i < count; i++) this.filter.add(pairs[2 * i + 1]!, pairs[2 * i]!);
      return;
    }
    this.filterCapacity = Math.max(2 * this.spilledKeys, FILTER_RUNS_FIRST * this.recentMax);
    const filter = new KeyBlockFilter(this.filterCapacity);
    for (const run of this.runs) run.forEach((hi, lo) => filter.add(hi, lo));
    this.filter = filter;
  }
}
