import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSharedFile } from '../engine/pipeline/shared-file.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('tpliq-shared-');

describe('readSharedFile', () => {
  it('returns the file byte for byte, in memory the worker threads share', () => {
    const dir = tempDir();
    const path = join(dir, 'referential.snapshot');
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff));
    writeFileSync(path, content);
    const bytes = readSharedFile(path);
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
  });

  it('reads an empty file as no bytes', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty'), '');
    expect(readSharedFile(join(dir, 'empty')).byteLength).toBe(0);
  });
});
