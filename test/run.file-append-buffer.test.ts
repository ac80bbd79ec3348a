import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { FileAppendBuffer } from '../engine/run/file-append-buffer.js';

const scratch = tempDirs('tpliq-utf8buf-');

/** Appends through a buffer of `capacity` bytes, then returns the file's bytes and the writes made. */
function written(capacity: number, append: (buffer: FileAppendBuffer) => void): { text: string; opens: number } {
  const path = join(scratch(), 'out.txt');
  let fd: number | undefined;
  let opens = 0;
  const buffer = new FileAppendBuffer(() => {
    if (fd === undefined) {
      fd = openSync(path, 'a');
      opens++;
    }
    return fd;
  }, capacity);
  append(buffer);
  buffer.flush();
  if (fd !== undefined) closeSync(fd);
  return { text: opens === 0 ? '' : readFileSync(path, 'utf8'), opens };
}

describe('FileAppendBuffer', () => {
  it('writes nothing, and opens nothing, until there is something to write', () => {
    expect(written(64, () => undefined)).toEqual({ text: '', opens: 0 });
  });

  it('keeps every character across many flushes, accents and characters outside the BMP included', () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i};Hélène Ærø 😀 “${'x'.repeat(i % 17)}”`);
    const { text } = written(64, (buffer) => rows.forEach((row) => buffer.append(`${row}\n`)));
    expect(text).toBe(rows.map((row) => `${row}\n`).join(''));
  });

  it('writes text larger than its buffer directly, after what was buffered before it', () => {
    const big = 'é'.repeat(1000);
    const { text } = written(32, (buffer) => {
      buffer.append('a');
      buffer.append(`${big}\n`);
      buffer.append('z');
    });
    expect(text).toBe(`a${big}\nz`);
  });

  it('shows every byte it writes, in order, to the observer it was given, direct writes included', () => {
    const path = join(scratch(), 'observed.txt');
    const fd = openSync(path, 'a');
    const seen: Buffer[] = [];
    const buffer = new FileAppendBuffer(() => fd, 16, (bytes) => seen.push(Buffer.from(bytes)));
    buffer.append('début ');
    buffer.append('é'.repeat(40));
    buffer.appendBytes(Buffer.from('0123456789abcdefghij'));
    buffer.append('fin 😀');
    buffer.flush();
    closeSync(fd);
    expect(seen.length).toBeGreaterThan(3);
    expect(Buffer.concat(seen)).toEqual(readFileSync(path));
    expect(readFileSync(path, 'utf8')).toBe(`début ${'é'.repeat(40)}0123456789abcdefghijfin 😀`);
  });

  it('counts the bytes it holds, and none once flushed', () => {
    const path = join(scratch(), 'count.txt');
    const fd = openSync(path, 'a');
    const buffer = new FileAppendBuffer(() => fd, 1024);
    buffer.append('é€\n');
    expect(buffer.bufferedBytes).toBe(2 + 3 + 1);
    buffer.flush();
    expect(buffer.bufferedBytes).toBe(0);
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('é€\n');
  });

  it('appends the first bytes asked of a longer buffer, short ones copied byte by byte, long and oversized ones whole', () => {
    const source = new TextEncoder().encode('0123456789'.repeat(100));
    const lengths = [0, 1, 7, 512, 513, 999, 1000, 3];
    const { text } = written(600, (buffer) => lengths.forEach((length) => buffer.appendBytes(source, length)));
    expect(text).toBe(lengths.map((length) => '0123456789'.repeat(100).slice(0, length)).join(''));
    expect(written(64, (buffer) => buffer.appendBytes(source)).text).toBe('0123456789'.repeat(100));
    expect(() => written(64, (buffer) => buffer.appendBytes(source.subarray(0, 5), 6))).toThrow(RangeError);
  });
});
