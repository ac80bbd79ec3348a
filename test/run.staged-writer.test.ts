import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { StagedWriter } from '../engine/run/staged-writer.js';

const scratch = tempDirs('tpliq-staged-');

describe('StagedWriter', () => {
  it('has every file on disk with its exact content once settle() resolves, folders created', async () => {
    const root = scratch();
    const writer = new StagedWriter(root);
    // More files than the in-flight bound, so both the thread-pool and the in-place paths run.
    for (let i = 0; i < 300; i++) writer.write(`arl/lot-${i}.arl`, `ARL ${i} é\r\n`);
    writer.write('noemie/deep/one.rsp', 'x'.repeat(100_000));
    await writer.settle();
    expect(readdirSync(join(root, 'arl'))).toHaveLength(300);
    for (let i = 0; i < 300; i += 37) expect(readFileSync(join(root, 'arl', `lot-${i}.arl`), 'utf8')).toBe(`ARL ${i} é\r\n`);
    expect(readFileSync(join(root, 'noemie/deep/one.rsp'), 'utf8')).toHaveLength(100_000);
  });

  it('makes room for more writes without losing any', async () => {
    const root = scratch();
    const writer = new StagedWriter(root);
    for (let i = 0; i < 200; i++) {
      writer.write(`noemie/${i}.rsp`, String(i));
      await writer.makeRoom();
    }
    await writer.settle();
    expect(readdirSync(join(root, 'noemie'))).toHaveLength(200);
  });

  it('rejects settle() when a write fails, so the run aborts before the ledger commit', async () => {
    const root = scratch();
    // A folder where the file should be: the write cannot succeed.
    mkdirSync(join(root, 'arl', 'taken.arl'), { recursive: true });
    const writer = new StagedWriter(root);
    writer.write('arl/taken.arl', 'content');
    await expect(writer.settle()).rejects.toThrow();
  });

  it('refuses new writes after a failure instead of hiding it', async () => {
    const root = scratch();
    mkdirSync(join(root, 'arl', 'taken.arl'), { recursive: true });
    const writer = new StagedWriter(root);
    writer.write('arl/taken.arl', 'content');
    await writer.settle().catch(() => undefined);
    expect(() => writer.write('arl/other.arl', 'x')).toThrow();
  });
});
