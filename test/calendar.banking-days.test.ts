import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ymd, type DateYmd } from '../engine/domain/units.js';
import {
  addBusinessDays,
  businessDayOnOrAfter,
  isBusinessDay,
  nextBusinessDay,
  type CalendarKind,
} from '../engine/calendar/banking-calendar.js';
import { addDays, dayOfWeek, ymdFromParts } from '../engine/calendar/ymd.js';

const KINDS: CalendarKind[] = ['TARGET', 'TARGET_AND_FR'];

const dayOf2020s = fc
  .integer({ min: 0, max: 365 * 20 })
  .map((offset) => addDays(ymdFromParts(2020, 1, 1), offset));

describe('business days: TARGET only vs TARGET ∪ French public holidays (rules.md §4.4–4.5)', () => {
  it('Fri 8 May 2026 is a TARGET business day but closed in the union calendar', () => {
    expect(dayOfWeek(ymd(20260508))).toBe(5);
    expect(isBusinessDay(ymd(20260508), 'TARGET')).toBe(true);
    expect(isBusinessDay(ymd(20260508), 'TARGET_AND_FR')).toBe(false);
  });

  it.each([
    [20260514, 'Ascension'],
    [20260525, 'Whit Monday'],
    [20260714, '14 July'],
    [20261111, '11 November'],
  ])('%d (%s) settles on TARGET, not in the union', (date, _name) => {
    expect(isBusinessDay(ymd(date), 'TARGET')).toBe(true);
    expect(isBusinessDay(ymd(date), 'TARGET_AND_FR')).toBe(false);
  });

  it.each([
    [20260101, '1 January'],
    [20260403, 'Good Friday'],
    [20260406, 'Easter Monday'],
    [20260501, '1 May'],
    [20261225, 'Christmas'],
    [20251226, '26 December (a Friday in 2025)'],
  ])('%d (%s) is closed in both calendars', (date, _name) => {
    for (const kind of KINDS) expect(isBusinessDay(ymd(date), kind)).toBe(false);
  });

  it('weekends are closed, an ordinary Thursday is open', () => {
    for (const kind of KINDS) {
      expect(isBusinessDay(ymd(20261114), kind)).toBe(false);
      expect(isBusinessDay(ymd(20261115), kind)).toBe(false);
      expect(isBusinessDay(ymd(20261112), kind)).toBe(true);
    }
  });

  it('a union business day is always a TARGET business day', () => {
    fc.assert(
      fc.property(dayOf2020s, (date) => {
        if (isBusinessDay(date, 'TARGET_AND_FR')) expect(isBusinessDay(date, 'TARGET')).toBe(true);
      }),
    );
  });

  it('throws on a day that does not exist rather than guessing', () => {
    expect(() => isBusinessDay(ymd(20261301), 'TARGET')).toThrow(RangeError);
    expect(() => isBusinessDay(ymd(101), 'TARGET')).toThrow(RangeError);
  });
});

describe('next business day and adding business days', () => {
  it('Friday + 1 = Monday, Saturday + 1 = Monday', () => {
    expect(nextBusinessDay(ymd(20261113), 'TARGET_AND_FR')).toBe(20261116);
    expect(nextBusinessDay(ymd(20261114), 'TARGET_AND_FR')).toBe(20261116);
  });

  it('skips Christmas, the weekend and New Year across the year end', () => {
    expect(nextBusinessDay(ymd(20261224), 'TARGET_AND_FR')).toBe(20261228);
    expect(nextBusinessDay(ymd(20261231), 'TARGET_AND_FR')).toBe(20270104);
  });

  it('counts backwards with a negative count, across the year start', () => {
    expect(addBusinessDays(ymd(20270104), -1, 'TARGET_AND_FR')).toBe(20261231);
    expect(addBusinessDays(ymd(20270104), -5, 'TARGET_AND_FR')).toBe(20261224);
  });

  it('leaves the day unchanged for 0, business day or not', () => {
    expect(addBusinessDays(ymd(20261225), 0, 'TARGET')).toBe(20261225);
  });

  it('businessDayOnOrAfter keeps a business day and moves a closed one', () => {
    expect(businessDayOnOrAfter(ymd(20261112), 'TARGET')).toBe(20261112);
    expect(businessDayOnOrAfter(ymd(20260508), 'TARGET_AND_FR')).toBe(20260511);
  });

  it('refuses a count that is not an integer or is absurdly large', () => {
    expect(() => addBusinessDays(ymd(20261112), 1.5, 'TARGET')).toThrow(RangeError);
    expect(() => addBusinessDays(ymd(20261112), 1_000_000, 'TARGET')).toThrow(RangeError);
  });

  it('lands on a business day, strictly later, for any positive count', () => {
    fc.assert(
      fc.property(dayOf2020s, fc.integer({ min: 1, max: 60 }), fc.constantFrom(...KINDS), (date, n, kind) => {
        const due = addBusinessDays(date, n, kind);
        expect(isBusinessDay(due, kind)).toBe(true);
        expect(due).toBeGreaterThan(date);
      }),
    );
  });

  it('is strictly monotonic in the count, one business day at a time', () => {
    fc.assert(
      fc.property(dayOf2020s, fc.integer({ min: 0, max: 60 }), fc.constantFrom(...KINDS), (date, n, kind) => {
        const atN = addBusinessDays(date, n, kind);
        const atNPlus1 = addBusinessDays(date, n + 1, kind);
        expect(atNPlus1).toBeGreaterThan(atN);
        expect(atNPlus1).toBe(nextBusinessDay(atN, kind));
      }),
    );
  });

  it('counts exactly n business days in between (brute-force oracle)', () => {
    fc.assert(
      fc.property(dayOf2020s, fc.integer({ min: 1, max: 40 }), fc.constantFrom(...KINDS), (date, n, kind) => {
        const due = addBusinessDays(date, n, kind);
        let counted = 0;
        for (let d: DateYmd = addDays(date, 1); d <= due; d = addDays(d, 1)) if (isBusinessDay(d, kind)) counted++;
        expect(counted).toBe(n);
      }),
    );
  });

  it('goes back to the same business day after +n then −n', () => {
    fc.assert(
      fc.property(dayOf2020s, fc.integer({ min: 1, max: 60 }), fc.constantFrom(...KINDS), (date, n, kind) => {
        const start = businessDayOnOrAfter(date, kind);
        expect(addBusinessDays(addBusinessDays(start, n, kind), -n, kind)).toBe(start);
      }),
    );
  });
});
