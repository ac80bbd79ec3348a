/** The most bytes a varint of 32 bits takes. */
export const VARINT32_BYTES_MAX = 5;
/** UTF-8 needs at most 3 bytes for one UTF-16 code unit (a surrogate pair: 4 bytes for 2). */
export const UTF8_BYTES_PER_UNIT_MAX = 3;

/** Room a text takes at most with its length: reserve it before writeLengthPrefixedText. */
export function lengthPrefixedTextBytesMax(value: string): number {
  return VARINT32_BYTES_MAX + value.length * UTF8_BYTES_PER_UNIT_MAX;
}

/**
 * Writes `value` as an unsigned 32-bit varint (7 bits a byte, low first; taken modulo 2^32, as
 * protobuf does) at `at`; returns where the next byte goes. The caller has made the room.
 */
export function writeVarint32(bytes: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/**
 * Writes `value` as UTF-8 after its byte length (a varint), at `at`; returns where the next byte
 * goes. The caller has made the room (lengthPrefixedTextBytesMax). Used by the worker results'
 * protobuf encoder and by the spool's rows. Nearly every text there is short ASCII (numbers,
 * codes): copied by hand, its length is its byte count and fits a one-byte varint. Anything else
 * goes through Buffer's encoder (a lone surrogate becomes U+FFFD, as Buffer writes it).
 */
export function writeLengthPrefixedText(bytes: Buffer, at: number, value: string): number {
  const units = value.length;
  if (units < 0x80) {
    const from = at + 1;
    let i = 0;
    for (; i < units; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[from + i] = c;
    }
    if (i === units) {
      bytes[at] = units;
      return from + units;
    }
  }
  const next = writeVarint32(bytes, at, Buffer.byteLength(value, 'utf8'));
  return next + bytes.write(value, next, 'utf8');
}
