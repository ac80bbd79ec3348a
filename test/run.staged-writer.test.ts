import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { createHash } from 'node:crypto';
import { StagedWriter } from '../engine/run/staged-writer.js';
import { WrittenDigestLog } from '../engine/run/written-digest-log.js';

const scratch = tempDirs('tpliq-staged-');

describe('StagedWriter', () => {
  it('has every file on disk with its exact content as soon as write() returns, folders created', () => {
    const root = scratch();
    const writer = new StagedWriter(root);
    for (let i = 0; i < 300; i++) writer.write(`arl/lot-${i}.arl`, `ARL ${i} é\r\n`);
    writer.write('noemie/deep/one.rsp', 'x'.repeat(100_000));
    expect(readdirSync(join(root, 'arl'))).toHaveLength(300);
    for (let i = 0; i < 300; i += 37) expect(readFileSync(join(root, 'arl', `lot-${i}.arl`), 'utf8')).toBe(`ARL ${i} é\r\n`);
    expect(readFileSync(join(root, 'noemie/deep/one.rsp'), 'utf8')).toHaveLength(100_000);
  });

  it('writes every file of a folder it created for an earlier one', () => {
    const root = scratch();
    const writer = new StagedWriter(root);
    writer.write('notices/a.txt', 'a');
    writer.write('notices/b.txt', 'b');
    expect(readdirSync(join(root, 'notices')).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('refuses, before writing anything, a path that is absolute, climbs out, or holds NUL or other unsafe characters', () => {
    const root = join(scratch(), 'staging');
    const writer = new StagedWriter(root);
    const unsafe = ['/etc/x.rsp', 'noemie/../../xy-20261123.rsp', '../x', 'noemie/..', 'noemie/a\u0000b.rsp', 'noemie\\x.rsp', 'noemie/a b.rsp', 'noemie//x', '', 'c:x', 'noemie/\n.rsp'];
    for (const path of unsafe) expect(() => writer.write(path, 'x'), path).toThrow(/^TPLIQ_STAGED_PATH_UNSAFE: /);
    expect(existsSync(root)).toBe(false);
    expect(existsSync(join(root, '..', 'xy-20261123.rsp'))).toBe(false);
    // The run's own names pass.
    for (const path of ['decisions.csv', 'noemie/991023763-20261123.rsp', 'arl/ps-0001.b2-lot001-0.arl', 'notices/daily/20261123/991023763.eml']) writer.write(path, 'x');
    expect(readdirSync(root).sort()).toEqual(['arl', 'decisions.csv', 'noemie', 'notices']);
  });

  it('writes pieces of text one after the other, across its buffer, with the digest of the bytes written', () => {
    const root = scratch();
    const digests = new WrittenDigestLog(join(root, '.spool', 'written.tsv'));
    const writer = new StagedWriter(root, digests);
    const pieces = ['<?xml?>\n', ...Array.from({ length: 3000 }, (_, i) => `<Nm>Dr Ærø 😀 ${i}</Nm>\n`), 'é'.repeat(100_000), '</end>\n'];
    writer.writeText('sepa/pain001-20261123.xml', pieces);
    writer.write('summary.json', '{}');
    const bytes = readFileSync(join(root, 'sepa/pain001-20261123.xml'));
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
    const logged = digests.read();
    expect(logged.get('sepa/pain001-20261123.xml')).toEqual({ path: 'sepa/pain001-20261123.xml', sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length });
    expect(logged.get('summary.json')?.sizeBytes).toBe(2);
  });

  it('writes pieces without a digest log, and refuses an unsafe path for them too', () => {
    const root = scratch();
    const writer = new StagedWriter(root);
    writer.writeText('sepa/a.xml', ['a', '', 'b']);
    expect(readFileSync(join(root, 'sepa/a.xml'), 'utf8')).toBe('ab');
    expect(() => writer.writeText('../a.xml', ['x'])).toThrow(/^TPLIQ_STAGED_PATH_UNSAFE: /);
  });

  it('throws with the path when a write fails, so the run stops before the ledger commit', () => {
    const root = scratch();
    // A folder where the file should be: the write cannot succeed.
    mkdirSync(join(root, 'arl', 'taken.arl'), { recursive: true });
    const writer = new StagedWriter(root);
    expect(() => writer.write('arl/taken.arl', 'content')).toThrow(/taken\.arl/);
  });
});
