import { endianness } from 'node:os';
import type { StringColumnMessage } from '../../codecs/proto/referential-proto.js';

/**
 * Growable columns used while importing, and their conversion to the snapshot's byte columns
 * (codecs/proto/referential.proto: i32/u32 little-endian, u8, aN ASCII, UTF-8 pools). Building
 * columns straight from the CSV rows keeps a 2-million-beneficiary import at a few hundred bytes
 * per row instead of a few hundred bytes per JavaScript object and string.
 */

const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';
const INITIAL_CAPACITY = 1024;

/** Growable array of 32-bit integers (signed values and unsigned indexes alike fit a Float64 read). */
export class IntColumnBuilder {
  private data: Int32Array | Uint32Array;
  length = 0;

  constructor(private readonly unsigned = false) {
    this.data = unsigned ? new Uint32Array(INITIAL_CAPACITY) : new Int32Array(INITIAL_CAPACITY);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.unsigned ? new Uint32Array(this.data.length * 2) : new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index] as number;
  }

  /** The values in `order` (a permutation of row indexes), as little-endian bytes. */
  bytesInOrder(order: ArrayLike<number>): Uint8Array {
    return littleEndianBytes(this.valuesInOrder(order));
  }

  /** The values in `order`, for a column with an encoding of its own (day-column.ts). */
  valuesInOrder(order: ArrayLike<number>): Int32Array | Uint32Array {
    const out = this.unsigned ? new Uint32Array(order.length) : new Int32Array(order.length);
    for (let i = 0; i < order.length; i++) out[i] = this.data[order[i] as number] as number;
    return out;
  }
}

/** Growable bytes: u8 columns, fixed-width ASCII columns (width bytes per row) and UTF-8 pools. */
export class ByteColumnBuilder {
  private data = new Uint8Array(INITIAL_CAPACITY);
  /** The same memory as `data`, for Buffer's UTF-8 writer; refreshed whenever `data` grows. */
  private buffer = Buffer.from(this.data.buffer);
  length = 0;

  /** `width` bytes per row: 1 for a u8 column, 13 for a NIR. */
  constructor(readonly width = 1) {}

  push(value: number): void {
    this.ensure(1);
    this.data[this.length++] = value;
  }

  /** Writes exactly `width` ASCII characters (the caller has checked the shape). */
  pushAscii(text: string): void {
    this.ensure(this.width);
    for (let i = 0; i < this.width; i++) this.data[this.length++] = text.charCodeAt(i);
  }

  /** Appends UTF-8 of any length; returns the number of bytes written. */
  pushUtf8(text: string): number {
    this.ensure(text.length * 3);
    const start = this.length;
    // Names and numbers are mostly ASCII: copy them without the encoder.
    let i = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      this.data[start + i] = code;
    }
    const written = i === text.length ? i : this.buffer.write(text, start, 'utf8');
    this.length += written;
    return written;
  }

  byteAt(index: number): number {
    return this.data[index] as number;
  }

  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  /** Rows (of `width` bytes) in `order`. */
  bytesInOrder(order: ArrayLike<number>): Uint8Array {
    const width = this.width;
    const out = new Uint8Array(order.length * width);
    for (let i = 0; i < order.length; i++) {
      const from = (order[i] as number) * width;
      out.set(this.data.subarray(from, from + width), i * width);
    }
    return out;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
    this.buffer = Buffer.from(next.buffer);
  }
}

/** Growable text column: one UTF-8 pool and the offset where each row starts. */
export class StringColumnBuilder {
  private readonly pool = new ByteColumnBuilder();
  private readonly starts = new IntColumnBuilder(true);

  get length(): number {
    return this.starts.length;
  }

  push(text: string): void {
    this.starts.push(this.pool.length);
    this.pool.pushUtf8(text);
  }

  /** Byte range of row `index` in the pool. */
  private range(index: number): [number, number] {
    const start = this.starts.at(index);
    const end = index + 1 < this.starts.length ? this.starts.at(index + 1) : this.pool.length;
    return [start, end];
  }

  /** Byte-order comparison of two rows (the order the snapshot's binary searches assume). */
  compare(a: number, b: number): number {
    const [aStart, aEnd] = this.range(a);
    const [bStart, bEnd] = this.range(b);
    const pool = this.pool.view();
    return compareByteRanges(pool, aStart, aEnd, bStart, bEnd);
  }

  columnInOrder(order: ArrayLike<number>): StringColumnMessage {
    const pool = this.pool.view();
    let total = 0;
    for (let i = 0; i < order.length; i++) {
      const [start, end] = this.range(order[i] as number);
      total += end - start;
    }
    const utf8 = new Uint8Array(total);
    const offsets = new Uint32Array(order.length + 1);
    let at = 0;
    for (let i = 0; i < order.length; i++) {
      const [start, end] = this.range(order[i] as number);
      offsets[i] = at;
      utf8.set(pool.subarray(start, end), at);
      at += end - start;
    }
    offsets[order.length] = at;
    return { utf8, offsets: littleEndianBytes(offsets) };
  }
}

/** A string column from texts already in their final order (the small tables). */
export function stringColumn(texts: readonly string[]): StringColumnMessage {
  const builder = new StringColumnBuilder();
  for (const text of texts) builder.push(text);
  return builder.columnInOrder(identityOrder(texts.length));
}

export function identityOrder(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** Little-endian i32 / u32 column bytes from values already in order. */
export function intColumn(values: readonly number[], unsigned = false): Uint8Array {
  return littleEndianBytes(unsigned ? Uint32Array.from(values) : Int32Array.from(values));
}

export const byteColumn = (values: readonly number[]): Uint8Array => Uint8Array.from(values);

/** Fixed-width ASCII column from texts of exactly `width` characters. */
export function asciiColumn(texts: readonly string[], width: number): Uint8Array {
  const out = new Uint8Array(texts.length * width);
  texts.forEach((text, row) => {
    for (let i = 0; i < width; i++) out[row * width + i] = text.charCodeAt(i);
  });
  return out;
}

/** The bytes of 16- or 32-bit values in the snapshot's order: little-endian whatever the host. */
export function littleEndianBytes(values: Int32Array | Uint32Array | Uint16Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (HOST_IS_LITTLE_ENDIAN) return bytes;
  // The snapshot is little-endian on every machine, so a file moves between hosts unchanged.
  const width = values.BYTES_PER_ELEMENT;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let b = 0; b < width; b++) swapped[i + b] = bytes[i + width - 1 - b]!;
  }
  return swapped;
}

export function compareByteRanges(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const shared = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < shared; i++) {
    const diff = (bytes[aStart + i] as number) - (bytes[bStart + i] as number);
    if (diff !== 0) return diff;
  }
  return aLength - bLength;
}
