import { describe, it, expect } from 'vitest';
import { ymd } from '../engine/domain/units.js';
import { dueDate, paymentTermChannelOf } from '../engine/calendar/due-date.js';
import { receiptDay } from '../engine/calendar/receipt-day.js';

/** Paris winter/summer wall-clock time → UTC instant, for the worked examples of rules.md §4.5. */
const parisWinter = (y: number, mo: number, d: number, h: number, mi: number): number => Date.UTC(y, mo - 1, d, h - 1, mi);
const parisSummer = (y: number, mo: number, d: number, h: number, mi: number): number => Date.UTC(y, mo - 1, d, h - 2, mi);

describe('payment due date = D0 + 5 banking days (EDI) / + 20 (paper), union calendar (rules.md §4.5)', () => {
  it('received Thu 2026-12-24 16:59 → due Mon 2027-01-04 (25 Dec and 1 Jan closed)', () => {
    const d0 = receiptDay(parisWinter(2026, 12, 24, 16, 59), 'EDI', 'TARGET_AND_FR');
    expect(d0).toBe(20261224);
    expect(dueDate(d0, 'EDI', 'TARGET_AND_FR')).toBe(20270104);
  });

  it('received Thu 2026-12-24 18:05 → D0 Mon 2026-12-28 → due Tue 2027-01-05', () => {
    const d0 = receiptDay(parisWinter(2026, 12, 24, 18, 5), 'EDI', 'TARGET_AND_FR');
    expect(d0).toBe(20261228);
    expect(dueDate(d0, 'EDI', 'TARGET_AND_FR')).toBe(20270105);
    expect(dueDate(d0, 'PAPER', 'TARGET_AND_FR')).toBe(20270126);
  });

  it('paper received Thu 2026-12-24 18:05 → D0 that Thursday (no cut-off on paper) → due + 20 = Mon 2027-01-25', () => {
    const d0 = receiptDay(parisWinter(2026, 12, 24, 18, 5), 'PAPER', 'TARGET_AND_FR');
    expect(d0).toBe(20261224);
    expect(dueDate(d0, 'PAPER', 'TARGET_AND_FR')).toBe(20270125);
  });

  it('paper received Sun 2026-11-15 → D0 Mon 2026-11-16 → due + 20 = Mon 2026-12-14', () => {
    const d0 = receiptDay(parisWinter(2026, 11, 15, 11, 0), 'PAPER', 'TARGET_AND_FR');
    expect(d0).toBe(20261116);
    expect(dueDate(d0, 'PAPER', 'TARGET_AND_FR')).toBe(20261214);
  });

  it('received Thu 2027-03-25 10:00 → skips Good Friday 26/3 and Easter Monday 29/3 → due Mon 2027-04-05', () => {
    const d0 = receiptDay(parisWinter(2027, 3, 25, 10, 0), 'EDI', 'TARGET_AND_FR');
    expect(d0).toBe(20270325);
    expect(dueDate(d0, 'EDI', 'TARGET_AND_FR')).toBe(20270405);
  });

  it('received Wed 2027-05-05 17:30 → D0 Fri 2027-05-07 (Ascension skipped) → due Fri 2027-05-14', () => {
    const d0 = receiptDay(parisSummer(2027, 5, 5, 17, 30), 'EDI', 'TARGET_AND_FR');
    expect(d0).toBe(20270507);
    expect(dueDate(d0, 'EDI', 'TARGET_AND_FR')).toBe(20270514);
  });

  it('the TARGET-only calendar pays earlier across Ascension: D0 Thu 2027-05-06 → due Thu 2027-05-13', () => {
    const d0 = receiptDay(parisSummer(2027, 5, 5, 17, 30), 'EDI', 'TARGET');
    expect(d0).toBe(20270506);
    expect(dueDate(d0, 'EDI', 'TARGET')).toBe(20270513);
  });

  it('takes other terms when the protocol changes them', () => {
    expect(dueDate(ymd(20261228), 'EDI', 'TARGET_AND_FR', { EDI: 7, PAPER: 21 })).toBe(20270107);
  });

  it('treats B2 and DRE as EDI and only paper as paper', () => {
    expect(paymentTermChannelOf('B2_ETAB')).toBe('EDI');
    expect(paymentTermChannelOf('B2_PS')).toBe('EDI');
    expect(paymentTermChannelOf('DRE')).toBe('EDI');
    expect(paymentTermChannelOf('PAPER')).toBe('PAPER');
  });
});
