import { describe, expect, it } from 'vitest';
import { exactKey, exactKeyHalf } from '../engine/commit/exact-key.js';

describe('exactKey: (practitioner, invoice number) as two 32-bit halves', () => {
  it('reads 1 to 9 digits as the number they write, leading zeros included', () => {
    expect(exactKeyHalf('0')).toBe(0);
    expect(exactKeyHalf('000000001')).toBe(1);
    expect(exactKeyHalf('991023763')).toBe(991_023_763);
    expect(exactKeyHalf('999999999')).toBe(999_999_999);
    expect(exactKey('991023763', '000000042')).toEqual({ hi: 991_023_763, lo: 42 });
  });

  it('hashes anything else above 10^9, so it never meets a number of 9 digits', () => {
    for (const s of ['', '1234567890', '12345678a', 'a', ' 12345678', '-1', '1e5', '١٢٣']) {
      const half = exactKeyHalf(s);
      expect(half, s).toBeGreaterThanOrEqual(1_000_000_000);
      expect(half, s).toBeLessThan(4_000_000_000);
      expect(exactKeyHalf(s), s).toBe(half);
    }
    expect(exactKeyHalf('12345678a')).not.toBe(exactKeyHalf('12345678b'));
  });
});
