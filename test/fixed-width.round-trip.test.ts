import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../codecs/fixed-width/compiled-layout.js';
import { layoutsDir, loadLayout } from '../codecs/fixed-width/load-layout.js';
import type { FieldValue, RecordValues } from '../codecs/fixed-width/record-codec.js';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { daysInMonth } from '../engine/calendar/ymd.js';

/**
 * Issue 2: "encode(decode(line)) === line (unknown columns kept as filler) and decode(encode(value))
 * equals value", for every record type of every shipped profile. Profiles are found on disk, so a
 * profile added later is covered without touching this file. NOEMIE and ARL entities are tested as
 * record bytes without their délimiteur d'entité: single-record encode/decode never sees it (the
 * entity-file reader and writer add and strip it).
 */

const PROFILES = readdirSync(layoutsDir())
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const DIGITS = [...'0123456789'];

const textOf = (alphabet: readonly string[], minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

/** A value to give encode (undefined = field left out) and what decode must give back for it. */
interface FieldCase {
  input: FieldValue | undefined;
  expected: FieldValue;
}

const same = (v: FieldValue): FieldCase => ({ input: v, expected: v });

/** A real calendar day yyyymmdd within [yearMin, yearMax]. */
function calendarDay(yearMin: number, yearMax: number): fc.Arbitrary<number> {
  return fc
    .record({ year: fc.integer({ min: yearMin, max: yearMax }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => (year * 100 + month) * 100 + Math.min(day, daysInMonth(year, month)));
}

/** A 6-digit date carries no century: years below the pivot are 20yy, the others 19yy (read-date.ts). */
function sixDigitDay(pivot: number): fc.Arbitrary<number> {
  return fc
    .record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ yy, month, day }) => {
      const year = (yy < pivot ? 2000 : 1900) + yy;
      return (year * 100 + month) * 100 + Math.min(day, daysInMonth(year, month));
    });
}

/** Integers 0 … 10^digits − 1, computed in bigint so 15-digit bounds stay exact. */
function unsignedOf(digits: number): fc.Arbitrary<number> {
  return fc.bigInt({ min: 0n, max: 10n ** BigInt(digits) - 1n }).map(Number);
}

/** Blank numeric and date zones decode to null only where the profile says optional. */
function withNull(f: CompiledField, values: fc.Arbitrary<number>): fc.Arbitrary<FieldCase> {
  const present = values.map(same);
  if (!f.optional) return present;
  return fc.oneof({ arbitrary: present, weight: 4 }, fc.constantFrom<FieldCase>({ input: null, expected: null }, { input: undefined, expected: null }));
}

/** Valid values of one field, with the decoder's normalisations folded into `expected`. */
function fieldCase(f: CompiledField): fc.Arbitrary<FieldCase> {
  if (f.constValue !== undefined) {
    // A fixed field is written from the layout when left out or blank, and read back without its padding.
    const expected = f.constValue.trimEnd();
    return fc.constantFrom<FieldCase>({ input: f.constValue, expected }, { input: undefined, expected }, { input: '', expected });
  }
  switch (f.kind) {
    case 'FILLER':
      // Filler is kept byte for byte, lower case and trailing blanks included.
      return fc.oneof(
        { arbitrary: textOf(PRINTABLE, f.length, f.length).map(same), weight: 4 },
        fc.constant<FieldCase>({ input: undefined, expected: ' '.repeat(f.length) }),
      );
    case 'A':
      // Text comes back raised to upper case and trimmed on the right.
      return fc.oneof(
        { arbitrary: textOf(PRINTABLE, 0, f.length).map((s) => ({ input: s, expected: s.toUpperCase().trimEnd() })), weight: 4 },
        fc.constant<FieldCase>({ input: undefined, expected: '' }),
      );
    case 'DIGITS':
      // encode pads identifiers with zeros, so only full-length ones (or none) read back unchanged.
      return fc.oneof(
        { arbitrary: textOf(DIGITS, f.length, f.length).map(same), weight: 4 },
        fc.constantFrom<FieldCase>({ input: '', expected: '' }, { input: undefined, expected: '' }),
      );
    case 'N':
    case 'AMT':
      return withNull(f, unsignedOf(f.length));
    case 'SAMT': {
      const bound = 10n ** BigInt(f.length - 1) - 1n;
      return withNull(f, fc.bigInt({ min: -bound, max: bound }).map(Number));
    }
    case 'D6':
      return withNull(f, fc.oneof({ arbitrary: sixDigitDay(f.centuryPivot), weight: 9 }, fc.constant(0)));
    case 'D8':
      return withNull(f, fc.oneof({ arbitrary: calendarDay(1, 9999), weight: 9 }, fc.constant(0)));
  }
}

interface RecordCase {
  input: RecordValues;
  expected: RecordValues;
}

function recordCase(record: CompiledRecord): fc.Arbitrary<RecordCase> {
  const model: Record<string, fc.Arbitrary<FieldCase>> = {};
  for (const f of record.fields) model[f.name] = fieldCase(f);
  return fc.record(model).map((cases) => {
    const input: RecordValues = {};
    const expected: RecordValues = {};
    for (const [name, c] of Object.entries(cases)) {
      if (c.input !== undefined) input[name] = c.input;
      expected[name] = c.expected;
    }
    return { input, expected };
  });
}

function recordsOf(layout: CompiledLayout): CompiledRecord[] {
  return [...layout.records.values()];
}

function zoneOf(line: string, f: CompiledField): string {
  return line.slice(f.offset, f.offset + f.length);
}

describe.each(PROFILES)('profile %s: every record type round-trips', (profile) => {
  const layout = loadLayout(profile);

  it('has record types and puts each code in the discriminator through a fixed field', () => {
    // Precondition of every property below: encoding a record writes its own code, so decode finds it.
    expect(layout.records.size).toBeGreaterThan(0);
    for (const record of recordsOf(layout)) {
      const line = encodeRecord(layout, record.code, {});
      const code = line.slice(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength);
      expect(code.trimEnd()).toBe(record.code);
    }
  });

  it.each(recordsOf(layout).map((r) => [r.code, r.role, r] as const))(
    'record %s (%s): decode(encode(values)) gives the values back and encode(decode(line)) === line',
    (code, _role, record) => {
      fc.assert(
        fc.property(recordCase(record), ({ input, expected }) => {
          const line = encodeRecord(layout, code, input);
          expect(line).toHaveLength(record.length);
          const decoded = decodeRecord(layout, line);
          if (!decoded.ok) throw new Error(`${JSON.stringify(line)}: ${JSON.stringify(decoded.errors)}`);
          expect(decoded.value.code).toBe(code);
          expect(decoded.value.values).toEqual(expected);
          expect(encodeRecord(layout, code, decoded.value.values)).toBe(line);
        }),
        { numRuns: 150 },
      );
    },
  );
});

/**
 * Decode is lenient where input is known to vary (read-field.ts): lower case in text, blanks before
 * the digits of a number or inside an identifier, a zero amount signed '-'. Those zones read fine
 * but are written back canonically, so the byte-for-byte property is stated for the other lines.
 */
function lenientZones(line: string, record: CompiledRecord): string[] {
  const out: string[] = [];
  for (const f of record.fields) {
    const z = zoneOf(line, f);
    const blank = z.trim() === '';
    const lenient =
      (f.kind === 'A' && /[a-z]/.test(z)) ||
      (f.kind === 'DIGITS' && !blank && z.includes(' ')) ||
      ((f.kind === 'N' || f.kind === 'AMT') && !blank && z.startsWith(' ')) ||
      (f.kind === 'SAMT' && !blank && (z.startsWith(' ') || /^[ 0]*-$/.test(z)));
    if (lenient) out.push(f.name);
  }
  return out;
}

/**
 * Date digits in the field's order. Day and month are not calendar-checked by the codec ("lunar"
 * birth dates have month or day 00), so any month 00-12 and day 00-31 is well formed.
 */
function dateZone(f: CompiledField): fc.Arbitrary<string> {
  const two = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  return fc.tuple(two(99), two(99), two(12), two(31)).map(([ss, yy, mm, dd]) => {
    switch (f.dateOrder) {
      case 'AAMMJJ': return yy + mm + dd;
      case 'JJMMAA': return dd + mm + yy;
      case 'SSAAMMJJ': return ss + yy + mm + dd;
      case 'JJMMSSAA': return dd + mm + ss + yy;
    }
  });
}

/** What a zone of a random line holds: mostly well-formed for its kind, sometimes blank or noise. */
function zone(f: CompiledField, isDiscriminator: boolean): fc.Arbitrary<string> {
  const noise = textOf(PRINTABLE, f.length, f.length);
  if (isDiscriminator && f.constValue !== undefined) {
    // The code must stay known; its lower-case spelling is accepted by the reader too.
    const code = f.constValue.padEnd(f.length, ' ');
    return fc.constantFrom(code, code, code, code.toLowerCase());
  }
  let wellFormed: fc.Arbitrary<string>;
  if (f.constValue !== undefined) wellFormed = fc.constant(f.constValue.padEnd(f.length, ' '));
  else if (f.kind === 'A' || f.kind === 'FILLER') wellFormed = noise;
  else if (f.kind === 'SAMT') wellFormed = fc.tuple(textOf(DIGITS, f.length - 1, f.length - 1), fc.constantFrom('+', '-')).map(([d, s]) => d + s);
  else if (f.kind === 'D6' || f.kind === 'D8') wellFormed = dateZone(f);
  else wellFormed = textOf(DIGITS, f.length, f.length);
  return fc.oneof(
    { arbitrary: wellFormed, weight: 24 },
    { arbitrary: fc.constant(' '.repeat(f.length)), weight: 1 },
    { arbitrary: noise, weight: 1 },
  );
}

function randomLine(layout: CompiledLayout, record: CompiledRecord): fc.Arbitrary<string> {
  return fc.tuple(...record.fields.map((f) => zone(f, f.offset === layout.discriminatorOffset))).map((zones) => zones.join(''));
}

describe.each(PROFILES)('profile %s: random lines keep their unknown columns', (profile) => {
  const layout = loadLayout(profile);

  it.each(recordsOf(layout).map((r) => [r.code, r] as const))(
    'record %s: a random printable line that decodes re-encodes to the same bytes',
    (code, record) => {
      let decodedCount = 0;
      fc.assert(
        fc.property(randomLine(layout, record), (line) => {
          expect(line).toHaveLength(record.length);
          const decoded = decodeRecord(layout, line); // never throws, whatever the bytes
          if (!decoded.ok) {
            expect(decoded.errors.length).toBeGreaterThan(0);
            return;
          }
          decodedCount++;
          expect(decoded.value.code).toBe(code);
          for (const f of record.fields) if (f.kind === 'FILLER') expect(decoded.value.values[f.name]).toBe(zoneOf(line, f));
          if (lenientZones(line, record).length > 0) return;
          expect(encodeRecord(layout, code, decoded.value.values)).toBe(line);
        }),
        { numRuns: 300 },
      );
      // Guard against a vacuous property: most generated lines must actually decode.
      expect(decodedCount).toBeGreaterThan(0);
    },
  );
});

describe('lenient spellings are read, then written back canonically', () => {
  const etab = loadLayout('b2-etablissements');
  const line = encodeRecord(etab, '4', {
    nir: '1850475123456', nirKey: '57', beneficiaryRank: '000', invoiceNumber: '000000123', actDate: 20260103,
    actCode: 'C', quantity: 1, coefficient: 100, denombrement: 1, unitPrice: 3000, base: 3000, amoRate: 70, amo: 2100, fee: 3000, amcDeclared: 900,
  });
  const field = (name: string): CompiledField => {
    const f = etab.records.get('4')?.byName.get(name);
    if (!f) throw new Error(`no field ${name} in B2 type 4`);
    return f;
  };
  const replaceZone = (l: string, f: CompiledField, z: string): string => l.slice(0, f.offset) + z + l.slice(f.offset + f.length);

  it('a lower-case act code reads as upper case and is written in upper case', () => {
    const actCode = field('actCode');
    const lower = replaceZone(line, actCode, 'c'.padEnd(actCode.length, ' '));
    const r = decodeRecord(etab, lower);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.values.actCode).toBe('C');
    expect(encodeRecord(etab, '4', r.value.values)).toBe(line);
  });

  it('blanks before the digits of an amount read as zeros and are written as zeros', () => {
    const unitPrice = field('unitPrice');
    const blanks = replaceZone(line, unitPrice, '3000'.padStart(unitPrice.length, ' '));
    const r = decodeRecord(etab, blanks);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.values.unitPrice).toBe(3000);
    expect(encodeRecord(etab, '4', r.value.values)).toBe(line);
  });
});
