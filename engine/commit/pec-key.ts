/**
 * A PEC number as a 64-bit key for KeySet64, so the run's used PECs cost 9 bytes each outside the
 * JS heap instead of a string in a Set (which grows the heap with the input).
 *
 * Exact, not hashed, for what PEC numbers are (the B2 field is 12 characters, digits and capital
 * letters): each half of up to 6 characters is a base-37 number whose digit 0 stands for "no
 * character", so different strings of up to 12 such characters never share a key. 37^6 is below
 * 2^32. Anything else (lower case, punctuation, longer) falls back to a hash kept above 37^6 in the
 * high half, so it can never equal an exact key; two odd PEC numbers sharing a hash would at worst
 * reject the later invoice as PEC_DEJA_UTILISEE (the ledger's primary key stays exact).
 */
const BASE = 37;
const HALF_CHARS = 6;
const EXACT_HI_END = BASE ** HALF_CHARS; // 2 565 726 409

export function pecKey(pecNumber: string): { hi: number; lo: number } {
  if (pecNumber.length <= 2 * HALF_CHARS && !pecNumber.includes('\0')) {
    const padded = pecNumber.padStart(2 * HALF_CHARS, '\0');
    const hi = base37(padded, 0);
    const lo = base37(padded, HALF_CHARS);
    if (hi >= 0 && lo >= 0) return { hi, lo };
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < pecNumber.length; i++) {
    const c = pecNumber.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return { hi: EXACT_HI_END + ((h1 >>> 0) % (2 ** 32 - EXACT_HI_END)), lo: h2 >>> 0 };
}

/** The base-37 value of 6 characters from `at`, or -1 when one is outside NUL, 0-9, A-Z. */
function base37(s: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + HALF_CHARS; i++) {
    const c = s.charCodeAt(i);
    let digit: number;
    if (c === 0) digit = 0;
    else if (c >= 48 && c <= 57) digit = c - 47; // 0-9 → 1..10
    else if (c >= 65 && c <= 90) digit = c - 54; // A-Z → 11..36
    else return -1;
    value = value * BASE + digit;
  }
  return value;
}
