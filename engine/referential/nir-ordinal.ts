import { NIR_WIDTH } from '../../codecs/csv/referential-shapes.js';

/**
 * A NIR as one number that sorts like its ASCII bytes: characters 0–9 then A, B (Corsica) as
 * base-12 digits. 12^13 ≈ 1.1e14 < 2^53, so the number is exact, and comparing two numbers is
 * much cheaper than comparing 13 bytes. -1 when a character is none of those (no NIR), which a
 * caller then compares as bytes.
 */
export function nirOrdinalOfBytes(bytes: Uint8Array, start: number): number {
  let ordinal = 0;
  for (let i = start; i < start + NIR_WIDTH; i++) {
    const digit = base12Digit(bytes[i]!);
    if (digit < 0) return -1;
    ordinal = ordinal * 12 + digit;
  }
  return ordinal;
}

/** The same for a NIR as text; -1 when it is not 13 such characters. */
export function nirOrdinalOfText(nir: string): number {
  if (nir.length !== NIR_WIDTH) return -1;
  let ordinal = 0;
  for (let i = 0; i < NIR_WIDTH; i++) {
    const digit = base12Digit(nir.charCodeAt(i));
    if (digit < 0) return -1;
    ordinal = ordinal * 12 + digit;
  }
  return ordinal;
}

/** 0–9 for '0'–'9', 10 for 'A', 11 for 'B', else -1. */
function base12Digit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code === 65 || code === 66) return code - 55;
  return -1;
}
