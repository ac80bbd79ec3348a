import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../codecs/fixed-width/compiled-layout.js';
import { compileLayout, layoutsDir, loadLayout } from '../codecs/fixed-width/load-layout.js';
import type { LayoutSpec } from '../codecs/fixed-width/layout.js';
import { NOT_WRITTEN, writeRecordBytes } from '../codecs/fixed-width/record-bytes.js';
import { encodeRecord, type FieldValue, type RecordValues } from '../codecs/fixed-width/record-codec.js';

// The byte path (record-bytes.ts) must write exactly what encodeRecord writes, and leave to
// encodeRecord every value it would refuse. Checked on every record type of every shipped profile,
// with values that fit and values that do not.

const profiles: CompiledLayout[] = readdirSync(layoutsDir()).filter((f) => f.endsWith('.json')).map((f) => loadLayout(f.replace(/\.json$/, '')));
const recordTypes: Array<{ layout: CompiledLayout; record: CompiledRecord }> = profiles.flatMap((layout) => [...layout.records.values()].map((record) => ({ layout, record })));

/** A value that fits the field, as the writers give it. */
function fitting(f: CompiledField): fc.Arbitrary<FieldValue | undefined> {
  // A constant (the record type above all) is left out, or given as it is.
  if (f.constValue !== undefined) return fc.constantFrom(undefined, f.constValue, f.constValue.trimEnd());
  const digits = (max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^\\d{1,${Math.max(1, max)}}$`));
  switch (f.kind) {
    case 'A':
    case 'FILLER':
      return fc.string({ unit: fc.constantFrom(...'ABCdef 019-./\''), maxLength: f.length });
    case 'DIGITS':
      return fc.oneof(digits(f.length), fc.constant(''));
    case 'N':
    case 'AMT':
      return fc.integer({ min: 0, max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** Math.min(f.length, 15) - 1) });
    case 'SAMT':
      return fc.integer({ min: -Math.min(Number.MAX_SAFE_INTEGER, 10 ** Math.min(f.length - 1, 15) - 1), max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** Math.min(f.length - 1, 15) - 1) });
    case 'D6':
    case 'D8':
      // A 6-digit date other than a birth date reads its century from the field's pivot.
      return fc.oneof(
        fc.constant(0),
        fc.record({ yy: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ yy, m, d }) => {
          const century = f.kind === 'D6' && !f.birth ? (yy < f.centuryPivot ? 20 : 19) : 19 + (yy % 2);
          return (century * 100 + yy) * 10_000 + m * 100 + d;
        }),
      );
  }
}

/** Anything a caller might pass by mistake: too long, the wrong type, accents, control characters. */
const anything: fc.Arbitrary<FieldValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('é', 'Œ', 'ß', '\n', '\u0000', 'ÿ', 'a', '7', ' '), maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 1e21, Number.MAX_SAFE_INTEGER, 99_991_231, 99_991_232, 19_000_101, 20_000_000, 101),
);

function valuesOf(record: CompiledRecord, pick: (f: CompiledField) => fc.Arbitrary<FieldValue | undefined>): fc.Arbitrary<RecordValues> {
  const named = record.fields.filter((f) => !f.generated);
  return fc.tuple(...named.map(pick)).map((picked) => {
    const values: RecordValues = {};
    named.forEach((f, i) => {
      const v = picked[i];
      if (v !== undefined) values[f.name] = v;
    });
    return values;
  });
}

/** encodeRecord's text as bytes, or its fault's message. */
function reference(layout: CompiledLayout, record: CompiledRecord, values: RecordValues): { bytes: Buffer } | { fault: string } {
  try {
    return { bytes: Buffer.from(encodeRecord(layout, record.code, values), 'utf8') };
  } catch (error) {
    return { fault: (error as Error).message };
  }
}

function byteWritten(record: CompiledRecord, values: RecordValues): Buffer | undefined {
  const out = Buffer.alloc(record.length + 8, 0x7e);
  const end = writeRecordBytes(record, values, out, 3);
  if (end === NOT_WRITTEN) return undefined;
  expect(end).toBe(3 + record.length);
  // Nothing written outside the record's own bytes.
  expect(out.subarray(0, 3).every((b) => b === 0x7e) && out.subarray(end).every((b) => b === 0x7e)).toBe(true);
  return out.subarray(3, end);
}

describe('records written as bytes (record-bytes.ts) against encodeRecord', () => {
  it('covers every record type of every shipped profile', () => {
    expect(profiles.map((p) => p.profile).sort()).toEqual(expect.arrayContaining(['noemie-580', 'arl', 'b2-ps', 'dre']));
    expect(recordTypes.length).toBeGreaterThan(20);
  });

  it('values that fit: written by the byte path, the same bytes as encodeRecord', () => {
    for (const { layout, record } of recordTypes) {
      fc.assert(
        fc.property(valuesOf(record, fitting), (values) => {
          const expected = reference(layout, record, values);
          expect(expected, `${layout.profile} ${record.code}`).not.toHaveProperty('fault');
          const written = byteWritten(record, values);
          expect(written, `${layout.profile} ${record.code}`).toBeDefined();
          expect(written!.equals((expected as { bytes: Buffer }).bytes)).toBe(true);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('any value: the byte path writes what encodeRecord writes, and leaves it every value it refuses', () => {
    let refused = 0;
    let taken = 0;
    for (const { layout, record } of recordTypes) {
      fc.assert(
        // Values that fit but one, so that the odd value is the one each path decides on.
        fc.property(valuesOf(record, fitting), fc.nat(), anything, (fit, at, odd) => {
          const named = record.fields.filter((f) => !f.generated);
          const values = { ...fit };
          const field = named[at % named.length]!;
          if (odd === undefined) delete values[field.name];
          else values[field.name] = odd;
          const expected = reference(layout, record, values);
          const written = byteWritten(record, values);
          if ('fault' in expected) {
            expect(written, `${layout.profile} ${record.code}: ${expected.fault}`).toBeUndefined();
            refused++;
          } else if (written !== undefined) {
            expect(written.equals(expected.bytes), `${layout.profile} ${record.code}`).toBe(true);
            taken++;
          }
        }),
        { numRuns: 600 },
      );
    }
    // Both branches were exercised, or the property says little.
    expect(refused).toBeGreaterThan(100);
    expect(taken).toBeGreaterThan(100);
  });

  it('a 6-digit date outside its century window, or one written as zeros, is left to encodeRecord', () => {
    const { layout, record, field } = firstDateField('D6');
    const outside = record.fields.some((f) => f === field) ? { [field.name]: 18_991_231 } : {};
    expect(byteWritten(record, outside)).toBeUndefined();
    expect(reference(layout, record, outside)).toHaveProperty('fault');
  });
});

describe('a layout whose field names are any text', () => {
  // Each record type's writer is made as code from its field names (record-bytes.ts): a name that
  // would end a string literal, a comment or a line in that code must stay a property name.
  const names = ['say "hi"', "it's", 'back\\slash', '*/ x /*', 'line\nbreak', '${x}', 'sep\u2028arator', '__proto__x', 'constructor'];
  const spec: LayoutSpec = {
    profile: 'odd-names', version: '1', description: 'field names no identifier could be', recordLength: 3 + names.length * 4,
    discriminator: { start: 1, length: 3 }, centuryPivot: 50, recordDelimiter: '',
    records: {
      '001': {
        role: 'entity', description: 'one of each name',
        fields: [
          { name: 'type', start: 1, length: 3, kind: 'A', source: 'R', const: '001' },
          ...names.map((name, i) => ({ name, start: 4 + i * 4, length: 4, kind: i % 2 === 0 ? 'A' as const : 'N' as const, source: 'R' as const })),
        ],
      },
    },
  } as unknown as LayoutSpec;
  const layout = compileLayout(spec);
  const record = layout.records.get('001')!;

  it('writes each value under its own name, the same bytes as encodeRecord', () => {
    const values: RecordValues = {};
    names.forEach((name, i) => { values[name] = i % 2 === 0 ? `V${i}` : i * 7; });
    const expected = reference(layout, record, values);
    expect(expected).not.toHaveProperty('fault');
    const written = byteWritten(record, values);
    expect(written?.toString('latin1')).toBe('001V0  0007V2  0021V4  0035V6  0049V8  ');
    expect(written!.equals((expected as { bytes: Buffer }).bytes)).toBe(true);
  });
});

function firstDateField(kind: 'D6' | 'D8'): { layout: CompiledLayout; record: CompiledRecord; field: CompiledField } {
  for (const { layout, record } of recordTypes) {
    const field = record.fields.find((f) => f.kind === kind && !f.birth && f.constValue === undefined);
    if (field) return { layout, record, field };
  }
  throw new Error(`no ${kind} field in the shipped profiles`);
}
