/**
 * The receipt instants a run accepts, for a file's mtime and for a manifest entry alike.
 *
 * The banking calendar works on days of years 1583–9999 (Gregorian Easter, four-digit years) and
 * throws outside them, as a programmer error. A receipt instant is input, so it is checked before
 * the calendar sees it: D0 may be the next business day, and the payment terms and deadlines then
 * count weeks past it, so the range stops at the end of 9998 (UTC), a year short of the calendar's end. Before 1970 (a negative epoch) is
 * no real receipt either: it is what a zeroed or corrupted clock gives.
 */
export const RECEIPT_INSTANT_MIN_MS = 0;
/** 9998-12-31T23:59:59.999Z. */
export const RECEIPT_INSTANT_MAX_MS = Date.UTC(9999, 0, 1) - 1;

export const RECEIPT_RANGE_TEXT = '1970-01-01T00:00:00Z to 9998-12-31T23:59:59.999Z';

export function isSupportedReceiptInstant(epochMs: number): boolean {
  return Number.isSafeInteger(epochMs) && epochMs >= RECEIPT_INSTANT_MIN_MS && epochMs <= RECEIPT_INSTANT_MAX_MS;
}
