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
});
