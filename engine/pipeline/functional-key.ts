import type { Invoice } from '../domain/invoice.js';

/**
 * A 64-bit fingerprint of "the same care billed again" (rules.md §5.3): same PS, same
 * beneficiary (NIR, birth date and rank), same acts on the same dates for the same amounts.
 * Two independent 32-bit FNV-1a hashes: at 10 million invoices the chance of one false match
 * is about 3 in a million, against 0.5 % for a single 32-bit hash; collisions are reported as
 * duplicates, so this is the bound on wrongly rejected invoices.
 */
export function functionalKey(invoice: Invoice): { hi: number; lo: number } {
  let hi = 0x811c9dc5;
  let lo = 0x01000193 ^ 0x5bd1e995;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      hi = Math.imul(hi ^ c, 0x01000193);
      lo = Math.imul(lo ^ c, 0x01000193) ^ (lo >>> 15);
    }
    hi = Math.imul(hi ^ 0x7c, 0x01000193);
    lo = Math.imul(lo ^ 0x7c, 0x01000193) ^ (lo >>> 15);
  };
  mix(invoice.practitionerId);
  mix(invoice.nir);
  mix(String(invoice.birthDate));
  mix(String(invoice.birthRank));
  for (const line of invoice.lines) {
    mix(String(line.actDate));
    mix(line.actCode);
    mix(String(line.quantity));
    mix(String(line.coefficientHundredths));
    mix(String(line.feeCents));
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}
