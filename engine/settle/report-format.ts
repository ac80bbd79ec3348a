import type { Cents } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';

/**
 * Numbers as report.html prints them for a person: French notation, digits grouped by three with
 * a no-break space (so "1 234 567,89 €" never wraps inside an amount), from integers only. Money
 * goes through formatEurosFr (string surgery on integer cents), never through a float.
 */

/** U+00A0: groups digits and ties a number to its unit without letting a line break fall there. */
export const NO_BREAK_SPACE = '\u00a0';

/** 1234567 → "1 234 567" (no-break spaces); the sign is kept in front. */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) throw new RangeError(`count ${count} is not an integer`);
  const digits = String(count < 0 ? -count : count);
  return (count < 0 ? '-' : '') + groupDigits(digits);
}

/** 123456789 → "1 234 567,89 €", −5 → "-0,05 €". */
export function formatAmount(amountCents: number): string {
  const plain = formatEurosFr(amountCents as Cents);
  const negative = plain.startsWith('-');
  const [euros = '', decimals = ''] = (negative ? plain.slice(1) : plain).split(',');
  return `${negative ? '-' : ''}${groupDigits(euros)},${decimals}${NO_BREAK_SPACE}€`;
}

/**
 * part / whole in basis points (1/100 of a percent), rounded half up, in integers: 1 of 3 is 3333.
 * 0 when `whole` is 0 (a day without invoices rejected none of them).
 */
export function shareBasisPoints(part: number, whole: number): number {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || part < 0 || whole < 0) {
    throw new RangeError(`share ${part}/${whole} is not of non-negative integers`);
  }
  if (whole === 0) return 0;
  // ⌊(2·part·10000 + whole) / (2·whole)⌋ = round half up of part·10000/whole, exactly.
  return Math.floor((2 * part * 10_000 + whole) / (2 * whole));
}

/** 1234 → "12,34 %", 5 → "0,05 %". */
export function formatBasisPoints(rateBasisPoints: number): string {
  const whole = Math.floor(rateBasisPoints / 100);
  const hundredths = rateBasisPoints % 100;
  return `${whole},${hundredths < 10 ? '0' : ''}${hundredths}${NO_BREAK_SPACE}%`;
}

function groupDigits(digits: string): string {
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    grouped = digits.slice(start, end) + (grouped === '' ? '' : NO_BREAK_SPACE + grouped);
  }
  return grouped === '' ? '0' : grouped;
}
