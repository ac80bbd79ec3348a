import { SHORT_TEXT_MAX, shortByteText } from '../binary/decode-text.js';

/**
 * Byte-level readers for the hot path: numbers, amounts and dates are read straight from the
 * record bytes, without making a string per field. Each returns a sentinel instead of throwing so
 * that the caller decides which error to report and where.
 */

/** Returned by the numeric readers when the zone holds something other than digits. */
export const NOT_A_NUMBER = -1;
/** Returned by the numeric readers when the zone is entirely blank. */
export const BLANK = -2;

const ZERO = 0x30;
const SPACE = 0x20;

/** Unsigned integer of up to 15 digits; leading blanks are tolerated (lenient on input). */
export function readUnsigned(bytes: Uint8Array, start: number, length: number): number {
  let value = 0;
  let digits = 0;
  const end = start + length;
  let i = start;
  while (i < end && bytes[i] === SPACE) i++;
  if (i === end) return BLANK;
  for (; i < end; i++) {
    const d = (bytes[i] ?? 0) - ZERO;
    if (d < 0 || d > 9) return NOT_A_NUMBER;
    value = value * 10 + d;
    digits++;
  }
  return digits === 0 ? BLANK : value;
}

/** Signed amount: digits then '+' or '-' in the last position. Returns NaN when malformed. */
export function readSigned(bytes: Uint8Array, start: number, length: number): number {
  const sign = bytes[start + length - 1];
  const magnitude = readUnsigned(bytes, start, length - 1);
  if (magnitude < 0) return Number.NaN;
  if (sign === 0x2b) return magnitude;
  if (sign === 0x2d) return -magnitude;
  return Number.NaN;
}

export function isBlank(bytes: Uint8Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (bytes[i] !== SPACE) return false;
  return true;
}

/**
 * Text zone, blanks trimmed on the right, lower case raised (lenient input). latin1 keeps one
 * byte per character, so columns and offsets stay aligned whatever the bytes are.
 */
export function readText(bytes: Uint8Array, start: number, length: number): string {
  let end = start + length;
  while (end > start && bytes[end - 1] === SPACE) end--;
  let hasLower = false;
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b >= 0x61 && b <= 0x7a) {
      hasLower = true;
      break;
    }
  }
  // A short zone (codes, numbers kept as text, NIRs) is made in JavaScript: ≈ 1.8× cheaper than a
  // call into Buffer's decoder, and the workers read a few dozen such zones per invoice.
  const s = end - start <= SHORT_TEXT_MAX ? shortByteText(bytes, start, end - start) : latin1Slice.call(bytes, start, end);
  return hasLower ? s.toUpperCase() : s;
}

/**
 * Buffer's latin1 decoder called on the Uint8Array itself: the same string as
 * `Buffer.from(bytes.buffer, …).toString('latin1')` without allocating a Buffer view per field —
 * ≈ 1.8× cheaper per text field, and the workers read several per invoice (bench/micro b2-decode).
 */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/** Index of the first byte that is not printable ASCII, or -1. */
export function firstBadCharacter(bytes: Uint8Array, start: number, length: number): number {
  for (let i = start; i < start + length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 || b > 0x7e) return i;
  }
  return -1;
}
