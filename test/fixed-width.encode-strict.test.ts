import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecFault } from '../codecs/fixed-width/codec-error.js';
import type { CodecErrorCode } from '../codecs/fixed-width/codec-error.js';
import type { CompiledField, CompiledRecord } from '../codecs/fixed-width/compiled-layout.js';
import { compileLayout, layoutsDir, loadLayout } from '../codecs/fixed-width/load-layout.js';
import type { FieldValue, RecordValues } from '../codecs/fixed-width/record-codec.js';
import { encodeRecord } from '../codecs/fixed-width/record-codec.js';

/**
 * Issue 2: "Encoding is strict: exact widths, uppercase ASCII with accents transliterated, overflow
 * is an error, never a silent cut". What tpliq writes (NOEMIE, ARL, test B2 files) goes to
 * receivers that may refuse lower case or accents (formats.md §2.3), and a cut amount or name is a
 * wrong payment or a wrong person, so a value that does not fit must stop the writer.
 */

// One field of each kind, at known columns, with gaps at 49-50 and 56-60.
const layout = compileLayout({
  profile: 'strict',
  version: '1',
  description: 'encode strictness fixture',
  recordLength: 60,
  discriminator: { start: 1, length: 1 },
  dateOrder6: 'JJMMAA',
  dateOrder8: 'SSAAMMJJ',
  centuryPivot: 70,
  records: {
    S: {
      role: 'entity',
      description: 'every kind',
      fields: [
        { name: 'code', start: 1, length: 1, kind: 'A', source: 'R', const: 'S' },
        { name: 'name', start: 2, length: 13, kind: 'A', source: 'S' },
        { name: 'count', start: 15, length: 3, kind: 'N', source: 'S' },
        { name: 'invoiceNumber', start: 18, length: 5, kind: 'DIGITS', source: 'S' },
        { name: 'amountCents', start: 23, length: 6, kind: 'AMT', source: 'S' },
        { name: 'balanceCents', start: 29, length: 6, kind: 'SAMT', source: 'S' },
        { name: 'birthDate', start: 35, length: 6, kind: 'D6', source: 'S', centuryPivot: 27 },
        { name: 'careDate', start: 41, length: 8, kind: 'D8', source: 'S' },
        { name: 'act', start: 51, length: 5, kind: 'A', source: 'S' },
      ],
    },
  },
});

const S = layout.records.get('S');
if (!S) throw new Error('fixture record S did not compile');
const fieldS = (name: string): CompiledField => {
  const f = S.byName.get(name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};
const zone = (line: string, name: string): string => {
  const f = fieldS(name);
  return line.slice(f.offset, f.offset + f.length);
};
const encodeS = (values: RecordValues): string => encodeRecord(layout, 'S', values);

/** Encodes and returns the CodecFault; fails the test if encode writes something instead. */
function encodeFault(encode: () => string): CodecFault {
  let written: string;
  try {
    written = encode();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecFault);
    return e as CodecFault;
  }
  throw new Error(`encode wrote ${JSON.stringify(written)} instead of refusing`);
}

function expectRefused(name: string, value: FieldValue, code: CodecErrorCode): void {
  const fault = encodeFault(() => encodeS({ [name]: value }));
  expect(fault.detail).toMatchObject({ code, recordType: 'S', field: name, column: fieldS(name).offset + 1 });
}

describe('text is written as uppercase ASCII, accents spelled out', () => {
  it.each([
    ['Hélène Œuvre', 'HELENE OEUVRE'],
    ['dupont-martin', 'DUPONT-MARTIN'],
    ['Straße', 'STRASSE'],
    ['Çà et là', 'CA ET LA'],
    ['Ægir Noël', 'AEGIR NOEL'],
    ['Ångström', 'ANGSTROM'],
  ])('"%s" is written "%s"', (text, written) => {
    const line = encodeS({ name: text });
    expect(zone(line, 'name')).toBe(written.padEnd(13, ' '));
  });

  it('a character with no ASCII spelling becomes one blank, keeping the columns', () => {
    expect(zone(encodeS({ name: 'A\tB€C' }), 'name')).toBe('A B C'.padEnd(13, ' '));
  });
});

describe('a value that does not fit is TPLIQ_ENCODE_OVERFLOW, never a cut', () => {
  it('a 14-character name in a 13-character zone', () => {
    expectRefused('name', 'HELENE OEUVRES', 'TPLIQ_ENCODE_OVERFLOW');
    expect(zone(encodeS({ name: 'HELENE OEUVRE' }), 'name')).toBe('HELENE OEUVRE');
  });

  it('a text that only grows past its zone once transliterated ("Œuvre" is "OEUVRE", 6 in 5)', () => {
    expectRefused('act', 'Œuvre', 'TPLIQ_ENCODE_OVERFLOW');
  });

  it('any text longer than its zone, whatever its characters', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 14, maxLength: 40 });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(encodeFault(() => encodeS({ name: text })).detail.code).toBe('TPLIQ_ENCODE_OVERFLOW');
      }),
    );
  });

  it.each([
    ['count', 1000, 'N 999 is the largest of 3 digits'],
    ['amountCents', 1_000_000, 'AMT 9999.99 is the largest of 6 digits'],
    ['balanceCents', 100_000, 'SAMT 999.99 is the largest of 5 digits and a sign'],
    ['balanceCents', -100_000, 'nor is a negative amount cut'],
    ['invoiceNumber', '123456', 'DIGITS: 6 digits in 5'],
  ] as const)('%s = %s (%s)', (name, value, _why) => {
    expectRefused(name, value, 'TPLIQ_ENCODE_OVERFLOW');
  });

  it('the largest values that fit are written in full', () => {
    const line = encodeS({ count: 999, amountCents: 999_999, balanceCents: -99_999, invoiceNumber: '99999' });
    expect([zone(line, 'count'), zone(line, 'amountCents'), zone(line, 'balanceCents'), zone(line, 'invoiceNumber')]).toEqual([
      '999', '999999', '99999-', '99999',
    ]);
  });

  it('any N beyond its digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(encodeFault(() => encodeS({ count: n })).detail.code).toBe('TPLIQ_ENCODE_OVERFLOW');
      }),
    );
  });

  // Birth dates use pivot 27 here: yy < 27 is 20yy, so 6 digits can say 1927 … 2026 and nothing else.
  it.each([[19260101], [18991231], [20270101], [21000101]])('D6 date %d, whose century the pivot cannot express', (ymd) => {
    expectRefused('birthDate', ymd, 'TPLIQ_ENCODE_OVERFLOW');
  });

  it('D6 dates at both ends of the pivot window are written', () => {
    expect(zone(encodeS({ birthDate: 19270101 }), 'birthDate')).toBe('010127');
    expect(zone(encodeS({ birthDate: 20261231 }), 'birthDate')).toBe('311226');
  });

  it('a D8 date carries its century, so 1899 is fine there', () => {
    expect(zone(encodeS({ careDate: 18991231 }), 'careDate')).toBe('18991231');
  });

  // A day-and-month-unknown ("lunar") birth date of year 2000 is 2000-00-00; in JJMMAA with pivot 27
  // its six digits are "000000", which every reader takes for "no date" (read-date.ts: all zeros → 0).
  // encode writes it without complaint (writeDate in read-date.ts only checks the century), so the
  // birth date silently becomes absent. It should be refused like any value the zone cannot carry.
  it('a D6 date that would be written as all zeros (read back as "no date") is refused, not blanked', () => {
    const fault = encodeFault(() => encodeS({ birthDate: 20000000 }));
    expect(['TPLIQ_ENCODE_OVERFLOW', 'TPLIQ_ENCODE_BAD_VALUE']).toContain(fault.detail.code);
    expect(fault.detail.field).toBe('birthDate');
  });
});

describe('a value of the wrong sort is TPLIQ_ENCODE_BAD_VALUE', () => {
  it.each([
    ['count', -1, 'a negative N'],
    ['amountCents', -1, 'a negative AMT (signed amounts are SAMT)'],
    ['count', 1.5, 'a fraction'],
    ['amountCents', Number.NaN, 'NaN'],
    ['amountCents', Number.POSITIVE_INFINITY, 'Infinity'],
    ['amountCents', 2 ** 53, 'an integer a double cannot hold exactly'],
    ['count', '12', 'a number given as text'],
    ['balanceCents', 0.5, 'a fractional signed amount'],
    ['invoiceNumber', '12A45', 'a letter in an identifier'],
    ['invoiceNumber', '-1234', 'a sign in an identifier'],
    ['invoiceNumber', ' 1234', 'a blank in an identifier'],
    ['invoiceNumber', '１２３４５', 'non-ASCII digits'],
    ['birthDate', -1, 'a negative date'],
    ['careDate', 100000101, 'a date past year 9999'],
    ['careDate', 20261103.5, 'a fractional date'],
    ['careDate', '20261103', 'a date given as text'],
  ] as const)('%s = %s (%s)', (name, value, _why) => {
    expectRefused(name, value, 'TPLIQ_ENCODE_BAD_VALUE');
  });

  it('a record type the profile does not have', () => {
    expect(encodeFault(() => encodeRecord(layout, 'Q', {})).detail.code).toBe('TPLIQ_ENCODE_BAD_VALUE');
  });

  // layout.ts says a const is "checked on decode, written on encode", yet encodeField in
  // record-codec.ts writes the caller's value whenever one is given: asking for a type 2 record
  // with recordType "9" writes a file trailer. Encoding must refuse a value other than the const.
  it('a fixed field given another value than its const (the record type code) is refused', () => {
    const etab = loadLayout('b2-etablissements');
    const fault = encodeFault(() => encodeRecord(etab, '2', { recordType: '9' }));
    expect(fault.detail).toMatchObject({ code: 'TPLIQ_ENCODE_BAD_VALUE', recordType: '2', field: 'recordType' });
    // The const itself, as decode gives it back, is of course accepted.
    expect(encodeRecord(etab, '2', { recordType: '2' }).slice(0, 2)).toBe('2 ');
  });
});

const printableUpTo = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: n });

/**
 * Anything a caller might pass for a field: right or wrong type, in or out of range, any text.
 * Fillers excepted: they hand back, byte for byte, what decode read from a line, so they are
 * given printable text (of any length).
 */
function wildValue(f: CompiledField): fc.Arbitrary<FieldValue> {
  if (f.kind === 'FILLER') return fc.option(printableUpTo(f.length + 3), { nil: null });
  return fc.oneof(
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: f.length + 3 }),
    printableUpTo(f.length + 3),
    fc.stringMatching(/^[0-9]{0,17}$/),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.bigInt({ min: 0n, max: 10n ** 17n }).map(Number),
    fc.double(),
  );
}

/**
 * A value of the right sort and size for the field (text may still grow past its zone once
 * transliterated); with one wild field per record at most, encode succeeds often enough for the
 * checks on what it writes to bite.
 */
function tameValue(f: CompiledField): fc.Arbitrary<FieldValue> {
  const dayMonth = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 31 })).map(([m, d]) => m * 100 + d);
  let present: fc.Arbitrary<FieldValue>;
  switch (f.kind) {
    case 'FILLER':
      present = printableUpTo(f.length);
      break;
    case 'A':
      present = fc.oneof(printableUpTo(f.length), fc.string({ unit: 'binary', maxLength: f.length }));
      break;
    case 'DIGITS':
      present = fc.stringMatching(new RegExp(`^[0-9]{0,${f.length}}$`));
      break;
    case 'N':
    case 'AMT':
      present = fc.bigInt({ min: 0n, max: 10n ** BigInt(f.length) - 1n }).map(Number);
      break;
    case 'SAMT': {
      const bound = 10n ** BigInt(f.length - 1) - 1n;
      present = fc.bigInt({ min: -bound, max: bound }).map(Number);
      break;
    }
    case 'D6':
      present = fc
        .tuple(fc.integer({ min: 0, max: 99 }), dayMonth)
        .map(([yy, md]) => ((yy < f.centuryPivot ? 2000 : 1900) + yy) * 10000 + md);
      break;
    case 'D8':
      present = fc.tuple(fc.integer({ min: 0, max: 9999 }), dayMonth).map(([year, md]) => year * 10000 + md);
      break;
  }
  return fc.option(present, { nil: null, freq: 6 });
}

function anyValues(record: CompiledRecord): fc.Arbitrary<RecordValues> {
  const open = record.fields.filter((f) => f.constValue === undefined);
  const model: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const f of open) model[f.name] = tameValue(f);
  const wild = fc.option(fc.constantFrom(...open).chain((f) => wildValue(f).map((v) => [f.name, v] as const)), { nil: undefined, freq: 2 });
  return fc.tuple(fc.record(model, { requiredKeys: [] }), wild).map(([given, w]) => {
    // Keys left out stay out: encode writes an absent field blank (or its const).
    const values: RecordValues = {};
    for (const [name, v] of Object.entries(given)) if (v !== undefined) values[name] = v;
    if (w !== undefined) values[w[0]] = w[1];
    return values;
  });
}

const ENCODE_CODES: readonly CodecErrorCode[] = ['TPLIQ_ENCODE_OVERFLOW', 'TPLIQ_ENCODE_BAD_VALUE'];

describe('whatever the values, encode writes exactly the record length or refuses', () => {
  const records = readdirSync(layoutsDir())
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const shipped = loadLayout(f.slice(0, -'.json'.length));
      return [...shipped.records.values()].map((r) => [shipped.profile, r.code, shipped, r] as const);
    });

  it.each([['strict', 'S', layout, S] as const, ...records])('%s record %s', (_profile, code, lay, record) => {
    fc.assert(
      fc.property(anyValues(record), (values) => {
        let line: string;
        try {
          line = encodeRecord(lay, code, values);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecFault);
          const { detail } = e as CodecFault;
          expect(ENCODE_CODES).toContain(detail.code);
          const f = record.byName.get(detail.field ?? '');
          expect(f).toBeDefined();
          expect(detail.column).toBe((f?.offset ?? -1) + 1);
          return;
        }
        expect(line).toHaveLength(record.length);
        // Printable ASCII only, and no lower case outside the fillers (which keep what was read).
        expect(line).toMatch(/^[\x20-\x7e]*$/);
        for (const f of record.fields) {
          const written = line.slice(f.offset, f.offset + f.length);
          if (f.kind !== 'FILLER') expect(written).not.toMatch(/[a-z]/);
          // An ASCII text that was accepted is written whole: nothing cut, only raised and padded.
          const given = values[f.name];
          if (f.kind === 'A' && typeof given === 'string' && given !== '' && /^[\x20-\x7e]*$/.test(given)) {
            expect(written).toBe(given.toUpperCase().padEnd(f.length, ' '));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
