import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledField } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeRecord, type RecordValues } from '../codecs/fixed-width/record-codec.js';
import { RecordTemplate } from '../scripts/generate/fast-record.js';

/**
 * The generator writes records through templates and in-place digits rather than encodeRecord;
 * these properties pin it to encodeRecord byte for byte, for every field kind of every record of
 * every profile the generator writes.
 */

const PROFILES = ['b2-ps', 'dre', 'b2-etablissements', 'b2-envelope'] as const;

const UPPER_ASCII = fc.constantFrom(...' ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-./'.split(''));

function arbitraryValue(f: CompiledField): fc.Arbitrary<string | number | null> {
  switch (f.kind) {
    case 'N':
    case 'AMT':
      return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** f.length - 1) }));
    case 'DIGITS':
      return fc.oneof(fc.constant(''), fc.stringMatching(new RegExp(`^[0-9]{1,${f.length}}$`)));
    case 'A':
      return fc.array(UPPER_ASCII, { maxLength: f.length }).map((cs) => cs.join('').trimEnd());
    case 'D6': {
      // Years the field's pivot can carry: 20yy below the pivot, 19yy from it.
      const pivot = f.centuryPivot;
      return fc.oneof(
        fc.constant(0),
        fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
          ([yy, mm, dd]) => ((yy < pivot ? 2000 : 1900) + yy) * 10000 + mm * 100 + dd,
        ),
      );
    }
    case 'D8':
      return fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(
        ([y, m, d]) => y * 10000 + m * 100 + d,
      );
    default:
      return fc.constant(null);
  }
}

function fastEncode(template: RecordTemplate, fields: readonly CompiledField[], values: RecordValues): string {
  const out = Buffer.alloc(template.length + 4, 0x7e);
  template.begin(out, 2);
  for (const f of fields) {
    const v = values[f.name];
    if (v === null || v === undefined || f.generated || f.constValue !== undefined) continue;
    const slot = template.slot(f.name);
    if (f.kind === 'N' || f.kind === 'AMT') slot.number(out, 2, v as number);
    else if (f.kind === 'DIGITS') slot.digits(out, 2, v as string);
    else if (f.kind === 'A') slot.text(out, 2, v as string);
    else if (f.kind === 'D6' || f.kind === 'D8') slot.date(out, 2, v as number);
  }
  // The bytes around the record are untouched.
  expect(out[0]).toBe(0x7e);
  expect(out[template.length + 2]).toBe(0x7e);
  return out.subarray(2, 2 + template.length).toString('latin1');
}

describe('fast record writer', () => {
  for (const profile of PROFILES) {
    const layout = loadLayout(profile);
    for (const [code, record] of layout.records) {
      it(`${profile} record ${code}: template + in-place fields = encodeRecord`, () => {
        const template = new RecordTemplate(layout, code);
        const writable = record.fields.filter((f) => !f.generated && f.constValue === undefined && f.kind !== 'FILLER' && f.kind !== 'SAMT');
        const valuesArb = fc.record(Object.fromEntries(writable.map((f) => [f.name, fc.option(arbitraryValue(f), { nil: null })])));
        fc.assert(
          fc.property(valuesArb, (values) => {
            expect(fastEncode(template, record.fields, values as RecordValues)).toBe(encodeRecord(layout, code, values as RecordValues));
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  it('refuses what encodeRecord refuses: a number too wide, lower case, non-digits', () => {
    const layout = loadLayout('b2-ps');
    const t = new RecordTemplate(layout, '4');
    const out = Buffer.alloc(128);
    expect(() => t.slot('amcDeclared').number(out, 0, 1_000_000)).toThrow(/does not fit/);
    expect(() => t.slot('actCode').text(out, 0, 'ami')).toThrow(/uppercase/);
    expect(() => t.slot('invoiceNumber').digits(out, 0, '12A')).toThrow(/digits/);
    expect(() => t.slot('recordType')).toThrow(/constant/);
  });
});
