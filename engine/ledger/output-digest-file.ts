import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { OutputDigest } from './run-record.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const DIGIT_ZERO = 0x30;

/**
 * Output digests as lines of a file, `size<TAB>sha256<TAB>path`: the log of the files a run
 * wrote (run/written-digest-log.ts) and the list it commits (run/output-digests.ts), which the
 * ledger thread reads at commit. As objects handed to that thread, the 10 M-line day's ≈ 128 000
 * digests were copied there whole while the main thread still held its own, and the run's
 * memory peaked at that moment (docs/performance.md, change 39). Output paths hold no tab or line
 * break (run/staged-writer.ts, SAFE_SEGMENT).
 */
export function outputDigestLine(d: OutputDigest): string {
  return `${d.sizeBytes}\t${d.sha256}\t${d.path}\n`;
}

/**
 * Every digest of the file, in order, read in chunks: memory does not grow with the file. Each
 * path and digest is a string of its own, made from the bytes (paths are ASCII, so latin1 spells
 * them as UTF-8 would): a caller may keep them without keeping a chunk's text alive.
 */
export function* outputDigestsIn(path: string, chunkBytes = 1 << 20): Generator<OutputDigest> {
  const fd = openSync(path, 'r');
  try {
    let chunk = Buffer.allocUnsafe(chunkBytes);
    // Bytes of chunk[0, filled) are read; lines before `start` are parsed.
    let filled = 0;
    for (;;) {
      if (filled === chunk.length) {
        // A line longer than the chunk: room for it.
        const larger = Buffer.allocUnsafe(2 * chunk.length);
        chunk.copy(larger, 0, 0, filled);
        chunk = larger;
      }
      const n = readSync(fd, chunk, filled, chunk.length - filled, null);
      filled += n;
      let start = 0;
      for (;;) {
        const lineEnd = chunk.indexOf(NEWLINE, start);
        if (lineEnd < 0 || lineEnd >= filled) break;
        yield digestOfLine(chunk, start, lineEnd, path);
        start = lineEnd + 1;
      }
      if (n === 0) {
        if (start < filled) throw new Error(`${path}: a line cut short at its end`);
        return;
      }
      chunk.copy(chunk, 0, start, filled);
      filled -= start;
    }
  } finally {
    closeSync(fd);
  }
}

/** Where a digest is found by its path: a map of digests, or an OutputDigestIndex. */
export type OutputDigestLookup = Pick<ReadonlyMap<string, OutputDigest>, 'get'>;

/**
 * The digests of a whole file by path, a path listed twice by its last line. The file's bytes are
 * kept, off the heap, and a digest is made only when asked for: as a map of digests, the ≈ 128 000
 * of the 10 M-line day held ≈ 25 MiB of the heap at the end of the run (docs/performance.md,
 * change 40), where only their paths are needed to find them.
 */
export class OutputDigestIndex implements OutputDigestLookup {
  private readonly startOf = new Map<string, number>();
  private readonly bytes: Buffer;

  /** Over `bytes`, or over the file's bytes read whole. */
  constructor(private readonly path: string, bytes?: Buffer) {
    this.bytes = bytes ?? readFileSync(path);
    for (let start = 0; start < this.bytes.length; ) {
      const lineEnd = this.bytes.indexOf(NEWLINE, start);
      if (lineEnd < 0) throw new Error(`${path}: a line cut short at its end`);
      // Every line is checked now, though only its path is kept.
      this.startOf.set(digestOfLine(this.bytes, start, lineEnd, path).path, start);
      start = lineEnd + 1;
    }
  }

  get size(): number {
    return this.startOf.size;
  }

  get(path: string): OutputDigest | undefined {
    const start = this.startOf.get(path);
    if (start === undefined) return undefined;
    return digestOfLine(this.bytes, start, this.bytes.indexOf(NEWLINE, start), this.path);
  }
}

function digestOfLine(bytes: Buffer, start: number, lineEnd: number, file: string): OutputDigest {
  const sizeEnd = bytes.indexOf(TAB, start);
  const shaEnd = sizeEnd < 0 ? -1 : bytes.indexOf(TAB, sizeEnd + 1);
  if (sizeEnd < 0 || shaEnd < 0 || shaEnd >= lineEnd || sizeEnd === start) throw new Error(`${file}: line "${bytes.toString('latin1', start, lineEnd)}" is not size, digest and path`);
  let sizeBytes = 0;
  for (let i = start; i < sizeEnd; i++) {
    const digit = bytes[i]! - DIGIT_ZERO;
    if (digit < 0 || digit > 9) throw new Error(`${file}: line "${bytes.toString('latin1', start, lineEnd)}" has no size`);
    sizeBytes = sizeBytes * 10 + digit;
  }
  return { path: bytes.toString('latin1', shaEnd + 1, lineEnd), sha256: bytes.toString('latin1', sizeEnd + 1, shaEnd), sizeBytes };
}
