import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRateHalfUp } from '../engine/money/apply-rate.js';
import { formatEuros, parseEuros } from '../engine/money/euros.js';
import { oracleApplyRate, oracleRateOfEuros } from '../engine/money/oracle.js';
import { parseRate } from '../engine/money/rate.js';
import type { Cents, RatePpm } from '../engine/domain/units.js';

const eurosTimesPercent = (euros: string, percent: string): string =>
  formatEuros(applyRateHalfUp(parseEuros(euros), parseRate(percent)));

describe('applyRateHalfUp rounds cents × rate half-up at the line', () => {
  it('BR 1.15 € × 70 % = 0.805 → 0.81, not the 0.80 of half-even or IEEE floats', () => {
    expect(eurosTimesPercent('1.15', '70')).toBe('0.81');
    expect(oracleRateOfEuros('1.15', '70')).toBe('0.81');
    // The trap the integer path avoids: the float product lands just below the tie.
    expect(1.15 * 0.7).toBeLessThan(0.805);
    expect((1.15 * 0.7).toFixed(2)).toBe('0.80');
  });

  it('pharmacy BR 3.45 € × 65 % = 2.2425 → 2.24', () => {
    expect(eurosTimesPercent('3.45', '65')).toBe('2.24');
  });

  it('G 30.00 € × 70 % = 21.00 (rules.md §1.1)', () => {
    expect(eurosTimesPercent('30.00', '70')).toBe('21.00');
  });

  it('kiné AMK 16.13 € × 60 % = 9.678 → 9.68 (rules.md §1.3)', () => {
    expect(eurosTimesPercent('16.13', '60')).toBe('9.68');
  });

  it('chambre particulière 2.5 % of PMSS 4 005 € = 100.125 → 100.13 (rules.md §2.9)', () => {
    expect(eurosTimesPercent('4005', '2.5')).toBe('100.13');
  });

  it('a tie rounds away from zero on both sides, like decimal.js ROUND_HALF_UP', () => {
    expect(applyRateHalfUp(115 as Cents, 700_000 as RatePpm)).toBe(81);
    expect(applyRateHalfUp(-115 as Cents, 700_000 as RatePpm)).toBe(-81);
    expect(Object.is(applyRateHalfUp(-1 as Cents, 100_000 as RatePpm), 0)).toBe(true);
  });

  it('takes the BigInt path when cents × rate passes 2^53 and stays exact', () => {
    const cents = 900_000_000_123 as Cents; // 9 billion euros
    const rate = 7_777_777 as RatePpm;
    expect(cents * rate).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(applyRateHalfUp(cents, rate)).toBe(oracleApplyRate(cents, rate));
  });

  it('refuses fractional cents and negative rates as programmer errors', () => {
    expect(() => applyRateHalfUp(1.5 as Cents, 700_000 as RatePpm)).toThrow(RangeError);
    expect(() => applyRateHalfUp(100 as Cents, -1 as RatePpm)).toThrow(RangeError);
  });

  it('equals decimal.js on random cents and rates (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (amount, rate) => {
          expect(applyRateHalfUp(amount as Cents, rate as RatePpm)).toBe(oracleApplyRate(amount as Cents, rate as RatePpm));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('equals decimal.js on realistic lines: amounts under 10 000 € and whole or half percents (property)', () => {
    // Where binary floats go wrong about 3 times in 1 000: the products that land on half a cent.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 400 }), (amount, halfPercents) => {
        const rate = (halfPercents * 5_000) as RatePpm;
        expect(applyRateHalfUp(amount as Cents, rate)).toBe(oracleApplyRate(amount as Cents, rate));
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals decimal.js on exact ties and around the 2^53 boundary (property)', () => {
    // Ties: amounts whose product with the rate ends in exactly half a cent.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000 }), (k, step) => {
        const rate = (step * 2 - 1) * 100_000; // an odd multiple of 10 %: 5 × odd cents gives .5
        const amount = 5 * (2 * k + 1);
        expect(applyRateHalfUp(amount as Cents, rate as RatePpm)).toBe(oracleApplyRate(amount as Cents, rate as RatePpm));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 8_000_000_000n, max: 9_500_000_000n }), fc.integer({ min: 900_000, max: 1_100_000 }), (amount, rate) => {
        const cents = Number(amount) as Cents;
        expect(applyRateHalfUp(cents, rate as RatePpm)).toBe(oracleApplyRate(cents, rate as RatePpm));
      }),
    );
  });
});
