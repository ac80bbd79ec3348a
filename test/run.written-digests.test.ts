import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputDigestsIn } from '../engine/ledger/output-digest-file.js';
import { digestOutputFolder, writeOutputDigestFile } from '../engine/run/output-digests.js';
import { StagedWriter } from '../engine/run/staged-writer.js';
import { WrittenDigestLog } from '../engine/run/written-digest-log.js';
import { tempDirs } from './support/temp-dirs.js';

const scratch = tempDirs('tpliq-written-digests-');
const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the outputs\' digests taken as the files are written', () => {
  it('are those of the files\' bytes, whether the digest was logged, the file appended to since, or written by other means', () => {
    const root = scratch();
    const log = new WrittenDigestLog(join(root, '.spool', 'written-digests.tsv'));
    const writer = new StagedWriter(root, log);
    // More files than one append of the log holds, texts with accents and bytes.
    for (let i = 0; i < 1_200; i++) writer.write(`arl/lot-${i}.arl`, `ARL ${i} é€\r\n`);
    writer.write('noemie/one.rsp', Uint8Array.from({ length: 70_000 }, (_, k) => (k * 7) & 0xff));
    writer.write('summary.json', '{"first":true}');
    writer.write('summary.json', '{"second":true}');
    writer.write('decisions.csv', 'header\r\n');
    appendFileSync(join(root, 'decisions.csv'), 'a row\r\n');
    mkdirSync(join(root, 'sepa'));
    writeFileSync(join(root, 'sepa', 'pain001.xml'), '<Document/>');

    const logged = log.read();
    expect(logged.size).toBe(1_203);
    expect(logged.get('summary.json')).toMatchObject({ sizeBytes: '{"second":true}'.length });
    const digests = digestOutputFolder(root, logged);
    expect(digests.map((d) => d.path)).toEqual(digestOutputFolder(root).map((d) => d.path));
    expect(digests).toHaveLength(1_204);
    for (const d of digests) expect([d.path, d.sha256, d.sizeBytes]).toEqual([d.path, sha256Of(join(root, d.path)), readFileSync(join(root, d.path)).length]);
    // The appended file's digest is its whole content's, not the logged header's.
    expect(digests.find((d) => d.path === 'decisions.csv')!.sha256).not.toBe(logged.get('decisions.csv')!.sha256);
  });

  it('are read from the log, not the files, while the sizes agree', () => {
    // What makes the digests cheap: a file whose size is the one written is not read again. (A
    // file changed in place to the same size is what the contract forbids; this shows it is trusted.)
    const root = scratch();
    const log = new WrittenDigestLog(join(root, '.spool', 'written-digests.tsv'));
    new StagedWriter(root, log).write('noemie/x.rsp', 'abc');
    writeFileSync(join(root, 'noemie', 'x.rsp'), 'xyz');
    const [digest] = digestOutputFolder(root, log.read());
    expect(digest!.sha256).toBe(createHash('sha256').update('abc').digest('hex'));
  });

  it('are listed in the order of their paths, names on either side of a folder\'s "/" included, in a list file as in memory', () => {
    const root = scratch();
    // '-' and '.' sort before '/', '0' and letters after: a walk that sorted names alone would
    // put the file "a.b" after the folder "a" and its files.
    for (const name of ['a-b', 'a.b', 'a0', 'a/z', 'a/b/c', 'a/b-c', 'ab/x', 'b', 'A', '.hidden']) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), name);
    }
    const digests = digestOutputFolder(root);
    const paths = digests.map((d) => d.path);
    expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(paths).toHaveLength(10);
    const listPath = join(scratch(), 'outputs.tsv');
    expect(writeOutputDigestFile(root, new Map(), listPath)).toBe(10);
    expect([...outputDigestsIn(listPath)]).toEqual(digests);
  });
});
