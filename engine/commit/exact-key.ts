/**
 * The exact-duplicate key of an invoice: (practitioner billing id, invoice number), rules.md
 * §5.3. Both are 9 digits, so each fits a 32-bit half exactly: no hashing, no false match.
 * An id with a non-digit (never valid, but bad input exists) falls back to a string hash.
 */
export function exactKey(practitionerId: string, invoiceNumber: string): { hi: number; lo: number } {
  return { hi: exactKeyHalf(practitionerId), lo: exactKeyHalf(invoiceNumber) };
}

/**
 * One half of the key: the number a string of 1 to 9 digits writes, else a hash above 10^9.
 * Asked for every invoice of a night (the run's key sets, the filter of paid keys), so it reads
 * the characters itself rather than through a regular expression and Number().
 */
export function exactKeyHalf(s: string): number {
  const length = s.length;
  if (length > 0 && length <= 9) {
    let value = 0;
    let i = 0;
    for (; i < length; i++) {
      const digit = s.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === length) return value;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // Above 10^9, so it never equals a 9-digit number.
  return ((h >>> 0) % 3_000_000_000) + 1_000_000_000;
}
