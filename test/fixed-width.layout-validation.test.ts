import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CodecFault } from '../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import type { FieldKind, FieldSpec, LayoutSpec, Provenance, RecordRole, RecordSpec } from '../codecs/fixed-width/layout.js';
import { compileLayout, layoutsDir, loadLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';

/**
 * Issue 2: "Overlaps or gaps that are not filler are load errors with a clear message". A layout is
 * operator data (the official specifications are vendor-only), so every mistake in it must stop the
 * load with TPLIQ_LAYOUT_INVALID naming the record and the field, before any file is read.
 */

/** A small, valid profile: record "X" of 20 columns, every kind that has a length rule. */
function validSpec(): LayoutSpec {
  return {
    profile: 'test',
    version: '1',
    description: 'layout validation fixture',
    recordLength: 20,
    discriminator: { start: 1, length: 2 },
    dateOrder6: 'JJMMAA',
    dateOrder8: 'SSAAMMJJ',
    centuryPivot: 70,
    records: {
      X: {
        role: 'entity',
        description: 'fixture',
        fields: [
          { name: 'code', start: 1, length: 2, kind: 'A', source: 'R', const: 'X' },
          { name: 'count', start: 3, length: 3, kind: 'N', source: 'S' },
          { name: 'born', start: 6, length: 6, kind: 'D6', source: 'S' },
          { name: 'label', start: 12, length: 9, kind: 'A', source: 'K' },
        ],
      },
    },
  };
}

function recordX(spec: LayoutSpec): RecordSpec {
  const r = spec.records.X;
  if (!r) throw new Error('fixture has no record X');
  return r;
}

function fieldOfX(spec: LayoutSpec, name: string): FieldSpec {
  const f = recordX(spec).fields.find((x) => x.name === name);
  if (!f) throw new Error(`fixture has no field ${name}`);
  return f;
}

/** Runs `load` and returns its CodecFault; fails the test if it loads or throws anything else. */
function layoutFault(load: () => unknown): CodecFault {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecFault);
    const fault = e as CodecFault;
    expect(fault.detail.code).toBe('TPLIQ_LAYOUT_INVALID');
    return fault;
  }
  throw new Error('the layout loaded; a TPLIQ_LAYOUT_INVALID fault was expected');
}

describe('compileLayout rejects a broken layout with TPLIQ_LAYOUT_INVALID naming the record and field', () => {
  it('accepts the unbroken fixture (so each rejection below is due to its one change)', () => {
    const layout = compileLayout(validSpec());
    expect([...layout.records.keys()]).toEqual(['X']);
  });

  const fieldCases: Array<[string, string, (spec: LayoutSpec) => void, RegExp]> = [
    ['overlapping fields', 'born', (s) => void (fieldOfX(s, 'born').start = 5), /overlapping/],
    ['a field past the record end', 'label', (s) => void (fieldOfX(s, 'label').length = 10), /past the record length 20/],
    ['an unknown kind', 'count', (s) => void (fieldOfX(s, 'count').kind = 'X9' as string as FieldKind), /unknown kind "X9"/],
    ['an unknown provenance', 'label', (s) => void (fieldOfX(s, 'label').source = 'Z' as string as Provenance), /provenance .*"Z"/],
    ['a field name declared twice', 'count', (s) => void (fieldOfX(s, 'born').name = 'count'), /declared twice/],
    ['an N of 16 digits (beyond what a double holds exactly)', 'big', (s) => {
      s.recordLength = 40;
      recordX(s).fields.push({ name: 'big', start: 21, length: 16, kind: 'N', source: 'S' });
    }, /15 digits/],
    ['a D6 date of 5 characters', 'born', (s) => void (fieldOfX(s, 'born').length = 5), /6 characters/],
    ['a D8 date of 6 characters', 'born', (s) => void (fieldOfX(s, 'born').kind = 'D8'), /8 characters/],
    ['a const longer than its field', 'code', (s) => void (fieldOfX(s, 'code').const = 'XYZ'), /const value longer than the field/],
    ['a field of length 0', 'count', (s) => void (fieldOfX(s, 'count').length = 0), /positive integers/],
  ];

  it.each(fieldCases)('%s (field %s)', (_what, fieldName, breakIt, reason) => {
    const spec = validSpec();
    breakIt(spec);
    const fault = layoutFault(() => compileLayout(spec, 'fixture.json'));
    expect(fault.message).toMatch(reason);
    expect(fault.message).toContain('fixture.json');
    expect(fault.message).toContain('record X');
    expect(fault.message).toContain(`field ${fieldName}`);
  });

  it('an unknown role, naming the record', () => {
    const spec = validSpec();
    recordX(spec).role = 'invoice-footer' as string as RecordRole;
    const fault = layoutFault(() => compileLayout(spec));
    expect(fault.message).toContain('record X');
    expect(fault.message).toContain('unknown role "invoice-footer"');
  });

  it('two record codes that identify the same record ("2S" and "2s": the discriminator ignores case)', () => {
    const spec = validSpec();
    const x = recordX(spec);
    spec.records = {
      '2S': { ...x, fields: x.fields.map((f) => (f.name === 'code' ? { ...f, const: '2S' } : f)) },
      '2s': { ...x, fields: x.fields.map((f) => (f.name === 'code' ? { ...f, const: '2s' } : f)) },
    };
    const fault = layoutFault(() => compileLayout(spec));
    expect(fault.message).toContain('record type code "2s" is declared twice');
  });

  it('a record code longer than the discriminator', () => {
    const spec = validSpec();
    spec.records = { XYZ: recordX(spec) };
    const fault = layoutFault(() => compileLayout(spec));
    expect(fault.message).toContain('"XYZ" is longer than the discriminator');
  });

  it('a discriminator of more than 4 characters', () => {
    const spec = validSpec();
    spec.discriminator = { start: 1, length: 5 };
    expect(layoutFault(() => compileLayout(spec)).message).toMatch(/discriminator/);
  });

  // The message says amounts are limited to 15 digits, and a double is exact only to 2^53 (16
  // digits overflow it), yet load-layout.ts checks `length > 16` for AMT and SAMT alike: right
  // for SAMT (15 digits + sign), one digit too many for AMT, which has no sign column. A 16-digit
  // AMT loads, and decoding "9007199254740993" silently gives 9007199254740992.
  it('an unsigned AMT of 16 digits (a SAMT of 16 characters is 15 digits and a sign, and is fine)', () => {
    const signed = validSpec();
    signed.recordLength = 40;
    recordX(signed).fields.push({ name: 'signedTotal', start: 21, length: 16, kind: 'SAMT', source: 'S' });
    expect(() => compileLayout(signed)).not.toThrow();

    const unsigned = validSpec();
    unsigned.recordLength = 40;
    recordX(unsigned).fields.push({ name: 'total', start: 21, length: 16, kind: 'AMT', source: 'S' });
    const fault = layoutFault(() => compileLayout(unsigned));
    expect(fault.message).toContain('field total');
    expect(fault.message).toMatch(/15 digits/);
  });
});

describe('undeclared gaps become generated fillers', () => {
  // Fields declared out of order, with gaps at columns 3-4, 8-9 and 13-15 of a 15-column record.
  const gappy: LayoutSpec = {
    ...validSpec(),
    recordLength: 15,
    records: {
      G: {
        role: 'entity',
        description: 'gaps',
        fields: [
          { name: 'total', start: 10, length: 3, kind: 'AMT', source: 'S' },
          { name: 'code', start: 1, length: 2, kind: 'A', source: 'R', const: 'G' },
          { name: 'nature', start: 5, length: 3, kind: 'DIGITS', source: 'S' },
        ],
      },
    },
  };
  const layout: CompiledLayout = compileLayout(gappy);
  const record = layout.records.get('G');
  if (!record) throw new Error('record G did not compile');

  it('names each filler after its first column, with 0-based offsets, in column order', () => {
    expect(record.fields.map((f) => [f.name, f.offset, f.length, f.kind, f.generated])).toEqual([
      ['code', 0, 2, 'A', false],
      ['filler_3', 2, 2, 'FILLER', true],
      ['nature', 4, 3, 'DIGITS', false],
      ['filler_8', 7, 2, 'FILLER', true],
      ['total', 9, 3, 'AMT', false],
      ['filler_13', 12, 3, 'FILLER', true],
    ]);
    expect(record.fields.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(record.byName.get('filler_8')?.offset).toBe(7);
  });

  it('encodes the gaps blank when nothing was read into them', () => {
    expect(encodeRecord(layout, 'G', { nature: '042', total: 7 })).toBe('G   042  007   ');
  });

  it('keeps whatever bytes the gaps hold: encode(decode(line)) === line', () => {
    const gap = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: n, maxLength: n });
    fc.assert(
      fc.property(gap(2), fc.stringMatching(/^[0-9]{3}$/), gap(2), fc.integer({ min: 0, max: 999 }), gap(3), (g3, nature, g8, total, g13) => {
        const line = `G ${g3}${nature}${g8}${String(total).padStart(3, '0')}${g13}`;
        const r = decodeRecord(layout, line);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.value.values).toEqual({ code: 'G', filler_3: g3, nature, filler_8: g8, total, filler_13: g13 });
        expect(encodeRecord(layout, 'G', r.value.values)).toBe(line);
      }),
    );
  });
});

describe('loadLayout reads an operator-supplied profile file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // b2-etablissements includes b2-envelope.json by a relative path, so the copy takes both.
  for (const f of ['b2-etablissements.json', 'b2-envelope.json']) copyFileSync(join(layoutsDir(), f), join(dir, f));
  const shipped = loadLayout('b2-etablissements');

  it('a copy of a shipped profile, given by path, compiles to the same records and offsets', () => {
    const copy = loadLayout(join(dir, 'b2-etablissements.json'));
    expect(copy.profile).toBe(shipped.profile);
    expect([...copy.records.keys()].sort()).toEqual([...shipped.records.keys()].sort());
    for (const [code, record] of shipped.records) {
      const mine = copy.records.get(code);
      expect(mine?.fields.map((f) => [f.name, f.offset, f.length, f.kind])).toEqual(record.fields.map((f) => [f.name, f.offset, f.length, f.kind]));
    }
  });

  it('an edited copy is what gets used, not the shipped file', () => {
    const path = join(dir, 'b2-etablissements-edited.json');
    const spec = JSON.parse(readFileSync(join(dir, 'b2-etablissements.json'), 'utf8')) as LayoutSpec;
    spec.version = 'operator-edit';
    spec.dateOrder6 = 'AAMMJJ';
    writeFileSync(path, JSON.stringify(spec));
    const edited = loadLayout(path);
    expect(edited.version).toBe('operator-edit');
    expect(edited.records.get('2')?.byName.get('birthDate')?.dateOrder).toBe('AAMMJJ');
    expect(shipped.records.get('2')?.byName.get('birthDate')?.dateOrder).toBe('JJMMAA');
  });

  it('a missing file, unreadable JSON or a missing include is TPLIQ_LAYOUT_INVALID naming the file', () => {
    const missing = join(dir, 'nope.json');
    expect(layoutFault(() => loadLayout(missing)).message).toContain(missing);

    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{ "profile": ');
    expect(layoutFault(() => loadLayout(garbled)).message).toContain(garbled);

    const orphan = mkdtempSync(join(tmpdir(), 'tpliq-layout-orphan-'));
    try {
      copyFileSync(join(layoutsDir(), 'dre.json'), join(orphan, 'dre.json'));
      expect(layoutFault(() => loadLayout(join(orphan, 'dre.json'))).message).toContain('b2-envelope.json');
    } finally {
      rmSync(orphan, { recursive: true, force: true });
    }
  });

  it('a record type defined both in a profile and in its include is rejected', () => {
    const path = join(dir, 'b2-twice.json');
    const spec = JSON.parse(readFileSync(join(dir, 'b2-etablissements.json'), 'utf8')) as LayoutSpec;
    const envelope = JSON.parse(readFileSync(join(dir, 'b2-envelope.json'), 'utf8')) as LayoutSpec;
    const trailer = envelope.records['9'];
    if (!trailer) throw new Error('the envelope has no type 9');
    spec.records['9'] = trailer;
    writeFileSync(path, JSON.stringify(spec));
    expect(layoutFault(() => loadLayout(path)).message).toContain('record type 9 is defined both here and in b2-envelope.json');
  });
});
