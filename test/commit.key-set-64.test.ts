import { describe, expect, it } from 'vitest';
import { xorshiftKeys as keys } from './support/xorshift-keys.js';
import { KeySet64 } from '../engine/commit/key-set-64.js';

describe('KeySet64: the run\'s exact sets of 64-bit keys', () => {
  it('answers like a Set of "hi:lo" strings across many growths, repeats included', () => {
    const set = new KeySet64(4);
    const oracle = new Set<string>();
    for (const [hi, lo] of keys(60_000, 7)) {
      expect(set.has(hi, lo)).toBe(oracle.has(`${hi}:${lo}`));
      expect(set.add(hi, lo)).toBe(!oracle.has(`${hi}:${lo}`));
      oracle.add(`${hi}:${lo}`);
    }
    expect(set.size).toBe(oracle.size);
    for (const [hi, lo] of keys(5_000, 99)) expect(set.has(hi, lo)).toBe(oracle.has(`${hi}:${lo}`));
  });

  it('keeps the full unsigned range of both halves apart (0, 2^31, 2^32 − 1)', () => {
    const set = new KeySet64();
    const extremes = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
    for (const hi of extremes) for (const lo of extremes) if (hi !== lo) set.add(hi, lo);
    for (const hi of extremes) for (const lo of extremes) expect(set.has(hi, lo)).toBe(hi !== lo);
  });

  it('clear() forgets every key and the set is usable again', () => {
    const set = new KeySet64();
    for (const [hi, lo] of keys(10_000, 3)) set.add(hi, lo);
    set.clear();
    expect(set.size).toBe(0);
    for (const [hi, lo] of keys(10_000, 3)) expect(set.has(hi, lo)).toBe(false);
    expect(set.add(12, 34)).toBe(true);
    expect(set.add(12, 34)).toBe(false);
    expect(set.has(12, 34)).toBe(true);
  });

  it('drain() answers every key once as (low, high) pairs, empties the set and keeps it usable', () => {
    const set = new KeySet64(4);
    const oracle = new Set<string>();
    for (const [hi, lo] of keys(50_000, 11)) {
      set.add(hi, lo);
      oracle.add(`${hi >>> 0}:${lo >>> 0}`);
    }
    const pairs = set.drain();
    expect(pairs.length).toBe(2 * oracle.size);
    const drained = new Set<string>();
    for (let i = 0; i < pairs.length; i += 2) drained.add(`${pairs[i + 1]}:${pairs[i]}`);
    expect(drained).toEqual(oracle);
    expect(set.size).toBe(0);
    for (const [hi, lo] of keys(1_000, 11)) expect(set.has(hi, lo)).toBe(false);
    // Sorted as 64-bit numbers where they are (what a spill does), the pairs come in (high, low)
    // order: the low half is first in each pair.
    new BigUint64Array(pairs.buffer, pairs.byteOffset, pairs.length / 2).sort();
    for (let i = 2; i < pairs.length; i += 2) {
      const previous = [pairs[i - 1]!, pairs[i - 2]!];
      expect(previous[0]! < pairs[i + 1]! || (previous[0] === pairs[i + 1] && previous[1]! < pairs[i]!)).toBe(true);
    }
    // Usable again.
    expect(set.add(0xffffffff, 0)).toBe(true);
    expect(set.has(0xffffffff, 0)).toBe(true);
    expect(set.drain()).toEqual(new Uint32Array([0, 0xffffffff]));
  });
});
