import { describe, it, expect } from 'vitest';
import { parisWallClock, receiptDay } from '../engine/calendar/receipt-day.js';

/** A UTC instant, for readability: utc(2026, 12, 24, 15, 59) is 2026-12-24T15:59Z. */
const utc = (y: number, mo: number, d: number, h: number, mi: number, s = 0, ms = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe('Europe/Paris wall clock of a receipt instant', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(parisWallClock(utc(2026, 12, 24, 15, 59))).toEqual({
      date: 20261224, hour: 16, minute: 59, second: 0, minutesOfDay: 16 * 60 + 59, millisecondOfDay: (16 * 60 + 59) * 60_000, offsetMinutes: 60,
    });
    expect(parisWallClock(utc(2026, 7, 15, 14, 59, 30))).toEqual({
      date: 20260715, hour: 16, minute: 59, second: 30, minutesOfDay: 16 * 60 + 59, millisecondOfDay: (16 * 60 + 59) * 60_000 + 30_000, offsetMinutes: 120,
    });
  });

  it('changes to summer time at 01:00 UTC on the last Sunday of March (29 March 2026)', () => {
    expect(parisWallClock(utc(2026, 3, 29, 0, 59, 59, 999))).toMatchObject({ hour: 1, minute: 59, offsetMinutes: 60 });
    expect(parisWallClock(utc(2026, 3, 29, 1, 0))).toMatchObject({ hour: 3, minute: 0, offsetMinutes: 120 });
  });

  it('changes back at 01:00 UTC on the last Sunday of October (25 October 2026)', () => {
    expect(parisWallClock(utc(2026, 10, 25, 0, 59, 59, 999))).toMatchObject({ hour: 2, minute: 59, offsetMinutes: 120 });
    expect(parisWallClock(utc(2026, 10, 25, 1, 0))).toMatchObject({ hour: 2, minute: 0, offsetMinutes: 60 });
  });

  it('rolls the date over at Paris midnight, not UTC midnight', () => {
    expect(parisWallClock(utc(2026, 11, 15, 23, 30))).toMatchObject({ date: 20261116, hour: 0, minute: 30 });
    expect(parisWallClock(utc(2026, 7, 14, 22, 0))).toMatchObject({ date: 20260715, hour: 0, minute: 0 });
  });

  it('answers the same for repeated and interleaved instants (the per-hour cache is transparent)', () => {
    const winter = utc(2026, 12, 24, 15, 10);
    const summer = utc(2026, 7, 15, 15, 10);
    const first = [parisWallClock(winter), parisWallClock(summer)];
    const again = [parisWallClock(summer), parisWallClock(winter + 60_000), parisWallClock(winter)];
    expect(again[0]).toEqual(first[1]);
    expect(again[1]).toMatchObject({ hour: 16, minute: 11 });
    expect(again[2]).toEqual(first[0]);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const inLosAngeles = parisWallClock(utc(2026, 12, 24, 23, 30));
      process.env.TZ = 'Asia/Tokyo';
      const inTokyo = parisWallClock(utc(2026, 12, 24, 23, 30));
      expect(inLosAngeles).toEqual(inTokyo);
      expect(inTokyo).toMatchObject({ date: 20261225, hour: 0, minute: 30 });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses an instant that is not an integer number of milliseconds', () => {
    expect(() => parisWallClock(Number.NaN)).toThrow(RangeError);
    expect(() => parisWallClock(1.5)).toThrow(RangeError);
  });
});

describe('receipt day D0 of a dematerialised file: the 17:00 cut-off (protocol §9-1, rules.md §4.4)', () => {
  it('Thu 2026-12-24 16:59 Paris → D0 the same day', () => {
    expect(receiptDay(utc(2026, 12, 24, 15, 59), 'EDI', 'TARGET_AND_FR')).toBe(20261224);
  });

  it('Thu 2026-12-24 18:05 Paris → D0 Mon 2026-12-28 (Christmas and the weekend skipped)', () => {
    expect(receiptDay(utc(2026, 12, 24, 17, 5), 'EDI', 'TARGET_AND_FR')).toBe(20261228);
  });

  it('Wed 2027-05-05 17:30 Paris → D0 Fri 2027-05-07 (Ascension 6 May skipped)', () => {
    expect(receiptDay(utc(2027, 5, 5, 15, 30), 'EDI', 'TARGET_AND_FR')).toBe(20270507);
  });

  it('winter: 16:30 UTC is 17:30 in Paris → next business day', () => {
    expect(receiptDay(utc(2026, 11, 12, 16, 30), 'EDI', 'TARGET_AND_FR')).toBe(20261113);
  });

  // "reçues après 17 heures": 17:00:00 itself is not after 17:00, the next millisecond is.
  it('winter (Thu 2026-11-12): 16:59:59 and 17:00:00 Paris are the same day, 17:00:00.001 the next', () => {
    expect(receiptDay(utc(2026, 11, 12, 15, 59, 59), 'EDI', 'TARGET_AND_FR')).toBe(20261112);
    expect(receiptDay(utc(2026, 11, 12, 16, 0, 0, 0), 'EDI', 'TARGET_AND_FR')).toBe(20261112);
    expect(receiptDay(utc(2026, 11, 12, 16, 0, 0, 1), 'EDI', 'TARGET_AND_FR')).toBe(20261113);
  });

  it('summer (Wed 2026-07-15, UTC+2): 16:59:59 and 17:00:00 Paris are the same day, 17:00:00.001 the next', () => {
    expect(receiptDay(utc(2026, 7, 15, 14, 59, 59), 'EDI', 'TARGET_AND_FR')).toBe(20260715);
    expect(receiptDay(utc(2026, 7, 15, 15, 0, 0, 0), 'EDI', 'TARGET_AND_FR')).toBe(20260715);
    expect(receiptDay(utc(2026, 7, 15, 15, 0, 0, 1), 'EDI', 'TARGET_AND_FR')).toBe(20260716);
  });

  // The first business day after each change of offset, so the cut-off is read in the new offset.
  it('Mon 2026-03-30, the first business day of summer time: 17:00:00 Paris is 15:00:00 UTC', () => {
    expect(receiptDay(utc(2026, 3, 30, 14, 59, 59), 'EDI', 'TARGET_AND_FR')).toBe(20260330);
    expect(receiptDay(utc(2026, 3, 30, 15, 0, 0, 0), 'EDI', 'TARGET_AND_FR')).toBe(20260330);
    expect(receiptDay(utc(2026, 3, 30, 15, 0, 0, 1), 'EDI', 'TARGET_AND_FR')).toBe(20260331);
  });

  it('Mon 2026-10-26, the first business day of winter time: 17:00:00 Paris is 16:00:00 UTC', () => {
    expect(receiptDay(utc(2026, 10, 26, 15, 59, 59), 'EDI', 'TARGET_AND_FR')).toBe(20261026);
    expect(receiptDay(utc(2026, 10, 26, 16, 0, 0, 0), 'EDI', 'TARGET_AND_FR')).toBe(20261026);
    expect(receiptDay(utc(2026, 10, 26, 16, 0, 0, 1), 'EDI', 'TARGET_AND_FR')).toBe(20261027);
    // 15:00:00.001 UTC was after 17:00 the Friday before, in summer time: not any more.
    expect(receiptDay(utc(2026, 10, 26, 15, 0, 0, 1), 'EDI', 'TARGET_AND_FR')).toBe(20261026);
  });

  it('a morning receipt on a closed day counts from the next business day', () => {
    expect(receiptDay(utc(2026, 11, 14, 9, 0), 'EDI', 'TARGET_AND_FR')).toBe(20261116); // Saturday
    expect(receiptDay(utc(2026, 5, 8, 8, 0), 'EDI', 'TARGET_AND_FR')).toBe(20260511); // 8 May, union
    expect(receiptDay(utc(2026, 5, 8, 8, 0), 'EDI', 'TARGET')).toBe(20260508); // 8 May, TARGET only
  });

  it('Sunday 23:30 UTC in winter is Monday 00:30 in Paris → D0 Monday', () => {
    expect(receiptDay(utc(2026, 11, 15, 23, 30), 'EDI', 'TARGET_AND_FR')).toBe(20261116);
  });

  it('takes another cut-off when the protocol changes it', () => {
    const at1630Paris = utc(2026, 11, 12, 15, 30);
    expect(receiptDay(at1630Paris, 'EDI', 'TARGET_AND_FR', 16 * 60)).toBe(20261113);
    expect(receiptDay(utc(2026, 11, 12, 15, 0), 'EDI', 'TARGET_AND_FR', 16 * 60)).toBe(20261112);
    expect(receiptDay(at1630Paris, 'EDI', 'TARGET_AND_FR')).toBe(20261112);
    expect(() => receiptDay(at1630Paris, 'EDI', 'TARGET_AND_FR', 25 * 60)).toThrow(RangeError);
  });
});

describe('receipt day D0 of a paper file: no cut-off (protocol §8-2, rules.md §4.4)', () => {
  it('Thu 2026-11-12 18:00 Paris → D0 the same day (a dematerialised file would count from Friday)', () => {
    expect(receiptDay(utc(2026, 11, 12, 17, 0), 'PAPER', 'TARGET_AND_FR')).toBe(20261112);
    expect(receiptDay(utc(2026, 11, 12, 17, 0), 'EDI', 'TARGET_AND_FR')).toBe(20261113);
  });

  it('Thu 2026-12-24 23:59 Paris → D0 the same day, not after Christmas', () => {
    expect(receiptDay(utc(2026, 12, 24, 22, 59), 'PAPER', 'TARGET_AND_FR')).toBe(20261224);
  });

  it('Sun 2026-11-15, morning or evening → D0 Mon 2026-11-16, the next business day', () => {
    expect(receiptDay(utc(2026, 11, 15, 9, 0), 'PAPER', 'TARGET_AND_FR')).toBe(20261116);
    expect(receiptDay(utc(2026, 11, 15, 19, 0), 'PAPER', 'TARGET_AND_FR')).toBe(20261116);
  });

  it('Fri 2026-05-08 (Victoire 1945): closed in the union calendar, open in TARGET', () => {
    expect(receiptDay(utc(2026, 5, 8, 16, 0), 'PAPER', 'TARGET_AND_FR')).toBe(20260511);
    expect(receiptDay(utc(2026, 5, 8, 16, 0), 'PAPER', 'TARGET')).toBe(20260508);
  });
});
