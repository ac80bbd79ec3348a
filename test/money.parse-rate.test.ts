import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MoneyParseError } from '../engine/money/money-error.js';
import { oracleParseRate } from '../engine/money/oracle.js';
import { parseRate, rateOfWholePercent } from '../engine/money/rate.js';

describe('parseRate reads a decimal percent exactly as RatePpm', () => {
  it.each([
    ['70', 700_000],
    ['90.5', 905_000],
    ['100', 1_000_000],
    ['0', 0],
    ['65', 650_000],
    ['12.3456', 123_456],
    ['200', 2_000_000],
    ['007', 70_000],
  ])('"%s" → %i', (text, expected) => {
    expect(parseRate(text)).toBe(expected);
  });

  it('refuses a fifth decimal of percent rather than rounding a contract term', () => {
    expect(() => parseRate('12.34567')).toThrow(/more than 4 decimals/);
  });

  it('refuses a negative rate with a clear message and a stable code', () => {
    try {
      parseRate('-5');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyParseError);
      expect((error as MoneyParseError).code).toBe('TPLIQ_MONEY_RATE_INVALID');
      expect((error as MoneyParseError).message).toMatch(/negative/);
    }
  });

  it.each(['', '7O', '1e2', '0x46', 'Infinity', ' 70', '70 %', '70,5', '.5', '5.'])('refuses "%s"', (text) => {
    expect(() => parseRate(text)).toThrow(MoneyParseError);
  });

  it('refuses a rate above 1000 %, a missing decimal point far more often than a contract', () => {
    expect(parseRate('1000')).toBe(10_000_000);
    expect(() => parseRate('1000.0001')).toThrow(/above 1000/);
  });

  it('agrees with decimal.js on every percent with up to 4 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (ppm) => {
        const text = `${Math.floor(ppm / 10_000)}.${String(ppm % 10_000).padStart(4, '0')}`;
        expect(parseRate(text)).toBe(oracleParseRate(text));
        expect(parseRate(text)).toBe(ppm);
      }),
    );
  });

  it('turns a B2 whole-percent AMO rate into RatePpm', () => {
    expect(rateOfWholePercent(70)).toBe(700_000);
    expect(rateOfWholePercent(100)).toBe(1_000_000);
  });
});
