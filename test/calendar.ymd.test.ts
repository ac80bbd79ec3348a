import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ymd, type DateYmd } from '../engine/domain/units.js';
import {
  addDays,
  addMonths,
  dayNumberOfYmd,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  formatFr,
  formatIso,
  isValidYmd,
  parseIso,
  partsOfYmd,
  ymdFromParts,
  ymdOfDayNumber,
} from '../engine/calendar/ymd.js';

const MS_PER_DAY = 86_400_000;

/** Oracle for tests only: the JavaScript Date's proleptic Gregorian day count (valid for years < 100 too). */
function oracleDayNumber(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month - 1, day) / MS_PER_DAY;
}

const anyDay = fc
  .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => ymdFromParts(year, month, Math.min(day, daysInMonth(year, month))));

describe('DateYmd parts and validity', () => {
  it('builds and splits yyyymmdd', () => {
    expect(ymdFromParts(2026, 11, 12)).toBe(20261112);
    expect(partsOfYmd(ymd(20261112))).toEqual({ year: 2026, month: 11, day: 12 });
  });

  it('knows leap years: 2028 and 2000 have 29 February, 2026 and 1900 do not', () => {
    expect(isValidYmd(20280229)).toBe(true);
    expect(isValidYmd(20000229)).toBe(true);
    expect(isValidYmd(20260229)).toBe(false);
    expect(isValidYmd(19000229)).toBe(false);
  });

  it.each([[20261301], [20261100], [20260431], [20261112.5], [-20261112], [100000101], [101]])(
    'says %d is not a day',
    (value) => {
      expect(isValidYmd(value)).toBe(false);
    },
  );

  it('throws on impossible parts (a programmer error, not input)', () => {
    expect(() => ymdFromParts(2026, 2, 29)).toThrow(RangeError);
    expect(() => ymdFromParts(2026, 13, 1)).toThrow(RangeError);
    expect(() => ymdFromParts(0, 1, 1)).toThrow(RangeError);
    expect(() => partsOfYmd(ymd(20261332))).toThrow(RangeError);
  });
});

describe('day numbers and day arithmetic', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumberOfYmd(ymd(19700101))).toBe(0);
    expect(dayNumberOfYmd(ymd(19691231))).toBe(-1);
    expect(dayNumberOfYmd(ymd(20000301))).toBe(11017);
    expect(ymdOfDayNumber(11017)).toBe(20000301);
  });

  it('agrees with the Date oracle on every day of years 1–9999 (sampled)', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        const { year, month, day } = partsOfYmd(date);
        expect(dayNumberOfYmd(date)).toBe(oracleDayNumber(year, month, day));
        expect(ymdOfDayNumber(dayNumberOfYmd(date))).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays(ymd(20261231), 1)).toBe(20270101);
    expect(addDays(ymd(20280228), 1)).toBe(20280229);
    expect(addDays(ymd(20270228), 1)).toBe(20270301);
    expect(addDays(ymd(20270101), -1)).toBe(20261231);
    expect(addDays(ymd(20261112), 0)).toBe(20261112);
  });

  it('measures signed days between two dates', () => {
    expect(daysBetween(ymd(20261224), ymd(20270104))).toBe(11);
    expect(daysBetween(ymd(20270104), ymd(20261224))).toBe(-11);
    expect(daysBetween(ymd(20280101), ymd(20290101))).toBe(366);
  });

  it('gives ISO weekdays: Thu 2026-12-24 is 4, Sun 2026-12-27 is 7, Mon 2026-12-28 is 1', () => {
    expect(dayOfWeek(ymd(20261224))).toBe(4);
    expect(dayOfWeek(ymd(20261227))).toBe(7);
    expect(dayOfWeek(ymd(20261228))).toBe(1);
    expect(dayOfWeek(ymd(19700101))).toBe(4);
    expect(dayOfWeek(ymd(16000101))).toBe(6);
  });

  it('throws when arithmetic leaves years 1–9999', () => {
    expect(() => addDays(ymd(99991231), 1)).toThrow(RangeError);
    expect(() => addDays(ymd(10101), -1)).toThrow(RangeError);
    expect(() => addDays(ymd(20261112), 0.5)).toThrow(RangeError);
  });
});

describe('addMonths clamps to the end of a shorter month', () => {
  it.each<[number, number, number]>([
    [20260131, 1, 20260228],
    [20280131, 1, 20280229],
    [20260331, -1, 20260228],
    [20260531, 1, 20260630],
    [20261215, 1, 20270115],
    [20260115, -1, 20251215],
    [20280229, 12, 20290228],
    [20280229, 48, 20320229],
    [20261112, 0, 20261112],
    [20261031, -20, 20250228],
  ])('%d + %d months = %d', (from, months, expected) => {
    expect(addMonths(ymd(from), months)).toBe(expected);
  });

  it('is not additive after clamping: (31 Jan + 1) + 1 = 28 Mar, but 31 Jan + 2 = 31 Mar', () => {
    expect(addMonths(addMonths(ymd(20260131), 1), 1)).toBe(20260328);
    expect(addMonths(ymd(20260131), 2)).toBe(20260331);
  });

  it('keeps the day when it exists and never goes past the month end', () => {
    fc.assert(
      fc.property(anyDay.filter((d) => d >= 10000101 && d <= 90000101), fc.integer({ min: -240, max: 240 }), (date: DateYmd, months) => {
        const from = partsOfYmd(date);
        const to = partsOfYmd(addMonths(date, months));
        expect((to.year * 12 + to.month) - (from.year * 12 + from.month)).toBe(months);
        expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
      }),
    );
  });
});

describe('formatting and parsing', () => {
  it('formats French jj/mm/aaaa and ISO aaaa-mm-jj', () => {
    expect(formatFr(ymd(20261112))).toBe('12/11/2026');
    expect(formatIso(ymd(20261112))).toBe('2026-11-12');
    expect(formatFr(ymd(20270104))).toBe('04/01/2027');
    expect(formatIso(ymd(9990704))).toBe('0999-07-04');
  });

  it('parses ISO days', () => {
    expect(parseIso('2026-11-12')).toBe(20261112);
    expect(parseIso('2028-02-29')).toBe(20280229);
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['2026-1-12'], ['26-11-12'], ['2026-11-12T00:00'], [' 2026-11-12'], ['12/11/2026'], ['']])(
    'answers undefined for "%s"',
    (text) => {
      expect(parseIso(text)).toBeUndefined();
    },
  );

  it('round-trips every day through formatIso and parseIso', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        expect(parseIso(formatIso(date))).toBe(date);
      }),
    );
  });
});
