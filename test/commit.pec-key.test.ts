import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pecKey } from '../engine/commit/pec-key.js';

const exactAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const exactPec = fc.array(fc.constantFrom(...exactAlphabet), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
const keyText = (k: { hi: number; lo: number }): string => `${k.hi}:${k.lo}`;

describe('PEC key', () => {
  it('gives different keys to different PEC numbers of up to 12 digits and capitals (exact, no hash)', () => {
    fc.assert(
      fc.property(exactPec, exactPec, (a, b) => {
        fc.pre(a !== b);
        expect(keyText(pecKey(a))).not.toBe(keyText(pecKey(b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('does not confuse numbers that differ only by leading zeros or length', () => {
    const keys = ['1', '01', '001', '000000000001', '100000000000', '10', 'PEC000000001', 'PEC00000001'].map((p) => keyText(pecKey(p)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps both halves unsigned 32-bit, for KeySet64', () => {
    for (const p of ['ZZZZZZZZZZZZ', '000000000000', 'pec-lower', 'ÉÈ', 'A'.repeat(40)]) {
      const { hi, lo } = pecKey(p);
      for (const half of [hi, lo]) {
        expect(Number.isInteger(half)).toBe(true);
        expect(half).toBeGreaterThanOrEqual(0);
        expect(half).toBeLessThan(2 ** 32);
      }
    }
  });

  it('never lets a hashed (odd) PEC number take the key of an exact one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), exactPec, (odd, exact) => {
        fc.pre(!/^[0-9A-Z]{1,12}$/.test(odd));
        expect(keyText(pecKey(odd))).not.toBe(keyText(pecKey(exact)));
        expect(pecKey(odd).hi).toBeGreaterThanOrEqual(37 ** 6);
      }),
      { numRuns: 5_000 },
    );
  });
});
