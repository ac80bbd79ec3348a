/**
 * The exact-duplicate key of an invoice: (practitioner billing id, invoice number), rules.md
 * §5.3. Both are 9 digits, so each fits a 32-bit half exactly: no hashing, no false match.
 * An id with a non-digit (never valid, but bad input exists) falls back to a string hash.
 */
export function exactKey(practitionerId: string, invoiceNumber: string): { hi: number; lo: number } {
  return { hi: digitsOrHash(practitionerId), lo: digitsOrHash(invoiceNumber) };
}

function digitsOrHash(s: string): number {
  if (s.length > 0 && s.length <= 9 && /^\d+$/.test(s)) return Number(s);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // Above 10^9, so it never equals a 9-digit number.
  return ((h >>> 0) % 3_000_000_000) + 1_000_000_000;
}
