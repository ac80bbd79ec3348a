import { describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { periodOf } from '../engine/rules/ceiling-claims.js';

const member = (from: number) => ({ rights: [{ from: from as DateYmd, to: 99991231 as DateYmd }], card: { from: 20260101 as DateYmd, to: 20261231 as DateYmd } });

describe('the period of a ceiling that contains the date of care (limits.csv, rules.md §2.9)', () => {
  it('calendar year', () => {
    expect(periodOf({ period: 'CALENDAR_YEAR', years: 0 }, 20261115 as DateYmd, member(20170301))).toEqual({ from: 20260101, to: 20261231, label: 'en 2026' });
  });

  it('year of membership: from the anniversary of the first rights, on either side of it', () => {
    expect(periodOf({ period: 'MEMBERSHIP_YEAR', years: 0 }, 20261115 as DateYmd, member(20170301))).toEqual({ from: 20260301, to: 20270228, label: 'du 01/03/2026 au 28/02/2027' });
    expect(periodOf({ period: 'MEMBERSHIP_YEAR', years: 0 }, 20260215 as DateYmd, member(20170301))).toEqual({ from: 20250301, to: 20260228, label: 'du 01/03/2025 au 28/02/2026' });
  });

  it('year of membership started on 29 February: the anniversary falls on the 28th in other years', () => {
    expect(periodOf({ period: 'MEMBERSHIP_YEAR', years: 0 }, 20260310 as DateYmd, member(20200229))).toMatchObject({ from: 20260228, to: 20270227 });
  });

  it('rolling years end on the date of care', () => {
    expect(periodOf({ period: 'ROLLING_YEARS', years: 2 }, 20261115 as DateYmd, member(20170301))).toEqual({ from: 20241116, to: 20261115, label: 'pour 2 ans glissants' });
  });
});
