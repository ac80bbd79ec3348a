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
 * change 40). As a Map from each path to its line, ≈ 13 MiB more (its table and a string a path)
 * at the run's peak, after the returns (change 48): the lines are found instead through a table
 * of their own, open addressing on a hash of the path's bytes (FNV-1a), which a lookup compares
 * with the path asked for.
 */
export class OutputDigestIndex implements OutputDigestLookup {
  private readonly bytes: Buffer;
  /** Where each distinct path's (last) line starts, and where its path starts. */
  private readonly lineStarts: Int32Array;
  private readonly pathStarts: Int32Array;
  /** 1 + a line's ordinal in lineStarts, or 0 for an empty slot; a power of two, at least twice the lines. */
  private readonly slots: Int32Array;
  private lineCount = 0;

  /** Over `bytes`, or over the file's bytes read whole. */
  constructor(private readonly path: string, bytes?: Buffer) {
    this.bytes = bytes ?? readFileSync(path);
    if (this.bytes.length > 0x7fffffff) throw new RangeError(`${path}: ${this.bytes.length} bytes of digests is more than an index holds`);
    let lines = 0;
    for (let at = this.bytes.indexOf(NEWLINE); at >= 0; at = this.bytes.indexOf(NEWLINE, at + 1)) lines++;
    this.lineStarts = new Int32Array(lines);
    this.pathStarts = new Int32Array(lines);
    let capacity = 16;
    while (capacity < 2 * lines) capacity *= 2;
    this.slots = new Int32Array(capacity);
    for (let start = 0; start < this.bytes.length; ) {
      const lineEnd = this.bytes.indexOf(NEWLINE, start);
      if (lineEnd < 0) throw new Error(`${path}: a line cut short at its end`);
      // Every line is checked now, though only where it is is kept.
      this.add(start, pathStartOf(this.bytes, start, lineEnd, path), lineEnd);
      start = lineEnd + 1;
    }
  }

  get size(): number {
    return this.lineCount;
  }

  get(path: string): OutputDigest | undefined {
    let hash = FNV_OFFSET;
    for (let i = 0; i < path.length; i++) {
      const code = path.charCodeAt(i);
      // The file's paths are read as latin1: a character beyond it names none of them.
      if (code > 0xff) return undefined;
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      const pathStart = this.pathStarts[entry - 1]!;
      const lineEnd = this.bytes.indexOf(NEWLINE, pathStart);
      if (this.pathIs(pathStart, lineEnd, path)) return digestOfLine(this.bytes, this.lineStarts[entry - 1]!, lineEnd, this.path);
    }
  }

  /** Indexes a line: a path already indexed now finds this line. */
  private add(lineStart: number, pathStart: number, lineEnd: number): void {
    let hash = FNV_OFFSET;
    for (let i = pathStart; i < lineEnd; i++) hash = Math.imul(hash ^ this.bytes[i]!, FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        this.lineStarts[this.lineCount] = lineStart;
        this.pathStarts[this.lineCount] = pathStart;
        this.slots[slot] = ++this.lineCount;
        return;
      }
      const otherStart = this.pathStarts[entry - 1]!;
      const otherEnd = this.bytes.indexOf(NEWLINE, otherStart);
      if (otherEnd - otherStart === lineEnd - pathStart && this.bytes.compare(this.bytes, pathStart, lineEnd, otherStart, otherEnd) === 0) {
        this.lineStarts[entry - 1] = lineStart;
        this.pathStarts[entry - 1] = pathStart;
        return;
      }
    }
  }

  private pathIs(pathStart: number, lineEnd: number, path: string): boolean {
    if (lineEnd - pathStart !== path.length) return false;
    for (let i = 0; i < path.length; i++) if (this.bytes[pathStart + i] !== path.charCodeAt(i)) return false;
    return true;
  }
}

/** FNV-1a, 32 bits: a hash of a path's bytes for OutputDigestIndex's table. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Where the path of a line starts, once its size and digest fields are checked. */
function pathStartOf(bytes: Buffer, start: number, lineEnd: number, file: string): number {
  const sizeEnd = bytes.indexOf(TAB, start);
  const shaEnd = sizeEnd < 0 ? -1 : bytes.indexOf(TAB, sizeEnd + 1);
  if (sizeEnd < 0 || shaEnd < 0 || shaEnd >= lineEnd || sizeEnd === start) throw new Error(`${file}: line "${bytes.toString('latin1', start, lineEnd)}" is not size, digest and path`);
  for (let i = start; i < sizeEnd; i++) {
    const digit = bytes[i]! - DIGIT_ZERO;
    if (digit < 0 || digit > 9) throw new Error(`${file}: line "${bytes.toString('latin1', start, lineEnd)}" has no size`);
  }
  return shaEnd + 1;
}

function digestOfLine(bytes: Buffer, start: number, lineEnd: number, file: string): OutputDigest {
  const pathStart = pathStartOf(bytes, start, lineEnd, file);
  const sizeEnd = bytes.indexOf(TAB, start);
  let sizeBytes = 0;
  for (let i = start; i < sizeEnd; i++) sizeBytes = sizeBytes * 10 + (bytes[i]! - DIGIT_ZERO);
  return { path: bytes.toString('latin1', pathStart, lineEnd), sha256: bytes.toString('latin1', sizeEnd + 1, pathStart - 1), sizeBytes };
}
