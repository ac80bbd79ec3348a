import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { easterSunday } from '../engine/calendar/easter.js';
import { dayOfWeek } from '../engine/calendar/ymd.js';
import { targetClosingDays } from '../engine/calendar/target-closing-days.js';
import { frenchPublicHolidays } from '../engine/calendar/french-public-holidays.js';

describe('Easter Sunday, computed (anonymous Gregorian algorithm)', () => {
  it.each([
    [2026, 20260405],
    [2027, 20270328],
    [2000, 20000423],
    [2019, 20190421],
    [2038, 20380425],
    [2008, 20080323],
    [1818, 18180322], // earliest possible date, 22 March
    [2285, 22850322],
    [1943, 19430425], // latest possible date, 25 April
    [1583, 15830410],
  ])('Easter %d is %d', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(dayOfWeek(easter)).toBe(7);
        expect(easter % 10000).toBeGreaterThanOrEqual(322);
        expect(easter % 10000).toBeLessThanOrEqual(425);
      }),
    );
  });

  it('refuses years before the Gregorian reform', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('closing days (rules.md §4.5)', () => {
  it('TARGET 2026: 1 Jan, Good Friday 3 Apr, Easter Monday 6 Apr, 1 May, 25 and 26 Dec', () => {
    expect(targetClosingDays(2026)).toEqual([20260101, 20260403, 20260406, 20260501, 20261225, 20261226]);
  });

  it('TARGET 2027: Good Friday 26 Mar, Easter Monday 29 Mar', () => {
    expect(targetClosingDays(2027)).toEqual([20270101, 20270326, 20270329, 20270501, 20271225, 20271226]);
  });

  it('French public holidays 2026: Ascension 14 May, Whit Monday 25 May', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      20260101, 20260406, 20260501, 20260508, 20260514, 20260525, 20260714, 20260815, 20261101, 20261111, 20261225,
    ]);
  });

  it('French public holidays 2027: Ascension 6 May, Whit Monday 17 May', () => {
    const holidays = frenchPublicHolidays(2027);
    expect(holidays).toContain(20270506);
    expect(holidays).toContain(20270517);
    expect(holidays).toHaveLength(11);
  });

  it('keeps the list sorted when Ascension falls before 1 May (Easter 22 March 2285)', () => {
    const holidays = frenchPublicHolidays(2285);
    expect(holidays.slice(1, 5)).toEqual([22850323, 22850430, 22850501, 22850508]);
  });
});
