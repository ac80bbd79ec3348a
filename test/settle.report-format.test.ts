import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEurosFr } from '../engine/money/euros.js';
import type { Cents } from '../engine/domain/units.js';
import { roundCeiling } from '../engine/settle/report-charts.js';
import { formatAmount, formatBasisPoints, formatCount, shareBasisPoints } from '../engine/settle/report-format.js';

/** The report's no-break spaces, shown as plain ones so the expectations read as the page does. */
const plain = (text: string): string => text.replaceAll('\u00a0', ' ');

describe('report.html figures', () => {
  it('prints amounts from integer cents in French notation, grouped by three', () => {
    expect(plain(formatAmount(123_456_789))).toBe('1 234 567,89 €');
    expect(plain(formatAmount(100_000))).toBe('1 000,00 €');
    expect(plain(formatAmount(99_999))).toBe('999,99 €');
    expect(plain(formatAmount(5))).toBe('0,05 €');
    expect(plain(formatAmount(0))).toBe('0,00 €');
    expect(plain(formatAmount(-123_456))).toBe('-1 234,56 €');
  });

  it('keeps every digit of the amount: without the grouping it is formatEurosFr', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (amountCents) => {
        expect(formatAmount(amountCents).replaceAll('\u00a0', '').replace('€', '')).toBe(formatEurosFr(amountCents as Cents));
      }),
    );
  });

  it('refuses an amount that is not integer cents rather than print a float', () => {
    expect(() => formatAmount(12.5)).toThrow(RangeError);
  });

  it('groups counts by three and ties them with no-break spaces', () => {
    expect(formatCount(1_234_567)).toBe('1\u00a0234\u00a0567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
  });

  it('gives a share in basis points rounded half up, exactly, and 0 of nothing', () => {
    expect(shareBasisPoints(1, 3)).toBe(3333);
    expect(shareBasisPoints(2, 3)).toBe(6667);
    // 1 of 20 000 is half a basis point, 3 of 20 000 one and a half: halves go up.
    expect(shareBasisPoints(1, 20_000)).toBe(1);
    expect(shareBasisPoints(3, 20_000)).toBe(2);
    expect(shareBasisPoints(1, 40_000)).toBe(0);
    expect(shareBasisPoints(432, 1491)).toBe(2897);
    expect(shareBasisPoints(0, 0)).toBe(0);
    expect(shareBasisPoints(5, 5)).toBe(10_000);
    expect(plain(formatBasisPoints(2897))).toBe('28,97 %');
    expect(plain(formatBasisPoints(5))).toBe('0,05 %');
    expect(plain(formatBasisPoints(10_000))).toBe('100,00 %');
  });

  it('ends a chart scale on the smallest round value that holds the tallest day', () => {
    expect([0, 1, 2, 3, 7, 9, 11, 16, 2113, 1491, 2897, 25_473_332].map(roundCeiling)).toEqual([1, 1, 2, 3, 8, 10, 15, 20, 2500, 1500, 3000, 30_000_000]);
  });
});
