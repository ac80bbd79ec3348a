import { decodeText } from '../../codecs/binary/decode-text.js';
import type { StringColumnMessage } from '../../codecs/proto/referential-proto.js';

/**
 * Read-only accessors over the snapshot's byte columns (codecs/proto/referential.proto). They wrap
 * the decoded `bytes` views without copying: a `bytes` field may start at any offset of the file,
 * so 32-bit values are read through a DataView (alignment-free, little-endian on every host)
 * rather than an Int32Array that would need an aligned copy. Loading is then O(number of tables),
 * not O(rows): the per-row cost is paid only by the rows a lookup touches.
 */

export class Int32Column {
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  at(row: number): number {
    return this.view.getInt32(row * 4, true);
  }
}

export class Uint32Column {
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  at(row: number): number {
    return this.view.getUint32(row * 4, true);
  }
}

const bufferOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** `width` ASCII bytes per row (NIR, billing id): the key columns of binary searches. */
export class AsciiColumn {
  private readonly text: Buffer;

  constructor(
    readonly bytes: Uint8Array,
    readonly width: number,
  ) {
    this.text = bufferOf(bytes);
  }

  textAt(row: number): string {
    const start = row * this.width;
    return decodeText(this.text, start, start + this.width);
  }

  /** Sign of (row − key) in byte order; `key` must have `width` characters. */
  compare(row: number, key: string): number {
    const start = row * this.width;
    for (let i = 0; i < this.width; i++) {
      const diff = (this.bytes[start + i] as number) - key.charCodeAt(i);
      if (diff !== 0) return diff;
    }
    return 0;
  }
}

/** Variable-length UTF-8 text per row. */
export class Utf8Column {
  private readonly offsets: Uint32Column;
  private readonly bytes: Uint8Array;
  private readonly text: Buffer;

  constructor(column: StringColumnMessage) {
    this.offsets = new Uint32Column(column.offsets);
    this.bytes = column.utf8;
    this.text = bufferOf(column.utf8);
  }

  textAt(row: number): string {
    return decodeText(this.text, this.offsets.at(row), this.offsets.at(row + 1));
  }

  /** Sign of (row − key) in byte order, for an ASCII key (PEC numbers are ASCII by shape). */
  compare(row: number, key: string): number {
    const start = this.offsets.at(row);
    const length = this.offsets.at(row + 1) - start;
    const shared = length < key.length ? length : key.length;
    for (let i = 0; i < shared; i++) {
      const diff = (this.bytes[start + i] as number) - key.charCodeAt(i);
      if (diff !== 0) return diff;
    }
    return length - key.length;
  }
}

/** First row in [low, high) whose `compare(row)` is ≥ 0 (rows sorted ascending); `high` when none. */
export function lowerBound(low: number, high: number, compare: (row: number) => number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(middle) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A column whose rows compare with a text key (AsciiColumn, Utf8Column). */
interface TextKeyed {
  compare(row: number, key: string): number;
}

/**
 * lowerBound over a text column sorted ascending: the first row in [low, high) whose text is ≥ key.
 * For the per-invoice searches, which would otherwise make a comparison closure each time.
 */
export function lowerBoundOfText(column: TextKeyed, low: number, high: number, key: string): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (column.compare(middle, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
