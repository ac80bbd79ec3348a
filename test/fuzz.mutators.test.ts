import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordTypeAt } from '../codecs/fixed-width/record-codec.js';
import { Prng } from '../scripts/generate/prng.js';
import { BYTE_MUTATORS, contentTwice, crlfToLf, truncate } from '../fuzz/byte-mutators.js';
import { CSV_MUTATORS, noHeader } from '../fuzz/csv-mutators.js';
import { FIELD_VALUE_STYLES } from '../fuzz/field-values.js';
import { fieldReplaced, lotTrailerCountBroken } from '../fuzz/layout-mutators.js';
import { joinRecords, splitRecords } from '../fuzz/record-lines.js';
import { etab, lotRecords } from './support/b2-file.js';

/** The fuzz mutators are deterministic and hit what they say they hit. */
const b2File = Buffer.from([...lotRecords('001', ['000000101', '000000102']), ...lotRecords('002', ['000000201'])].map((r) => `${r}\r\n`).join(''), 'latin1');

/** Byte offsets where two lines differ. */
function differingOffsets(a: Buffer, b: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

describe('fuzz mutators', () => {
  it('give the same bytes for the same seed, whatever the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, seed) => {
        for (const mutate of [...Object.values(BYTE_MUTATORS), ...Object.values(CSV_MUTATORS)]) {
          expect(mutate(bytes, new Prng(seed, 1))).toEqual(mutate(bytes, new Prng(seed, 1)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('truncate keeps a prefix; content twice doubles; CRLF → LF leaves lines intact', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, seed) => {
        const cut = truncate(bytes, new Prng(seed, 1)).bytes;
        expect(Buffer.from(bytes).subarray(0, cut.length)).toEqual(Buffer.from(cut));
      }),
    );
    expect(Buffer.from(contentTwice(b2File, new Prng(1, 1)).bytes).toString('latin1')).toBe(b2File.toString('latin1').repeat(2));
    const lf = Buffer.from(crlfToLf(b2File, new Prng(2, 1)).bytes).toString('latin1');
    expect(lf.replaceAll('\r', '').split('\n')).toEqual(b2File.toString('latin1').replaceAll('\r', '').split('\n'));
  });

  it('split and joined untouched, a fixed-width file is the same bytes', () => {
    expect(Buffer.from(joinRecords(splitRecords(b2File)))).toEqual(b2File);
  });

  it('a field replaced keeping its width changes that field of one record only', () => {
    for (const style of FIELD_VALUE_STYLES.filter((s) => s !== 'too-long' && s !== 'non-latin' && s !== 'path-like')) {
      for (let seed = 0; seed < 20; seed++) {
        const mutated = splitRecords(fieldReplaced(style)(b2File, etab, new Prng(seed, 1)).bytes).records;
        const original = splitRecords(b2File).records;
        expect(mutated).toHaveLength(original.length);
        const changed = original.map((line, i) => ({ i, at: differingOffsets(line, mutated[i]!) })).filter((d) => d.at.length > 0);
        if (changed.length === 0) continue; // the value happened to be the one already there
        expect(changed).toHaveLength(1);
        const { i, at } = changed[0]!;
        const record = recordTypeAt(etab, original[i]!, 0)!;
        const field = record.fields.find((f) => f.kind !== 'FILLER' && f.offset <= at[0]! && at[0]! < f.offset + f.length);
        expect(field, `${style} seed ${seed}`).toBeDefined();
        expect(at.every((o) => o >= field!.offset && o < field!.offset + field!.length)).toBe(true);
      }
    }
  });

  it('a too-long value makes its record longer than the layout allows', () => {
    const mutated = splitRecords(fieldReplaced('too-long')(b2File, etab, new Prng(3, 1)).bytes).records;
    expect(mutated.some((r) => r.length > etab.recordLength)).toBe(true);
  });

  it('a broken lot trailer count changes a count of a lot trailer and nothing else', () => {
    for (let seed = 0; seed < 20; seed++) {
      const original = splitRecords(b2File).records;
      const mutated = splitRecords(lotTrailerCountBroken(b2File, etab, new Prng(seed, 1)).bytes).records;
      original.forEach((line, i) => {
        const at = differingOffsets(line, mutated[i]!);
        if (at.length === 0) return;
        const record = recordTypeAt(etab, line, 0)!;
        expect(record.role).toBe('lot-trailer');
        const counts = record.fields.filter((f) => f.kind === 'N');
        expect(at.every((o) => counts.some((f) => o >= f.offset && o < f.offset + f.length))).toBe(true);
      });
    }
  });

  it('a paper file without header loses exactly its first line', () => {
    const csv = Buffer.from('practitioner_id,invoice_number\n1,2\n3,4\n', 'latin1');
    expect(Buffer.from(noHeader(csv, new Prng(1, 1)).bytes).toString('latin1')).toBe('1,2\n3,4\n');
  });
});
