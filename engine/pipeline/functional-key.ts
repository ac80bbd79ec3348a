import type { Invoice } from '../domain/invoice.js';

/**
 * A 64-bit fingerprint of "the same care billed again" (rules.md §5.3): same PS, same
 * beneficiary (NIR, birth date and rank), same acts on the same dates for the same amounts.
 * Two independent 32-bit FNV-1a hashes: at 10 million invoices the chance of one false match
 * is about 3 in a million, against 0.5 % for a single 32-bit hash; collisions are reported as
 * duplicates, so this is the bound on wrongly rejected invoices.
 *
 * Each part is hashed as its text followed by a '|' mark; a number as its decimal text, which
 * the ledger's keys were made from: a number's digits are hashed without making its text.
 */
export function functionalKey(invoice: Invoice): { hi: number; lo: number } {
  hi = 0x811c9dc5;
  lo = 0x01000193 ^ 0x5bd1e995;
  mixText(invoice.practitionerId);
  mixText(invoice.nir);
  mixNumber(invoice.birthDate);
  mixNumber(invoice.birthRank);
  for (const line of invoice.lines) {
    mixNumber(line.actDate);
    mixText(line.actCode);
    mixNumber(line.quantity);
    mixNumber(line.coefficientHundredths);
    mixNumber(line.feeCents);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

// The two hashes of the key being made (functionalKey runs to completion: nothing interleaves).
let hi = 0;
let lo = 0;

const PART_END = 0x7c; // '|'
const DIGIT_ZERO = 0x30;
/** A safe integer's decimal digits, last first (2^53 has 16). */
const digits = new Uint8Array(16);

function mixCode(c: number): void {
  hi = Math.imul(hi ^ c, 0x01000193);
  lo = Math.imul(lo ^ c, 0x01000193) ^ (lo >>> 15);
}

function mixText(s: string): void {
  for (let i = 0; i < s.length; i++) mixCode(s.charCodeAt(i));
  mixCode(PART_END);
}

/** The same as mixText(String(n)), without making the text of a whole non-negative number. */
function mixNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    mixText(String(n));
    return;
  }
  let count = 0;
  do {
    digits[count++] = n % 10;
    n = Math.floor(n / 10);
  } while (n > 0);
  while (count > 0) mixCode(DIGIT_ZERO + digits[--count]!);
  mixCode(PART_END);
}
