import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cents } from '../engine/domain/units.js';
import { formatEuros, formatEurosFr, parseEuros, parseEurosFr } from '../engine/money/euros.js';
import { MoneyParseError } from '../engine/money/money-error.js';
import { oracleFormatEuros, oracleParseEuros } from '../engine/money/oracle.js';

describe('euro text ↔ integer cents', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['0.29', 29],
    ['0.05', 5],
    ['-0.05', -5],
    ['-0.00', 0],
    ['4005.00', 400_500],
  ])('parseEuros("%s") → %i cents', (text, expected) => {
    expect(parseEuros(text)).toBe(expected);
  });

  it('reads the French notation with a comma', () => {
    expect(parseEurosFr('12,34')).toBe(1234);
    expect(() => parseEurosFr('12.34')).toThrow(MoneyParseError);
  });

  it.each(['', '12.345', '1,2', '12.', '.5', '+1.00', '1e3', '12 34', '12345678901234.00'])('refuses "%s"', (text) => {
    expect(() => parseEuros(text)).toThrow(MoneyParseError);
  });

  it('reports the stable code TPLIQ_MONEY_AMOUNT_INVALID', () => {
    expect(() => parseEuros('12.345')).toThrow(expect.objectContaining({ code: 'TPLIQ_MONEY_AMOUNT_INVALID' }));
  });

  it.each([
    [1234, '12.34', '12,34'],
    [5, '0.05', '0,05'],
    [0, '0.00', '0,00'],
    [-5, '-0.05', '-0,05'],
    [29991, '299.91', '299,91'],
    [100, '1.00', '1,00'],
  ])('formats %i cents as "%s" and "%s"', (amount, dotted, french) => {
    expect(formatEuros(amount as Cents)).toBe(dotted);
    expect(formatEurosFr(amount as Cents)).toBe(french);
  });

  it('round-trips and agrees with decimal.js on any amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), (amount) => {
        const text = formatEuros(amount as Cents);
        expect(text).toBe(oracleFormatEuros(amount as Cents));
        expect(parseEuros(text)).toBe(amount === 0 ? 0 : amount);
        expect(oracleParseEuros(text)).toBe(amount);
      }),
      { numRuns: 2_000 },
    );
  });
});
