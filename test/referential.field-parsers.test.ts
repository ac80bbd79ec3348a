import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYmd, OPEN_END_YMD, parseBirthDate, parseEndDate, parseFlag, parseIsoDate, parsePeriods } from '../codecs/csv/field-parsers.js';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string }): T | 'refused' => (parsed.ok ? parsed.value : 'refused');

describe('referential CSV field parsers', () => {
  it('reads ISO dates as yyyymmdd and refuses days the calendar does not have', () => {
    expect(value(parseIsoDate('2026-03-01'))).toBe(20260301);
    expect(value(parseIsoDate('2024-02-29'))).toBe(20240229);
    expect(value(parseIsoDate('2000-02-29'))).toBe(20000229);
    expect(value(parseIsoDate('2025-02-29'))).toBe('refused');
    expect(value(parseIsoDate('2100-02-29'))).toBe('refused');
    expect(value(parseIsoDate('2026-04-31'))).toBe('refused');
    expect(value(parseIsoDate('2026-00-10'))).toBe('refused');
    expect(value(parseIsoDate('01/03/2026'))).toBe('refused');
    expect(value(parseIsoDate('2026-3-1'))).toBe('refused');
    expect(value(parseIsoDate('1899-12-31'))).toBe('refused');
  });

  it('round-trips every calendar day through formatYmd', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const parsed = parseIsoDate(iso);
        expect(parsed.ok && formatYmd(parsed.value)).toBe(iso);
      }),
    );
  });

  it('accepts "lunar" birth dates with 00 month or day, or a day the calendar lacks, as written', () => {
    expect(value(parseBirthDate('1985-00-00'))).toBe(19850000);
    expect(value(parseBirthDate('1985-07-00'))).toBe(19850700);
    expect(value(parseBirthDate('1985-02-30'))).toBe(19850230);
    expect(value(parseBirthDate('1985-13-01'))).toBe('refused');
    expect(value(parseBirthDate('1985-01-32'))).toBe('refused');
  });

  it('reads an empty period end as open (9999-12-31)', () => {
    expect(value(parseEndDate(''))).toBe(OPEN_END_YMD);
    expect(value(parseEndDate('2026-12-31'))).toBe(20261231);
  });

  it('reads flags as exactly 0 or 1', () => {
    expect(value(parseFlag('0'))).toBe(false);
    expect(value(parseFlag('1'))).toBe(true);
    for (const text of ['', '2', 'oui', 'true', '01']) expect(value(parseFlag(text))).toBe('refused');
  });

  describe('rights periods', () => {
    it('reads periods with a gap and an open end, sorted by start', () => {
      expect(value(parsePeriods('2026-09-01..|2026-01-01..2026-06-30'))).toEqual([
        { from: 20260101, to: 20260630 },
        { from: 20260901, to: OPEN_END_YMD },
      ]);
    });

    it('reads an empty cell as no rights at all', () => {
      expect(value(parsePeriods(''))).toEqual([]);
    });

    it('accepts touching periods and a one-day period', () => {
      expect(value(parsePeriods('2026-01-01..2026-01-31|2026-02-01..2026-02-01'))).toEqual([
        { from: 20260101, to: 20260131 },
        { from: 20260201, to: 20260201 },
      ]);
    });

    it('refuses overlapping, reversed, open-start and malformed periods', () => {
      for (const text of [
        '2026-01-01..2026-06-30|2026-06-30..',
        '2026-01-01..|2026-03-01..2026-04-01',
        '2026-06-30..2026-01-01',
        '..2026-06-30',
        '2026-01-01',
        '2026-01-01..2026-02-30',
        '2026-01-01..2026-06-30||2026-09-01..',
      ]) {
        expect(value(parsePeriods(text)), text).toBe('refused');
      }
    });
  });
});
