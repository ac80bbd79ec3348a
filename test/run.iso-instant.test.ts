import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../engine/run/iso-instant.js';
import { isSupportedReceiptInstant, RECEIPT_INSTANT_MAX_MS } from '../engine/run/receipt-instant-range.js';

describe('parseIsoInstant: ISO 8601 date and time with offset, nothing else', () => {
  it.each([
    ['2026-11-23T16:12:00+01:00', Date.UTC(2026, 10, 23, 15, 12, 0)],
    ['2026-11-23T16:12+01:00', Date.UTC(2026, 10, 23, 15, 12, 0)],
    ['2026-11-23T15:12:00Z', Date.UTC(2026, 10, 23, 15, 12, 0)],
    ['2026-11-23T15:12:00.5Z', Date.UTC(2026, 10, 23, 15, 12, 0, 500)],
    ['2026-11-23T15:12:00.123456-02:30', Date.UTC(2026, 10, 23, 17, 42, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    // Year 50, not 1950 (what Date.UTC makes of a two-digit year).
    ['0050-01-01T00:00:00Z', -60_589_296_000_000],
  ])('%s', (text, ms) => {
    expect(parseIsoInstant(text)).toBe(ms);
  });

  it.each([
    '2026-11-23T16:12:00', '2026-11-23', '2026-11-23 16:12:00+01:00', 'Mon, 23 Nov 2026 16:12:00 GMT', '2026',
    '2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2026-13-01T10:00:00Z', '2026-11-23T24:00:00Z', '2026-11-23T10:60:00Z',
    '2026-11-23T10:00:60Z', '2026-11-23T10:00:00+15:00', '2026-11-23T10:00:00+01:75', '+275760-09-13T00:00:00Z', ' 2026-11-23T16:12:00Z', '',
  ])('refuses %j', (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });
});

describe('the receipt range: what the banking calendar can date, with room for the payment terms', () => {
  it('takes 1970 to the end of 9998, not before nor after', () => {
    expect(isSupportedReceiptInstant(0)).toBe(true);
    expect(isSupportedReceiptInstant(Date.parse('2026-11-23T16:12:00+01:00'))).toBe(true);
    expect(isSupportedReceiptInstant(RECEIPT_INSTANT_MAX_MS)).toBe(true);
    expect(isSupportedReceiptInstant(RECEIPT_INSTANT_MAX_MS + 1)).toBe(false);
    expect(isSupportedReceiptInstant(-1)).toBe(false);
    expect(isSupportedReceiptInstant(1.5)).toBe(false);
    expect(isSupportedReceiptInstant(Number.NaN)).toBe(false);
  });
});
