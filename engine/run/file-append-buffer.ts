import { writeSync } from 'node:fs';
import { UTF8_BYTES_PER_UNIT_MAX } from '../../codecs/binary/length-prefixed-text.js';

/** Copies up to this long are made byte by byte (appendBytes). */
const SHORT_COPY_BYTES_MAX = 512;

/**
 * Text (as UTF-8) or bytes appended to a file through a fixed buffer, written out when full.
 *
 * Why not a string that grows until it is written: the main thread appends a row per invoice
 * (decisions.csv, the spool's buckets) and a row waits for its write long enough to live
 * through several young-generation collections. Each one copied it, then moved it to the old
 * generation, and millions of rows a night left there as garbage. Encoded into bytes at once,
 * the row's string dies young and the waiting text is off the heap.
 */
export class FileAppendBuffer {
  private readonly bytes: Buffer;
  private used = 0;

  /**
   * @param fd where `flush` writes; `capacityBytes` is the buffer's size, allocated once;
   * `written`, if given, sees every byte as it goes to the file, in order (a digest of the file).
   */
  constructor(
    private readonly fd: () => number,
    capacityBytes: number,
    private readonly written?: (bytes: Uint8Array) => void,
  ) {
    this.bytes = Buffer.allocUnsafe(capacityBytes);
  }

  get bufferedBytes(): number {
    return this.used;
  }

  /** Appends `text`; writes out what is buffered first if `text` might not fit. */
  append(text: string): void {
    if (!this.makeRoom(text.length * UTF8_BYTES_PER_UNIT_MAX)) {
      this.writeOut(Buffer.from(text, 'utf8'));
      return;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
  }

  /** Appends a copy of the first `length` bytes of `bytes` (all of them by default). */
  appendBytes(bytes: Uint8Array, length = bytes.length): void {
    if (length > bytes.length) throw new RangeError(`appendBytes: ${length} bytes asked of ${bytes.length}`);
    if (!this.makeRoom(length)) {
      this.writeOut(bytes.subarray(0, length));
      return;
    }
    if (length <= SHORT_COPY_BYTES_MAX) {
      // A spool row: a loop, where set() would first need a view of the row's bytes.
      const out = this.bytes;
      const at = this.used;
      for (let i = 0; i < length; i++) out[at + i] = bytes[i]!;
    } else {
      this.bytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.used);
    }
    this.used += length;
  }

  /**
   * Appends what `write` puts at the buffer's end (it returns where it stopped), given room for
   * `bytesMax`, after writing out what is buffered if needed. Returns false, with nothing
   * appended, when `bytesMax` can never fit: the caller appends its text instead.
   */
  appendWritten<T>(bytesMax: number, write: (value: T, out: Buffer, at: number) => number, value: T): boolean {
    if (!this.makeRoom(bytesMax)) return false;
    this.used = write(value, this.bytes, this.used);
    return true;
  }

  /** Writes out what is buffered. */
  flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.bytes.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(bytes: Uint8Array): void {
    writeFully(this.fd(), bytes);
    this.written?.(bytes);
  }

  /** True when `bytes` more fit, flushing first if needed; false when they can never fit. */
  private makeRoom(bytes: number): boolean {
    if (this.used + bytes <= this.bytes.length) return true;
    this.flush();
    return bytes <= this.bytes.length;
  }
}

function writeFully(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}
