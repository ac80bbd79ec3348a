import type { CodecError, CodecLocation } from './codec-error.js';
import { CodecFault, codecError } from './codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from './compiled-layout.js';
import { discriminatorKey } from './compiled-layout.js';
import { BLANK, NOT_A_DAY, NOT_A_NUMBER, readDate, writeDate } from './read-date.js';
import { readSigned, readText, readUnsigned } from './read-field.js';
import { toB2Text } from './transliterate.js';

/** N, AMT, SAMT, D6, D8 → number (null when blank); DIGITS, A, FILLER → string. */
export type FieldValue = number | string | null;
export type RecordValues = Record<string, FieldValue>;

export interface DecodedRecord {
  code: string;
  record: CompiledRecord;
  values: RecordValues;
}

export type DecodeOutcome = { ok: true; value: DecodedRecord } | { ok: false; errors: CodecError[] };

/** The record type of the record starting at `start`, or undefined when the code is unknown. */
export function recordTypeAt(layout: CompiledLayout, bytes: Uint8Array, start: number): CompiledRecord | undefined {
  return layout.byKey.get(discriminatorKey(bytes, start + layout.discriminatorOffset, layout.discriminatorLength));
}

/**
 * Decodes one whole record into named values (the general, allocating path used by `inspect`,
 * tests and the writers; the worker's hot path reads fields in place instead). Every bad field
 * is reported, each with its column.
 */
export function decodeRecord(layout: CompiledLayout, line: Uint8Array | string, where: CodecLocation = {}): DecodeOutcome {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'latin1') : line;
  const record = recordTypeAt(layout, bytes, 0);
  if (!record) {
    const code = Buffer.from(bytes.subarray(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength)).toString('latin1');
    return { ok: false, errors: [codecError('TPLIQ_B2_UNKNOWN_RECORD_TYPE', `unknown record type "${code.trimEnd()}"`, { ...where, column: layout.discriminatorOffset + 1 })] };
  }
  if (bytes.length !== record.length) {
    return { ok: false, errors: [codecError('TPLIQ_B2_RECORD_LENGTH', `record ${record.code} is ${bytes.length} characters, expected ${record.length}`, { ...where, recordType: record.code, column: Math.min(bytes.length, record.length) + 1 })] };
  }
  const values: RecordValues = {};
  const errors: CodecError[] = [];
  for (const f of record.fields) {
    const r = readValue(bytes, 0, f);
    if (r.error) errors.push(codecError(r.error, r.message, { ...where, recordType: record.code, field: f.name, column: f.offset + 1 }));
    values[f.name] = r.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { code: record.code, record, values } };
}

interface ReadResult {
  value: FieldValue;
  error?: 'TPLIQ_B2_BAD_NUMBER' | 'TPLIQ_B2_BAD_DATE' | 'TPLIQ_B2_UNEXPECTED_RECORD';
  message: string;
}

function readValue(bytes: Uint8Array, base: number, f: CompiledField): ReadResult {
  const at = base + f.offset;
  switch (f.kind) {
    case 'FILLER':
      return { value: Buffer.from(bytes.subarray(at, at + f.length)).toString('latin1'), message: '' };
    case 'A':
    case 'DIGITS': {
      const text = readText(bytes, at, f.length);
      if (f.constValue !== undefined && text !== f.constValue.trimEnd()) {
        return { value: text, error: 'TPLIQ_B2_UNEXPECTED_RECORD', message: `${f.name} must be "${f.constValue}", got "${text}"` };
      }
      if (f.kind === 'DIGITS' && text !== '' && !/^\d+$/.test(text.trimStart())) {
        return { value: text, error: 'TPLIQ_B2_BAD_NUMBER', message: `${f.name} must be digits, got "${text}"` };
      }
      return { value: text, message: '' };
    }
    case 'N':
    case 'AMT': {
      const n = readUnsigned(bytes, at, f.length);
      if (n === BLANK) return f.optional ? { value: null, message: '' } : { value: null, error: 'TPLIQ_B2_BAD_NUMBER', message: `${f.name} is blank` };
      if (n === NOT_A_NUMBER) return { value: null, error: 'TPLIQ_B2_BAD_NUMBER', message: `${f.name} is not a number: "${rawText(bytes, at, f.length)}"` };
      return { value: n, message: '' };
    }
    case 'SAMT': {
      if (f.optional && readUnsigned(bytes, at, f.length) === BLANK) return { value: null, message: '' };
      const n = readSigned(bytes, at, f.length);
      if (Number.isNaN(n)) return { value: null, error: 'TPLIQ_B2_BAD_NUMBER', message: `${f.name} is not a signed amount: "${rawText(bytes, at, f.length)}"` };
      return { value: n, message: '' };
    }
    case 'D6':
    case 'D8': {
      const d = readDate(bytes, at, f);
      if (d === BLANK) return f.optional ? { value: null, message: '' } : { value: null, error: 'TPLIQ_B2_BAD_DATE', message: `${f.name} is blank` };
      // A birth date is health data: its digits never go into a message (style.md).
      const shown = f.birth ? '' : `: "${rawText(bytes, at, f.length)}"`;
      if (d === NOT_A_NUMBER) return { value: null, error: 'TPLIQ_B2_BAD_DATE', message: `${f.name} is not a date${shown}` };
      if (d === NOT_A_DAY) return { value: null, error: 'TPLIQ_B2_BAD_DATE', message: `${f.name} is not a day in ${f.dateOrder} order${shown}` };
      return { value: d, message: '' };
    }
  }
}

function rawText(bytes: Uint8Array, at: number, length: number): string {
  return Buffer.from(bytes.subarray(at, at + length)).toString('latin1');
}

/**
 * Writes one record, exactly `length` characters. Strict: a value that does not fit is a
 * TPLIQ_ENCODE_OVERFLOW fault, never a silent cut; text is transliterated to uppercase ASCII.
 * Fields absent from `values` are written blank (or their const), fillers keep what decode read.
 */
export function encodeRecord(layout: CompiledLayout, code: string, values: RecordValues): string {
  const record = layout.records.get(code);
  if (!record) throw new CodecFault(codecError('TPLIQ_ENCODE_BAD_VALUE', `no record type "${code}" in profile ${layout.profile}`));
  let out = '';
  for (const f of record.fields) out += encodeField(f, values[f.name], code);
  return out;
}

function fault(code: string, f: CompiledField, message: string): CodecFault {
  return new CodecFault(codecError('TPLIQ_ENCODE_OVERFLOW', message, { recordType: code, field: f.name, column: f.offset + 1 }));
}

function badValue(code: string, f: CompiledField, message: string): CodecFault {
  return new CodecFault(codecError('TPLIQ_ENCODE_BAD_VALUE', message, { recordType: code, field: f.name, column: f.offset + 1 }));
}

function encodeField(f: CompiledField, value: FieldValue | undefined, code: string): string {
  if (f.constValue !== undefined) {
    // The record type code is what makes a line the record it is: never written otherwise.
    if (value !== undefined && value !== null && value !== '' && String(value).trimEnd() !== f.constValue.trimEnd()) {
      throw badValue(code, f, `${f.name} of record ${code} is "${f.constValue}", not "${String(value)}"`);
    }
    return f.constValue.padEnd(f.length, ' ');
  }
  if (value === undefined || value === null) return ' '.repeat(f.length);
  switch (f.kind) {
    case 'FILLER': {
      const s = String(value);
      // A control character (a newline above all) in a filler would break the record framing.
      if (/[\u0000-\u001f\u007f]/.test(s)) throw badValue(code, f, `${f.name}: control character in a filler`);
      if (s.length > f.length) throw fault(code, f, `${f.name}: ${s.length} characters do not fit in ${f.length}`);
      return s.padEnd(f.length, ' ');
    }
    case 'A': {
      const s = toB2Text(String(value));
      if (s.length > f.length) throw fault(code, f, `${f.name}: "${s}" does not fit in ${f.length} characters`);
      return s.padEnd(f.length, ' ');
    }
    case 'DIGITS': {
      const s = String(value);
      if (s === '') return ' '.repeat(f.length);
      if (!/^\d+$/.test(s)) throw badValue(code, f, `${f.name}: "${s}" is not digits`);
      if (s.length > f.length) throw fault(code, f, `${f.name}: "${s}" does not fit in ${f.length} digits`);
      return s.padStart(f.length, '0');
    }
    case 'N':
    case 'AMT': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw badValue(code, f, `${f.name}: ${String(value)} is not a non-negative integer`);
      const s = String(value);
      if (s.length > f.length) throw fault(code, f, `${f.name}: ${s} does not fit in ${f.length} digits`);
      return s.padStart(f.length, '0');
    }
    case 'SAMT': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badValue(code, f, `${f.name}: ${String(value)} is not an integer`);
      const s = String(Math.abs(value));
      if (s.length > f.length - 1) throw fault(code, f, `${f.name}: ${value} does not fit in ${f.length - 1} digits and a sign`);
      return s.padStart(f.length - 1, '0') + (value < 0 ? '-' : '+');
    }
    case 'D6':
    case 'D8': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 99991231) throw badValue(code, f, `${f.name}: ${String(value)} is not a yyyymmdd date`);
      const s = writeDate(value, f);
      if (s === undefined) throw fault(code, f, `${f.name}: ${value} cannot be written as a 6-digit date with century pivot ${f.centuryPivot}`);
      // "000000" reads back as "no date": a real (lunar) date 2000-00-00 cannot be told apart.
      if (value !== 0 && /^0+$/.test(s)) throw fault(code, f, `${f.name}: ${value} would be written as zeros, which read back as no date`);
      return s;
    }
  }
}
