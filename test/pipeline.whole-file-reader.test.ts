import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WholeFileReader } from '../engine/pipeline/whole-file-reader.js';

describe('WholeFileReader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-whole-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileOf = (name: string, size: number): string => {
    const path = join(dir, name);
    writeFileSync(path, randomBytes(size));
    return path;
  };

  it('reads each file whole, as readFileSync does, through growth, reuse and files larger than it keeps', () => {
    // First buffer 64 bytes, kept up to 4 KiB: small, growing, shrinking, empty, and too large to keep.
    const reader = new WholeFileReader(64, 4_096);
    const sizes = [10, 64, 65, 1_000, 3, 0, 4_096, 4_097, 50_000, 200, 4_000];
    for (const [n, size] of sizes.entries()) {
      const path = fileOf(`f${n}`, size);
      const bytes = reader.read(path);
      expect(bytes.length).toBe(size);
      expect(bytes.equals(readFileSync(path))).toBe(true);
    }
  });

  it('keeps one buffer: a view is the previous file until the next read, a larger-than-kept file has its own', () => {
    const reader = new WholeFileReader(64, 4_096);
    const a = reader.read(fileOf('a', 100));
    const b = reader.read(fileOf('b', 100));
    expect(a.buffer).toBe(b.buffer);
    const large = reader.read(fileOf('large', 5_000));
    expect(large.buffer).not.toBe(b.buffer);
    expect(reader.read(fileOf('c', 10)).buffer).toBe(b.buffer);
  });

  it('refuses sizes that cannot work', () => {
    expect(() => new WholeFileReader(0, 10)).toThrow(RangeError);
    expect(() => new WholeFileReader(20, 10)).toThrow(RangeError);
  });
});
