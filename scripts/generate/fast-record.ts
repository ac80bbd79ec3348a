import type { CompiledField, CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';

/**
 * The generator's fast path for writing fixed-width records. `encodeRecord` builds a string field
 * by field — right for the engine's outputs, too slow for ten million invoice lines in well under
 * a minute. Here each record type is encoded once, empty, by `encodeRecord` itself (constants in
 * place, everything else blank); writing a record is copying that template into the output block
 * and putting digits and letters straight into the bytes of each field.
 *
 * The writers follow encodeRecord's rules exactly — numbers zero-padded on the left, DIGITS
 * left-padded with zeros, text left-aligned, dates in the profile's order, a value that does not fit
 * is a programmer error — and test/generate.fast-record.test.ts proves byte equality with
 * encodeRecord for every field of every record of the four profiles. One difference is by
 * contract: text must already be printable uppercase ASCII (encodeRecord transliterates; the
 * generator only writes such text, and the writer checks it).
 */

function put2(out: Buffer, at: number, n: number): void {
  const tens = (n - (n % 10)) / 10;
  out[at] = 48 + tens;
  out[at + 1] = 48 + (n % 10);
}

export class FieldSlot {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  private readonly field: CompiledField;

  constructor(field: CompiledField, private readonly recordCode: string) {
    this.field = field;
    this.name = field.name;
    this.offset = field.offset;
    this.length = field.length;
  }

  private fault(message: string): Error {
    return new RangeError(`record ${this.recordCode} field ${this.name}: ${message}`);
  }

  /** N and AMT: a non-negative integer (cents for amounts), zero-padded on the left. */
  number(out: Buffer, recordStart: number, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw this.fault(`${value} is not a non-negative integer`);
    let v = value;
    const start = recordStart + this.offset;
    for (let i = start + this.length - 1; i >= start; i--) {
      const digit = v % 10;
      out[i] = 48 + digit;
      v = (v - digit) / 10;
    }
    if (v !== 0) throw this.fault(`${value} does not fit in ${this.length} digits`);
  }

  /** DIGITS: a string of digits, left-padded with zeros; '' leaves the zone blank. */
  digits(out: Buffer, recordStart: number, text: string): void {
    if (text.length === 0) return;
    if (text.length > this.length) throw this.fault(`"${text}" does not fit in ${this.length} digits`);
    const start = recordStart + this.offset;
    const pad = this.length - text.length;
    for (let i = 0; i < pad; i++) out[start + i] = 48;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) throw this.fault(`"${text}" is not digits`);
      out[start + pad + i] = c;
    }
  }

  /** A: printable uppercase ASCII, left-aligned; the rest of the zone stays blank from the template. */
  text(out: Buffer, recordStart: number, text: string): void {
    if (text.length > this.length) throw this.fault(`"${text}" does not fit in ${this.length} characters`);
    const start = recordStart + this.offset;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || (c >= 0x61 && c <= 0x7a)) throw this.fault(`"${text}" is not uppercase printable ASCII`);
      out[start + i] = c;
    }
  }

  /** D6 / D8: a yyyymmdd date in the profile's order; 0 writes zeros (absent). */
  date(out: Buffer, recordStart: number, ymd: number): void {
    const start = recordStart + this.offset;
    if (ymd === 0) {
      out.fill(48, start, start + this.length);
      return;
    }
    const year = Math.floor(ymd / 10000);
    const month = Math.floor(ymd / 100) % 100;
    const day = ymd % 100;
    const yy = year % 100;
    const century = Math.floor(year / 100);
    // A birth date's century is read back from the date of care (read-date.ts), not the pivot.
    if (this.field.kind === 'D6' && !this.field.birth && century !== (yy < this.field.centuryPivot ? 20 : 19)) {
      throw this.fault(`${ymd} cannot be written as a 6-digit date with century pivot ${this.field.centuryPivot}`);
    }
    switch (this.field.dateOrder) {
      case 'AAMMJJ': put2(out, start, yy); put2(out, start + 2, month); put2(out, start + 4, day); break;
      case 'JJMMAA': put2(out, start, day); put2(out, start + 2, month); put2(out, start + 4, yy); break;
      case 'SSAAMMJJ': put2(out, start, century); put2(out, start + 2, yy); put2(out, start + 4, month); put2(out, start + 6, day); break;
      case 'JJMMSSAA': put2(out, start, day); put2(out, start + 2, month); put2(out, start + 4, century); put2(out, start + 6, yy); break;
    }
  }
}

export class RecordTemplate {
  readonly code: string;
  readonly length: number;
  private readonly template: Buffer;
  private readonly fields: ReadonlyMap<string, CompiledField>;

  constructor(layout: CompiledLayout, code: string) {
    const record = layout.records.get(code);
    if (!record) throw new RangeError(`no record type "${code}" in profile ${layout.profile}`);
    this.code = code;
    this.length = record.length;
    this.template = Buffer.from(encodeRecord(layout, code, {}), 'latin1');
    this.fields = record.byName;
  }

  /** A writer for one named field; an unknown name is a programmer error caught at set-up. */
  slot(name: string): FieldSlot {
    const field = this.fields.get(name);
    if (!field) throw new RangeError(`record ${this.code} has no field "${name}"`);
    if (field.constValue !== undefined) throw new RangeError(`record ${this.code} field ${name} is a constant`);
    return new FieldSlot(field, this.code);
  }

  /** Copies the empty record to `out` at `at`; the caller then fills its fields. */
  begin(out: Buffer, at: number): void {
    out.set(this.template, at);
  }
}
