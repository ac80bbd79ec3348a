import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSharedFile } from '../engine/pipeline/shared-file.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readSharedFile', () => {
  it('returns the file byte for byte, in memory the worker threads share', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpliq-shared-'));
    folders.push(dir);
    const path = join(dir, 'referential.snapshot');
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff));
    writeFileSync(path, content);
    const bytes = readSharedFile(path);
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
  });

  it('reads an empty file as no bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpliq-shared-'));
    folders.push(dir);
    writeFileSync(join(dir, 'empty'), '');
    expect(readSharedFile(join(dir, 'empty')).byteLength).toBe(0);
  });
});
