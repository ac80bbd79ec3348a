import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cents } from '../engine/domain/units.js';
import { capProportionally } from '../engine/liquidate/proportional-cap.js';

const capped = (amounts: number[], capCents: number, indexes = amounts.map((_, i) => i)): number[] => {
  const copy = amounts.slice() as Cents[];
  capProportionally(copy, indexes, capCents);
  return copy;
};

describe('a cap over several lines is spread in proportion, to the cent', () => {
  it('leaves lines already within the cap untouched', () => {
    expect(capped([9997, 9997, 9997], 29_991)).toEqual([9997, 9997, 9997]);
  });

  it('gives the cents the floors leave to the largest remainders, a tie to the earlier line', () => {
    // 100 × 1/3 each: floors 33, one cent left, three equal remainders → the first line.
    expect(capped([500, 500, 500], 100)).toEqual([34, 33, 33]);
  });

  it('pays nothing when the cap is at or below zero (the AMO alone reaches the maximum)', () => {
    expect(capped([1200, 300], -5)).toEqual([0, 0]);
  });

  it('touches only the lines it is given', () => {
    expect(capped([5000, 7000, 3000], 4000, [0, 2])).toEqual([2500, 7000, 1500]);
  });

  it('stays exact where a float product would not: amounts near 2^31 cents', () => {
    expect(capped([2_147_483_647, 2_147_483_646], 2_147_483_647)).toEqual([1_073_741_824, 1_073_741_823]);
  });

  it('sums to the cap exactly, never raises a line, and keeps the order of the amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 1, maxLength: 8 }), fc.nat(), (amounts, capSeed) => {
        const total = amounts.reduce((a, b) => a + b, 0);
        const cap = total === 0 ? 0 : capSeed % (total + 1);
        const result = capped(amounts, cap);
        expect(result.reduce((a, b) => a + b, 0)).toBe(Math.min(cap, total));
        result.forEach((cents, i) => {
          expect(Number.isInteger(cents)).toBe(true);
          expect(cents).toBeGreaterThanOrEqual(0);
          expect(cents).toBeLessThanOrEqual(amounts[i]!);
          for (let j = 0; j < amounts.length; j++) if (amounts[i]! > amounts[j]!) expect(cents).toBeGreaterThanOrEqual(result[j]!);
        });
      }),
      { numRuns: 500 },
    );
  });
});
