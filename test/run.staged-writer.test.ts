import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { StagedWriter } from '../engine/run/staged-writer.js';

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

  it('throws with the path when a write fails, so the run stops before the ledger commit', () => {
    const root = scratch();
    // A folder where the file should be: the write cannot succeed.
    mkdirSync(join(root, 'arl', 'taken.arl'), { recursive: true });
    const writer = new StagedWriter(root);
    expect(() => writer.write('arl/taken.arl', 'content')).toThrow(/taken\.arl/);
  });
});
