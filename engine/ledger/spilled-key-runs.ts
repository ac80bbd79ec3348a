import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY_BYTES = 8;
/** Keys read at a time from each run while merging: 64 KiB a run. */
const READ_KEYS = 8192;

// A key's halves are read from 32-bit words of its 8 bytes: the high half is the second word on a
// little-endian machine, which every platform Node supports is; refuse to run anywhere else.
if (endianness() !== 'LE') throw new Error('SpilledKeyRuns: a little-endian machine is required');

/**
 * Sorted runs of signed 64-bit keys set aside in a temporary file, then read back merged into one
 * ascending sequence (SQLite's INTEGER order): how a run's paid functional keys reach their table
 * in one sweep while only one run of them is held in memory (paid-functional-keys.ts says why).
 *
 * The file is removed as soon as it is open (only this process can read it, and a crash leaves
 * nothing behind), in a folder only its owner can enter.
 */
export class SpilledKeyRuns {
  private fd: number | undefined;
  private readonly runs: Array<{ fromKey: number; count: number }> = [];
  private keysWritten = 0;

  get runCount(): number {
    return this.runs.length;
  }

  /** Sets aside a run of keys already in ascending signed order (BigInt64Array.sort). */
  append(sorted: BigInt64Array): void {
    if (sorted.length === 0) return;
    const fd = (this.fd ??= openRemovedTemporaryFile());
    const bytes = new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength);
    const position = this.keysWritten * KEY_BYTES;
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
    this.runs.push({ fromKey: this.keysWritten, count: sorted.length });
    this.keysWritten += sorted.length;
  }

  /**
   * Visits every key of the runs set aside and of `last` (sorted too, kept in memory) in ascending
   * signed order, equal keys all visited; then the runs are forgotten and the file closed.
   */
  drainInOrder(last: BigInt64Array, visit: (key: bigint) => void): void {
    const fd = this.fd;
    const cursors = this.runs.map((run) => new KeyCursor(new BigInt64Array(Math.min(READ_KEYS, run.count)), (into, skip) => this.read(fd!, into, run, skip), run.count));
    if (last.length > 0) cursors.push(new KeyCursor(last, () => last.length, last.length));
    const heap = new CursorHeap(cursors);
    for (let cursor = heap.first(); cursor !== undefined; cursor = heap.afterTaking(cursor)) visit(cursor.take());
    this.close();
  }

  /** Forgets the runs and closes the file (idempotent). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.runs.length = 0;
    this.keysWritten = 0;
  }

  /** Fills `into` with the run's keys from its `skip`-th on; returns how many it holds. */
  private read(fd: number, into: BigInt64Array, run: { fromKey: number; count: number }, skip: number): number {
    const keys = Math.min(into.length, run.count - skip);
    const bytes = new Uint8Array(into.buffer, into.byteOffset, keys * KEY_BYTES);
    const position = (run.fromKey + skip) * KEY_BYTES;
    for (let read = 0; read < bytes.length; ) {
      const n = readSync(fd, bytes, read, bytes.length - read, position + read);
      if (n === 0) throw new Error(`spilled key run ends before its key ${skip + keys} of ${run.count}`);
      read += n;
    }
    return keys;
  }
}

function openRemovedTemporaryFile(): number {
  const folder = mkdtempSync(join(tmpdir(), 'tpliq-keys-'));
  try {
    return openSync(join(folder, 'runs'), 'wx+', 0o600);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One sorted run read in order, a buffer at a time; its head's halves compare without a BigInt. */
class KeyCursor {
  private readonly words: Int32Array;
  private at = 0;
  private held = 0;
  private consumed = 0;

  constructor(
    private readonly keys: BigInt64Array,
    private readonly fill: (into: BigInt64Array, skip: number) => number,
    private readonly count: number,
  ) {
    this.words = new Int32Array(keys.buffer, keys.byteOffset, keys.length * 2);
    this.refill();
  }

  get done(): boolean {
    return this.at === this.held;
  }

  /** The head's high half, signed: keys order by it first. */
  get high(): number {
    return this.words[2 * this.at + 1]!;
  }

  /** The head's low half, unsigned. */
  get low(): number {
    return this.words[2 * this.at]! >>> 0;
  }

  take(): bigint {
    const key = this.keys[this.at]!;
    this.at += 1;
    if (this.at === this.held) this.refill();
    return key;
  }

  private refill(): void {
    if (this.consumed === this.count) return;
    this.held = this.fill(this.keys, this.consumed);
    this.consumed += this.held;
    this.at = 0;
  }
}

const headBefore = (a: KeyCursor, b: KeyCursor): boolean => a.high < b.high || (a.high === b.high && a.low < b.low);

/** The cursors by their heads, smallest first; a cursor that runs out leaves the heap. */
class CursorHeap {
  private readonly heap: KeyCursor[];

  constructor(cursors: KeyCursor[]) {
    this.heap = cursors.filter((cursor) => !cursor.done);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  first(): KeyCursor | undefined {
    return this.heap[0];
  }

  /** After a key was taken from the first cursor: the cursor with the smallest head now. */
  afterTaking(cursor: KeyCursor): KeyCursor | undefined {
    const heap = this.heap;
    if (cursor.done) {
      // The cursor is at the top, so the one moved up from the end is another.
      const last = heap.pop()!;
      if (heap.length === 0) return undefined;
      heap[0] = last;
    }
    this.siftDown(0);
    return heap[0];
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    const moving = heap[from]!;
    let at = from;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && headBefore(heap[child + 1]!, heap[child]!)) child += 1;
      if (!headBefore(heap[child]!, moving)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = moving;
  }
}
