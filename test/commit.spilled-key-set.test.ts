import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { xorshiftKeys as keys } from './support/xorshift-keys.js';
import { FILTER_BITS_PER_KEY, KeyBlockFilter } from '../engine/commit/key-block-filter.js';
import { SortedKeyRun } from '../engine/commit/sorted-key-run.js';
import { SpilledKeySet } from '../engine/commit/spilled-key-set.js';

const tempDir = tempDirs('tpliq-keys-');

describe('SpilledKeySet: the run\'s key sets with older keys on disk', () => {
  it('answers like a Set of "hi:lo" strings across many spills, repeats included', () => {
    const set = new SpilledKeySet(join(tempDir(), 'keys'), 'paid-exact', 1_000);
    const oracle = new Set<string>();
    for (const [hi, lo] of keys(60_000, 7)) {
      const seen = oracle.has(`${hi}:${lo}`);
      expect(set.has(hi, lo)).toBe(seen);
      expect(set.add(hi, lo)).toBe(!seen);
      oracle.add(`${hi}:${lo}`);
    }
    expect(set.size).toBe(oracle.size);
    expect(set.runCount).toBe(Math.floor(oracle.size / 1_000));
    for (const [hi, lo] of keys(20_000, 99)) expect(set.has(hi, lo)).toBe(oracle.has(`${hi}:${lo}`));
    // Repeats went to disk to be confirmed; absent keys mostly did not (the filter answers "maybe" to ≈ 2.5 % of absent keys at most).
    expect(set.diskConfirmations).toBeGreaterThan(0);
  });

  it('keeps the full unsigned range of both halves apart once on disk (0, 2^31, 2^32 − 1)', () => {
    const set = new SpilledKeySet(tempDir(), 'x', 3);
    const extremes = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
    for (const hi of extremes) for (const lo of extremes) if (hi !== lo) expect(set.add(hi, lo)).toBe(true);
    expect(set.runCount).toBeGreaterThan(5);
    for (const hi of extremes) for (const lo of extremes) expect(set.has(hi, lo)).toBe(hi !== lo);
    // Signed 32-bit views of the same halves (what `| 0` arithmetic yields) are the same keys.
    expect(set.has(0x80000000 | 0, 0xffffffff | 0)).toBe(true);
  });

  it('clear() deletes its files and the set is usable again', () => {
    const dir = tempDir();
    const set = new SpilledKeySet(dir, 'used-pecs', 100);
    for (const [hi, lo] of keys(5_000, 3)) set.add(hi, lo);
    expect(readdirSync(dir).filter((f) => f.startsWith('used-pecs-')).length).toBe(set.runCount);
    expect(set.runCount).toBeGreaterThan(10);
    set.clear();
    expect(readdirSync(dir)).toEqual([]);
    expect(set.size).toBe(0);
    for (const [hi, lo] of keys(5_000, 3)) expect(set.has(hi, lo)).toBe(false);
    expect(set.add(12, 34)).toBe(true);
    expect(set.add(12, 34)).toBe(false);
    // Its folder deleted (as the run does), the set spills again into a new one.
    rmSync(dir, { recursive: true, force: true });
    for (const [hi, lo] of keys(1_000, 4)) set.add(hi, lo);
    expect(set.runCount).toBeGreaterThan(0);
    expect(readdirSync(dir).length).toBe(set.runCount);
  });

  it('an add right after has() answered "absent" adds once; any other add still looks', () => {
    const set = new SpilledKeySet(tempDir(), 'x', 2);
    for (const [hi, lo] of [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]] as const) set.add(hi, lo); // two runs on disk
    expect(set.has(9, 9)).toBe(false);
    expect(set.add(1, 1)).toBe(false); // on disk, asked right after another key's "absent"
    expect(set.add(9, 9)).toBe(true);
    expect(set.has(7, 7)).toBe(false);
    expect(set.add(9, 9)).toBe(false);
    expect(set.add(7, 7)).toBe(true);
    expect(set.add(7, 7)).toBe(false);
    expect(set.size).toBe(7);
    for (const k of [1, 2, 3, 4, 5, 7, 9]) expect(set.has(k, k)).toBe(true);
  });

  it('creates no folder while everything fits in memory', () => {
    const dir = join(tempDir(), 'never');
    const set = new SpilledKeySet(dir, 'x', 1_000);
    for (const [hi, lo] of keys(500, 5)) set.add(hi, lo);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('SortedKeyRun: one sorted run on disk', () => {
  it('finds every key it holds and none it does not, at block edges too', () => {
    const dir = tempDir();
    const count = 2_000; // four blocks of 512, the last one partial
    const pairs = new Uint32Array(count * 2);
    for (let i = 0; i < count; i++) {
      // Even values only, written in descending order: write() must sort them.
      const v = 2 * (count - i);
      pairs[2 * i] = v; // low half
      pairs[2 * i + 1] = v % 3; // high half
    }
    const run = SortedKeyRun.write(join(dir, 'r.keys'), pairs, count);
    expect(statSync(join(dir, 'r.keys')).size).toBe(count * 8);
    const held = new Set<string>();
    for (let i = 0; i < count; i++) held.add(`${pairs[2 * i + 1]}:${pairs[2 * i]}`);
    for (let v = 0; v <= 2 * count + 2; v++) for (let hi = 0; hi < 4; hi++) expect(run.has(hi, v)).toBe(held.has(`${hi}:${v}`));
    const order: string[] = [];
    run.forEach((hi, lo) => order.push(`${hi}:${lo}`));
    expect(order.length).toBe(count);
    const sorted = [...order].sort((a, b) => {
      const [ah, al] = a.split(':').map(Number) as [number, number];
      const [bh, bl] = b.split(':').map(Number) as [number, number];
      return ah - bh || al - bl;
    });
    expect(order).toEqual(sorted);
    run.remove();
    expect(existsSync(join(dir, 'r.keys'))).toBe(false);
  });
});

describe('KeyBlockFilter', () => {
  it('never forgets a key and says "maybe" to about 2.5 % of absent keys when full (8 bits a key)', () => {
    const filter = new KeyBlockFilter(100_000);
    const added = new Set<string>();
    for (const [hi, lo] of keys(100_000, 11, 1_000_000_000, 1_000_000_000)) {
      filter.add(hi, lo);
      added.add(`${hi}:${lo}`);
    }
    for (const [hi, lo] of keys(100_000, 11, 1_000_000_000, 1_000_000_000)) expect(filter.mayHave(hi, lo)).toBe(true);
    let falsePositives = 0;
    let absent = 0;
    for (const [hi, lo] of keys(100_000, 12345, 1_000_000_000, 1_000_000_000)) {
      if (added.has(`${hi}:${lo}`)) continue;
      absent++;
      if (filter.mayHave(hi, lo)) falsePositives++;
    }
    expect(falsePositives / absent).toBeLessThan(0.03);
    expect(filter.bytes).toBe(Math.ceil((100_000 * FILTER_BITS_PER_KEY) / 512) * 64);
  });
});
