const char = String.fromCharCode;

/** Longest ASCII text made here in one call; longer goes to Buffer's native decoder. */
export const SHORT_TEXT_MAX = 13;

/**
 * Text of bytes [start, end) of `buffer`, as UTF-8. Identifiers and codes (NIR, billing ids,
 * invoice numbers, lots) are short ASCII: each is made here as one flat string, by one
 * String.fromCharCode with all its characters. Anything else goes to Buffer's decoder.
 *
 * Why not the loop `text += String.fromCharCode(byte)`, used before: it makes a string per
 * character (garbage), and from 13 characters on links a rope node per character instead (a
 * practitioner's texts took ≈ 1 KiB each that way, 0.3 KiB flat). Measured on Node 20, strings of
 * 2 to 13 ASCII characters: ≈ 21 ns here, 41–59 ns with the loop, 51–59 ns with Buffer.
 */
export function decodeText(buffer: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length > SHORT_TEXT_MAX) return buffer.toString('utf8', start, end);
  for (let i = start; i < end; i++) if ((buffer[i] as number) >= 0x80) return buffer.toString('utf8', start, end);
  return shortByteText(buffer, start, length);
}

/**
 * The `length` bytes from `start` (at most SHORT_TEXT_MAX), one character per byte whose code is
 * the byte: ASCII text as it is, and any byte as latin1 decodes it. One String.fromCharCode call
 * with all the characters, so one flat string and nothing else.
 */
export function shortByteText(b: Uint8Array, s: number, length: number): string {
  switch (length) {
    case 0: return '';
    case 1: return char(b[s]!);
    case 2: return char(b[s]!, b[s + 1]!);
    case 3: return char(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13: return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    default: throw new RangeError(`shortByteText: ${length} bytes, at most ${SHORT_TEXT_MAX}`);
  }
}
