import type { CompiledField, CompiledRecord } from './compiled-layout.js';
import type { FieldKind } from './layout.js';
import type { FieldValue, RecordValues } from './record-codec.js';
import { toB2Text } from './transliterate.js';

/**
 * One record written as bytes straight into a buffer: the path the NOEMIE returns and ARL take, a
 * record per entity, ≈ 17 M entities on a 10 M-line night.
 *
 * Why beside encodeRecord: encodeRecord builds the record as a string, a padded piece per field,
 * ≈ 1.6 µs an entity; this writes each field's characters where they go. It takes only the
 * values it can write exactly as encodeRecord would — text that is printable ASCII once
 * transliterated, numbers and dates that fit — and answers NOT_WRITTEN for anything else: a value
 * too long, of the wrong type, a control or non-ASCII character in a filler. The caller then goes
 * through encodeRecord, which writes the same record or throws the located fault. So the faults
 * have one source, and the bytes are the same by construction of each case (checked against
 * encodeRecord in test/codec.record-bytes.test.ts).
 */
export const NOT_WRITTEN = -1;

const SPACE = 0x20;
const ZERO = 0x30;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** One record's writer: the record at `at` in `out`, and the position after it or NOT_WRITTEN. */
type RecordWriter = (values: RecordValues, out: Uint8Array, at: number) => number;

/**
 * One field's part of a record's writer: its value written at `start`, or false for a value the
 * byte path does not take. `constant` is the field's constant padded to its width, when it has one.
 */
type FieldWriter = (value: FieldValue | undefined, out: Uint8Array, start: number, f: CompiledField, constant: Uint8Array | undefined) => boolean;

const writers = new WeakMap<CompiledRecord, RecordWriter>();

/**
 * The record's writer, made once per record type. Why generated: one loop over every record
 * type's fields read `values[f.name]` with ever-changing names and object shapes, a megamorphic
 * load a field — over half of the NOEMIE writer's time (a CPU profile of 400 000 invoices' returns).
 * The writer made here reads each field by its own name, written into its code, so each load sees
 * only its record's shape, and calls the small writer of the field's kind. Names go into the code
 * as JSON string literals, offsets as numbers: a layout cannot put anything else there.
 */
function writerOf(record: CompiledRecord): RecordWriter {
  let writer = writers.get(record);
  if (writer === undefined) {
    writer = makeWriter(record);
    writers.set(record, writer);
  }
  return writer;
}

function makeWriter(record: CompiledRecord): RecordWriter {
  // The fields must tile the record, as encodeRecord's concatenation assumes.
  let writable = record.fields.reduce((offset, f) => (f.offset === offset ? offset + f.length : Number.NaN), 0) === record.length;
  const constants = record.fields.map((f) => {
    if (f.constValue === undefined) return undefined;
    const padded = f.constValue.padEnd(f.length, ' ');
    if (!isPrintableAscii(padded) || padded.length !== f.length) writable = false;
    return Buffer.from(padded, 'latin1');
  });
  // A constant that is not printable ASCII: every entity of the type takes encodeRecord.
  if (!writable) return () => NOT_WRITTEN;
  // A kind this file does not know (none the layout loader accepts) is left to encodeRecord.
  const fieldWriters = record.fields.map((f) => (f.constValue !== undefined ? writeConstant : (FIELD_WRITERS[f.kind] as FieldWriter | undefined) ?? notTaken));
  const lines = record.fields.map((f, i) => {
    if (!Number.isSafeInteger(f.offset)) throw new Error(`record ${record.code}: field ${f.name} has no integer offset`);
    return `  if (!w[${i}](values[${JSON.stringify(f.name)}], out, at + ${f.offset}, f[${i}], c[${i}])) return ${NOT_WRITTEN};`;
  });
  const body = `'use strict';\nreturn function (values, out, at) {\n${lines.join('\n')}\n  return at + ${record.length};\n};`;
  // See writerOf: the code is made of the layout's field names as string literals and its numbers.
  const factory = new Function('w', 'f', 'c', body) as (w: readonly FieldWriter[], f: readonly CompiledField[], c: ReadonlyArray<Uint8Array | undefined>) => RecordWriter;
  return factory(fieldWriters, record.fields, constants);
}

/**
 * Writes the record at `at` (record.length bytes; the caller has made room) and returns the
 * position after it, or NOT_WRITTEN, leaving what it wrote past `at` to be overwritten.
 */
export function writeRecordBytes(record: CompiledRecord, values: RecordValues, out: Uint8Array, at: number): number {
  return writerOf(record)(values, out, at);
}

const notTaken: FieldWriter = () => false;

/** A value given for a constant must be the constant: encodeRecord says so otherwise. */
const writeConstant: FieldWriter = (value, out, start, f, constant) => {
  if (value !== undefined && value !== null && value !== '' && String(value).trimEnd() !== (f.constValue as string).trimEnd()) return false;
  out.set(constant as Uint8Array, start);
  return true;
};

/** The writer of each kind of field; no value (undefined or null) blanks the field. */
const FIELD_WRITERS: Readonly<Record<FieldKind, FieldWriter>> = {
  FILLER: (value, out, start, f) => (value === undefined || value === null ? blankField(out, start, f.length) : writeAscii(String(value), out, start, f.length, false)),
  A: (value, out, start, f) => {
    if (value === undefined || value === null) return blankField(out, start, f.length);
    const text = String(value);
    return writeAscii(text, out, start, f.length, true) || writeAscii(toB2Text(text), out, start, f.length, true);
  },
  DIGITS: (value, out, start, f) => (value === undefined || value === null ? blankField(out, start, f.length) : writeDigitText(String(value), out, start, f.length)),
  N: (value, out, start, f) => writeUnsigned(value, out, start, f.length),
  AMT: (value, out, start, f) => writeUnsigned(value, out, start, f.length),
  SAMT: (value, out, start, f) => {
    if (value === undefined || value === null) return blankField(out, start, f.length);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || !writeZeroPadded(Math.abs(value), out, start, f.length - 1)) return false;
    out[start + f.length - 1] = value < 0 ? MINUS : PLUS;
    return true;
  },
  D6: (value, out, start, f) => writeDate(value, out, start, f),
  D8: (value, out, start, f) => writeDate(value, out, start, f),
};

function writeUnsigned(value: FieldValue | undefined, out: Uint8Array, start: number, width: number): boolean {
  if (value === undefined || value === null) return blankField(out, start, width);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && writeZeroPadded(value, out, start, width);
}

function writeDate(value: FieldValue | undefined, out: Uint8Array, start: number, f: CompiledField): boolean {
  if (value === undefined || value === null) return blankField(out, start, f.length);
  return typeof value === 'number' && writeDateDigits(value, f, out, start);
}

function blankField(out: Uint8Array, start: number, width: number): true {
  blank(out, start, start + width);
  return true;
}

/** Blanks from `from` to `to`: a loop, as Buffer.fill costs more than the few bytes a zone has. */
function blank(out: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = SPACE;
}

function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Text left-aligned, blank-padded; false when too long or not printable ASCII. `uppercase` as it
 * is copied, as toB2Text does to ASCII: an A field's text already ASCII then needs no new string.
 */
function writeAscii(text: string, out: Uint8Array, start: number, width: number, uppercase: boolean): boolean {
  if (text.length > width) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    out[start + i] = uppercase && c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  }
  blank(out, start + text.length, start + width);
  return true;
}

/** A DIGITS value: blank when empty, else digits only, zero-padded on the left. */
function writeDigitText(text: string, out: Uint8Array, start: number, width: number): boolean {
  if (text === '') {
    blank(out, start, start + width);
    return true;
  }
  if (text.length > width) return false;
  const pad = width - text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > ZERO + 9) return false;
    out[start + pad + i] = c;
  }
  for (let i = start; i < start + pad; i++) out[i] = ZERO;
  return true;
}

/** A non-negative safe integer right-aligned in `width` digits; false when it needs more. */
function writeZeroPadded(n: number, out: Uint8Array, start: number, width: number): boolean {
  let rest = n;
  let i = start + width - 1;
  // Small integers (amounts in cents, counts) in int32 arithmetic; larger ones exactly in doubles.
  for (; i >= start && rest > 0x7fffffff; i--) {
    const digit = rest % 10;
    out[i] = ZERO + digit;
    rest = (rest - digit) / 10;
  }
  for (; i >= start && rest !== 0; i--) {
    const quotient = (rest / 10) | 0;
    out[i] = ZERO + rest - quotient * 10;
    rest = quotient;
  }
  for (; i >= start; i--) out[i] = ZERO;
  // A width of 0 holds no digit, not even the 0 of zero (String(0) is one character).
  return rest === 0 && width > 0;
}

/** Two digits of a number below 100. */
function writeTwo(n: number, out: Uint8Array, at: number): void {
  out[at] = ZERO + Math.floor(n / 10);
  out[at + 1] = ZERO + (n % 10);
}

/** A yyyymmdd date in the field's order, as writeDate does, with encodeRecord's refusals. */
function writeDateDigits(ymd: number, f: CompiledField, out: Uint8Array, start: number): boolean {
  if (!Number.isInteger(ymd) || ymd < 0 || ymd > 99991231) return false;
  const eightDigits = f.dateOrder === 'SSAAMMJJ' || f.dateOrder === 'JJMMSSAA';
  if (f.length !== (eightDigits ? 8 : 6)) return false;
  if (ymd === 0) {
    for (let i = start; i < start + f.length; i++) out[i] = ZERO;
    return true;
  }
  const year = Math.floor(ymd / 10000);
  const mm = Math.floor(ymd / 100) % 100;
  const dd = ymd % 100;
  const yy = year % 100;
  const ss = Math.floor(year / 100);
  if (f.kind === 'D6' && !f.birth && ss !== (yy < f.centuryPivot ? 20 : 19)) return false;
  // A non-zero date written as zeros would read back as no date.
  if (mm === 0 && dd === 0 && yy === 0 && (!eightDigits || ss === 0)) return false;
  switch (f.dateOrder) {
    case 'AAMMJJ': writeTwo(yy, out, start); writeTwo(mm, out, start + 2); writeTwo(dd, out, start + 4); break;
    case 'JJMMAA': writeTwo(dd, out, start); writeTwo(mm, out, start + 2); writeTwo(yy, out, start + 4); break;
    case 'SSAAMMJJ': writeTwo(ss, out, start); writeTwo(yy, out, start + 2); writeTwo(mm, out, start + 4); writeTwo(dd, out, start + 6); break;
    case 'JJMMSSAA': writeTwo(dd, out, start); writeTwo(mm, out, start + 2); writeTwo(ss, out, start + 4); writeTwo(yy, out, start + 6); break;
  }
  return true;
}
