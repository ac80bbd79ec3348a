import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputDigestIndex, outputDigestLine, outputDigestsIn } from '../engine/ledger/output-digest-file.js';
import type { OutputDigest } from '../engine/ledger/run-record.js';
import { tempDirs } from './support/temp-dirs.js';

const scratch = tempDirs('tpliq-output-digest-file-');
const sha = (k: number): string => k.toString(16).padStart(64, '0');

describe('output digests as lines of a file', () => {
  it('are read back as written, whatever the chunks the file is read in', () => {
    const digests: OutputDigest[] = [
      { path: 'decisions.csv', sha256: sha(1), sizeBytes: 0 },
      { path: 'arl/F0001-L001.arl', sha256: sha(2), sizeBytes: 1234 },
      { path: `noemie/${'x'.repeat(200)}.rsp`, sha256: sha(3), sizeBytes: 9_007_199_254 },
      ...Array.from({ length: 50 }, (_, k): OutputDigest => ({ path: `notices/daily/20261123/${k}.eml`, sha256: sha(100 + k), sizeBytes: k })),
    ];
    const path = join(scratch(), 'digests.tsv');
    writeFileSync(path, digests.map(outputDigestLine).join(''));
    // 16 bytes: every line spans chunks, and the long path's line is many chunks long.
    for (const chunkBytes of [16, 97, 1 << 20]) expect([...outputDigestsIn(path, chunkBytes)]).toEqual(digests);
  });

  it('gives nothing for an empty file', () => {
    const path = join(scratch(), 'empty.tsv');
    writeFileSync(path, '');
    expect([...outputDigestsIn(path)]).toEqual([]);
  });

  it('refuses a file whose last line is cut short, or a line that is not size, digest and path', () => {
    const dir = scratch();
    const cut = join(dir, 'cut.tsv');
    writeFileSync(cut, `${outputDigestLine({ path: 'a', sha256: sha(1), sizeBytes: 1 })}12\t${sha(2)}\tb`);
    expect(() => [...outputDigestsIn(cut, 8)]).toThrow(/cut short/);
    const noSize = join(dir, 'no-size.tsv');
    writeFileSync(noSize, `x1\t${sha(1)}\ta\n`);
    expect(() => [...outputDigestsIn(noSize)]).toThrow(/has no size/);
    const twoFields = join(dir, 'two-fields.tsv');
    writeFileSync(twoFields, `1\t${sha(1)}\n`);
    expect(() => [...outputDigestsIn(twoFields)]).toThrow(/is not size, digest and path/);
  });

  it('are found by their path in an index of the file, a path listed twice by its last line', () => {
    const path = join(scratch(), 'log.tsv');
    const first = { path: 'summary.json', sha256: sha(1), sizeBytes: 10 };
    const other = { path: 'arl/a.arl', sha256: sha(2), sizeBytes: 20 };
    const last = { path: 'summary.json', sha256: sha(3), sizeBytes: 30 };
    writeFileSync(path, [first, other, last].map(outputDigestLine).join(''));
    const index = new OutputDigestIndex(path);
    expect(index.size).toBe(2);
    expect(index.get('summary.json')).toEqual(last);
    expect(index.get('arl/a.arl')).toEqual(other);
    expect(index.get('arl/b.arl')).toBeUndefined();
    expect(new OutputDigestIndex(path, Buffer.alloc(0)).size).toBe(0);
  });

  it('finds what a map of the lines finds, for paths that share their start, repeat or are absent (property)', () => {
    // A small alphabet: many paths are prefixes of others, many repeat, and the table's probes meet.
    const pathArb = fc.array(fc.constantFrom('a', 'b', '/', '.', '-', '0'), { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
    const dir = scratch();
    fc.assert(fc.property(fc.array(pathArb, { maxLength: 200, size: 'max' }), fc.array(pathArb, { maxLength: 50 }), (paths, asked) => {
      const lines = paths.map((path, i) => ({ path, sha256: sha(i % 10), sizeBytes: i }));
      const file = join(dir, 'log.tsv');
      writeFileSync(file, lines.map(outputDigestLine).join(''));
      const index = new OutputDigestIndex(file);
      const oracle = new Map(lines.map((line) => [line.path, line] as const));
      expect(index.size).toBe(oracle.size);
      for (const path of [...paths, ...asked, 'é', 'a\u0101']) expect(index.get(path)).toEqual(oracle.get(path));
    }), { numRuns: 200 });
  });

  it('refuses, as it is made, a file with a line that is not a digest or is cut short', () => {
    const dir = scratch();
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, `${outputDigestLine({ path: 'a', sha256: sha(1), sizeBytes: 1 })}1\t${sha(2)}\n`);
    expect(() => new OutputDigestIndex(bad)).toThrow(/is not size, digest and path/);
    const cut = join(dir, 'cut.tsv');
    writeFileSync(cut, `1\t${sha(2)}\tb`);
    expect(() => new OutputDigestIndex(cut)).toThrow(/cut short/);
  });
});
