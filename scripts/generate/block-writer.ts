import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Output in large blocks: records are written into a 4 MiB buffer, and a full buffer is handed to
 * the file stream whole (then a fresh one is taken, so the stream owns what it was given). The
 * caller awaits `drain()` between invoices: when the stream has more queued than its high-water
 * mark, generation pauses until the disk catches up, so memory stays flat whatever the day's size.
 */

export const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Blocks the stream has finished writing, kept for the next writer: a day has thousands of files,
 * and a fresh 4 MiB buffer per file (or per flush) would keep the garbage collector busy. Bounded,
 * so an idle pool never holds more than a few blocks.
 */
const FREE_BLOCKS: Buffer[] = [];
const FREE_BLOCKS_MAX = 8;

function takeBlock(bytes: number): Buffer {
  for (let i = FREE_BLOCKS.length - 1; i >= 0; i--) {
    const block = FREE_BLOCKS[i] as Buffer;
    if (block.length === bytes) {
      FREE_BLOCKS.splice(i, 1);
      return block;
    }
  }
  return Buffer.allocUnsafe(bytes);
}

function giveBack(block: Buffer): void {
  if (FREE_BLOCKS.length < FREE_BLOCKS_MAX) FREE_BLOCKS.push(block);
}

export class BlockWriter {
  private readonly stream: WriteStream;
  private block: Buffer;
  /** Bytes used in the current block. */
  pos = 0;
  /** Bytes handed to the stream so far. */
  private flushedBytes = 0;
  private blocked = false;

  constructor(path: string, private readonly blockBytes = BLOCK_BYTES) {
    this.stream = createWriteStream(path, { highWaterMark: blockBytes * 2 });
    this.block = takeBlock(blockBytes);
  }

  /** The current block, with room for at least `bytes` more bytes from `pos`. */
  reserve(bytes: number): Buffer {
    if (this.pos + bytes > this.block.length) {
      this.flush();
      if (bytes > this.block.length) this.block = Buffer.allocUnsafe(bytes);
    }
    return this.block;
  }

  writeText(text: string): void {
    const bytes = Buffer.byteLength(text, 'latin1');
    const block = this.reserve(bytes);
    this.pos += block.write(text, this.pos, 'latin1');
  }

  get bytesWritten(): number {
    return this.flushedBytes + this.pos;
  }

  private flush(): void {
    if (this.pos === 0) return;
    const block = this.block;
    this.flushedBytes += this.pos;
    // The stream owns the block until it is on disk; then it goes back to the pool.
    if (!this.stream.write(block.subarray(0, this.pos), () => giveBack(block))) this.blocked = true;
    this.block = takeBlock(this.blockBytes);
    this.pos = 0;
  }

  /** True when the stream has more queued than it wants: the caller should await `drain()`. */
  get needsDrain(): boolean {
    return this.blocked;
  }

  /** Waits for the stream to drain when it asked for it (backpressure). */
  async drain(): Promise<void> {
    if (!this.blocked) return;
    this.blocked = false;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /**
   * Ends the file and returns at once with the promise of its last bytes on disk, so the next
   * file can be generated while this one is closed (opening and closing thousands of files one
   * after the other would leave the generator idle).
   */
  end(): Promise<void> {
    this.flush();
    // The last block taken was never handed to the stream.
    giveBack(this.block);
    this.block = Buffer.alloc(0);
    const finished = once(this.stream, 'finish').then(() => undefined);
    this.stream.end();
    return finished;
  }

  close(): Promise<void> {
    return this.end();
  }
}
