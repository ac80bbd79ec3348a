import { decodeText } from './decode-text.js';
import { grownBuffer } from './grown-buffer.js';
import { lengthPrefixedTextBytesMax, writeLengthPrefixedText } from './length-prefixed-text.js';

/**
 * An invoice's act lines as the NOEMIE return's 070 entities need them, packed into a few bytes
 * (rules.md P8: act code, date, quantity, coefficient, base, RO amount, RC amount per line).
 *
 * Why packed bytes and not one message per line: the lines cross from the worker in the result
 * message (inside liquidation.proto field 25, engine/run/spool-returns-tail.ts) and then wait in
 * the decision spool until the returns are written; at 10 M lines a night that is 10 M lines on
 * the wire and on disk. The main thread copies the bytes from one to the other without reading
 * them; only the return writer unpacks them, one practitioner at a time.
 *
 * Layout: the line count (varint), then per line
 *   act code        varint byte length + UTF-8
 *   act date        zigzag varint of (act date − the invoice's date of care), both yyyymmdd
 *                   numbers: 0 for the earliest act, small for the others (a date 0 comes back 0)
 *   quantity, coefficient × 100, base, AMO amount, computed AMC amount      varints
 *   declared AMC    zigzag varint of (declared − computed): 0, one byte, on nearly every line
 * Varints carry integers up to 2^53 (a 15-digit zone), 7 bits a byte, low bits first.
 * A typical line ("C", same day, 1 × 1.00, 30.00 €, 21.00 €, 9.00 €) takes 12 bytes.
 */
export interface PackedActLine {
  /** Code prestation as read (B2 letter key, CCAM code…). */
  actCode: string;
  /** yyyymmdd, 0 when the line has no valid date. */
  actDate: number;
  quantity: number;
  coefficientHundredths: number;
  baseCents: number;
  /** The AMO amount the line declares. */
  amoCents: number;
  /** The AMC part tpliq computed for the line (0 when it could not be computed). */
  computedAmcCents: number;
  /** The AMC part the practitioner declared for the line. */
  declaredAmcCents: number;
}

/** The most bytes one varint of a safe integer takes (53 bits, 7 a byte). */
const VARINT53_BYTES_MAX = 8;
const NUMBERS_PER_LINE = 7;
/** No lines: nothing on the wire (proto3 leaves an empty bytes field off) and one byte in the spool. */
export const NO_ACT_LINES: Uint8Array = new Uint8Array(0);

let scratch: Buffer = Buffer.allocUnsafe(1024);

/**
 * The packed lines of one invoice (the first `count` of `lines`), in a Uint8Array of their own.
 * Throws a RangeError on a number that is not a non-negative safe integer: the intake reads every
 * one of them from digit zones, so such a number is a programmer error.
 */
export function packActLines(lines: readonly PackedActLine[], careDate: number, count: number = lines.length): Uint8Array {
  if (count === 0) return NO_ACT_LINES;
  const used = packIntoScratch(lines, careDate, count);
  // Copied byte by byte: a few dozen bytes, and no view of the scratch is made to copy them from.
  const packed = new Uint8Array(used);
  for (let i = 0; i < used; i++) packed[i] = scratch[i]!;
  return packed;
}

/** Packed lines left where packActLinesInScratch put them: the first `length` bytes of `bytes`. */
export interface PackedInScratch {
  readonly bytes: Uint8Array;
  readonly length: number;
}

const inScratch = { bytes: scratch as Uint8Array, length: 0 };

/**
 * The same bytes as packActLines, left in a buffer every call shares, valid until the next call:
 * for a writer that copies them at once into bytes of its own (the spool's returns tail), which
 * would otherwise copy them twice. No lines: length 0.
 */
export function packActLinesInScratch(lines: readonly PackedActLine[], careDate: number, count: number = lines.length): PackedInScratch {
  inScratch.length = count === 0 ? 0 : packIntoScratch(lines, careDate, count);
  inScratch.bytes = scratch;
  return inScratch;
}

/** Packs into `scratch` (grown as needed) from its start; returns the byte count. */
function packIntoScratch(lines: readonly PackedActLine[], careDate: number, count: number): number {
  let used = writeVarint(scratch, reserve(0, VARINT53_BYTES_MAX), count);
  for (let i = 0; i < count; i++) {
    const line = lines[i]!;
    used = reserve(used, lengthPrefixedTextBytesMax(line.actCode) + NUMBERS_PER_LINE * VARINT53_BYTES_MAX);
    used = writeLengthPrefixedText(scratch, used, line.actCode);
    used = writeVarint(scratch, used, zigzag(line.actDate - careDate));
    used = writeVarint(scratch, used, natural(line.quantity));
    used = writeVarint(scratch, used, natural(line.coefficientHundredths));
    used = writeVarint(scratch, used, natural(line.baseCents));
    used = writeVarint(scratch, used, natural(line.amoCents));
    used = writeVarint(scratch, used, natural(line.computedAmcCents));
    used = writeVarint(scratch, used, zigzag(natural(line.declaredAmcCents) - line.computedAmcCents));
  }
  return used;
}

/** The lines packed by packActLines with the same date of care. Throws on bytes it did not write. */
export function unpackActLines(packed: Uint8Array, careDate: number): PackedActLine[] {
  const lines: PackedActLine[] = [];
  visitActLines(packed, careDate, (line) => lines.push({ ...line }));
  return lines;
}

/**
 * Each packed line in turn, as one object reused from line to line and call to call (copy what you keep): the
 * return writer makes its own entity values from it, and a return of a busy practitioner has
 * thousands of lines, which need not each leave an object behind for the collector.
 */
export function visitActLines(packed: Uint8Array, careDate: number, visit: (line: Readonly<PackedActLine>) => void): void {
  if (packed.length === 0) return;
  // One reader and one line for every call (the returns visit ≈ 6 M invoices' lines on a 10 M-line
  // night): so a visit may not start another, which would move the reader under the first.
  if (visiting) throw new Error('packed act lines: a visit started inside another');
  visiting = true;
  try {
    const bytes = Buffer.isBuffer(packed) ? packed : Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
    const reader = visitReader;
    const line = visitLine;
    reader.at = 0;
    for (let count = readVarint(bytes, reader); count > 0; count--) {
      const codeBytes = readVarint(bytes, reader);
      const codeStart = reader.at;
      reader.at += codeBytes;
      if (reader.at > bytes.length) throw new RangeError('packed act lines: act code past the end');
      line.actCode = decodeText(bytes, codeStart, reader.at);
      line.actDate = careDate + unzigzag(readVarint(bytes, reader));
      line.quantity = readVarint(bytes, reader);
      line.coefficientHundredths = readVarint(bytes, reader);
      line.baseCents = readVarint(bytes, reader);
      line.amoCents = readVarint(bytes, reader);
      line.computedAmcCents = readVarint(bytes, reader);
      line.declaredAmcCents = line.computedAmcCents + unzigzag(readVarint(bytes, reader));
      visit(line);
    }
    if (reader.at !== bytes.length) throw new RangeError(`packed act lines: ${bytes.length - reader.at} bytes after the last line`);
  } finally {
    visiting = false;
  }
}

let visiting = false;
const visitReader = { at: 0 };
const visitLine: PackedActLine = { actCode: '', actDate: 0, quantity: 0, coefficientHundredths: 0, baseCents: 0, amoCents: 0, computedAmcCents: 0, declaredAmcCents: 0 };

function reserve(used: number, extra: number): number {
  if (used + extra > scratch.length) scratch = grownBuffer(scratch, used, used + extra);
  return used;
}

function natural(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`packed act lines: ${value} is not a non-negative safe integer`);
  return value;
}

/** Signed to unsigned, small magnitudes small: 0 → 0, −1 → 1, 1 → 2, −2 → 3… (safe integers). */
function zigzag(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`packed act lines: ${value} is not a safe integer`);
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Arithmetic rather than bit operations: the values may pass 2^32. */
function writeVarint(bytes: Buffer, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    bytes[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  bytes[at++] = v;
  return at;
}

function readVarint(bytes: Buffer, reader: { at: number }): number {
  let value = 0;
  for (let scale = 1; scale < 2 ** 56; scale *= 0x80) {
    const b = bytes[reader.at++];
    if (b === undefined) throw new RangeError('packed act lines: cut short');
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
  }
  throw new RangeError(`packed act lines: varint too long at byte ${reader.at}`);
}
