/**
 * Euro amounts as decimal text, to and from integer cents, by string arithmetic only: an amount
 * never passes through a binary fraction of a euro, so 0.05 and 1234567.89 come out exactly as
 * they went in. Used by the SEPA file (Amt, CtrlSum) and the audit CSV, which both want the
 * "1234.56" form (a dot, exactly two decimals, no grouping).
 */

/** "1234.56" from 123456; "-0.05" from -5. Throws on a non-integer or unsafe number of cents. */
export function centsToDecimalText(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError(`amount ${amountCents} is not a safe integer number of cents`);
  }
  const sign = amountCents < 0 ? '-' : '';
  const digits = String(Math.abs(amountCents)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Cents from a decimal text with at most two decimals ("12", "12.5", "12.50"). Anything else —
 * a third decimal, an exponent, grouping, blanks — is not an amount this engine writes, so it is
 * refused (undefined) rather than rounded.
 */
export function decimalTextToCents(text: string): number | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return undefined;
  const euros = match[2] ?? '';
  const fraction = (match[3] ?? '').padEnd(2, '0');
  const magnitude = Number(euros + fraction);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  // "-0.00" is zero, not the float -0.
  return match[1] === '-' && magnitude !== 0 ? -magnitude : magnitude;
}
