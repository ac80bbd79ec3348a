import { describe, expect, it } from 'vitest';
import { compactMonth, firstDayOfMonth, frenchMonth, isoMonth, lastDayOfMonth, monthOfDate, parseIsoMonth } from '../engine/calendar/calendar-month.js';
import type { DateYmd } from '../engine/domain/units.js';

describe('calendar months (the monthly notice\'s period)', () => {
  it('gives a day\'s month, its first and last days (leap February included) and its names', () => {
    const november = monthOfDate(20261130 as DateYmd);
    expect(november).toEqual({ year: 2026, month: 11 });
    expect([firstDayOfMonth(november), lastDayOfMonth(november)]).toEqual([20261101, 20261130]);
    expect(lastDayOfMonth({ year: 2028, month: 2 })).toBe(20280229);
    expect(lastDayOfMonth({ year: 2100, month: 2 })).toBe(21000228);
    expect([compactMonth(november), isoMonth(november), frenchMonth(november)]).toEqual(['202611', '2026-11', 'novembre 2026']);
    expect(frenchMonth({ year: 2026, month: 12 })).toBe('décembre 2026');
  });

  it('reads aaaa-mm and nothing else', () => {
    expect(parseIsoMonth('2026-11')).toEqual({ year: 2026, month: 11 });
    for (const text of ['2026-13', '2026-00', '2026-1', '0000-01', '2026-11-01', ' 2026-11', 'novembre']) expect(parseIsoMonth(text)).toBeUndefined();
  });
});
