import { NO_ACT_LINES, packActLinesInScratch, type PackedActLine, type PackedInScratch } from '../../codecs/binary/packed-act-lines.js';
import { lengthPrefixedTextBytesMax, VARINT32_BYTES_MAX, writeLengthPrefixedText, writeVarint32 } from '../../codecs/binary/length-prefixed-text.js';

/**
 * What only the returns read of an invoice, as the bytes the spool keeps of it (spool-row-codec.ts,
 * format 5), made by the worker that liquidated the invoice. The main thread copies them from the
 * worker's result (liquidation.proto field 25) into the spool row without reading them; the ledger
 * thread and the spool's grouping step over them by their length; the returns decode them.
 *
 * Why the worker makes them (docs/performance.md change 42): the main thread decides every invoice
 * one after the other and is the intake's limit. These fields went through it as five fields of
 * the result, decoded into strings, then written again into the row, in the same format.
 *
 * Layout, each field as the spool writes it:
 *   NIR                 varint byte length + UTF-8
 *   NIR key             varint byte length + UTF-8
 *   AMO part            float64, little-endian: the declared cents, taken modulo 2^32 as the
 *                       result's uint32 field carried them before format 5
 *   act lines           varint byte length + codecs/binary/packed-act-lines.ts bytes
 *   nature d'assurance  varint byte length + UTF-8 ('' when the format has none)
 */
export interface ReturnsTailFields {
  nir: string;
  nirKey: string;
  amoCents: number;
  natureAssurance: string;
}

/** Bytes the AMO part takes (a float64). */
export const RETURNS_TAIL_AMO_BYTES = 8;
const NO_PACKED_LINES: PackedInScratch = { bytes: NO_ACT_LINES, length: 0 };

/**
 * Bytes of the blocks tails are written into, one after the other. A tail is a view of its block,
 * never overwritten: a full block is left to the tails that view it, and a new one begun.
 */
const BLOCK_BYTES = 64 * 1024;

/**
 * Makes the returns tail of one invoice after another. Each tail is a view of a block shared by
 * the tails made after it, not an array of its own: V8 keeps a typed array of up to 64 bytes in
 * its heap, but gives a longer one a backing store of its own (≈ 1.1 µs to make, 20 ns under,
 * on this machine), and a tail with three act lines or more (≈ 30 bytes and 12 a line) is longer.
 */
export class ReturnsTailEncoder {
  private block: Buffer = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private used = 0;

  /** The tail of an invoice whose act lines are the first `lineCount` of `lines`, dated from `careDate`. */
  encode(fields: Readonly<ReturnsTailFields>, lines: readonly PackedActLine[], lineCount: number, careDate: number): Uint8Array {
    return this.encodePacked(fields, lineCount === 0 ? NO_PACKED_LINES : packActLinesInScratch(lines, careDate, lineCount));
  }

  /** The same, with the act lines already packed. */
  encodePacked(fields: Readonly<ReturnsTailFields>, packed: PackedInScratch): Uint8Array {
    const needed = lengthPrefixedTextBytesMax(fields.nir) + lengthPrefixedTextBytesMax(fields.nirKey) + RETURNS_TAIL_AMO_BYTES
      + VARINT32_BYTES_MAX + packed.length + lengthPrefixedTextBytesMax(fields.natureAssurance);
    if (this.used + needed > this.block.length) {
      this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, needed));
      this.used = 0;
    }
    const bytes = this.block;
    const start = this.used;
    let at = writeLengthPrefixedText(bytes, start, fields.nir);
    at = writeLengthPrefixedText(bytes, at, fields.nirKey);
    at = bytes.writeDoubleLE(fields.amoCents >>> 0, at);
    at = writeVarint32(bytes, at, packed.length);
    const from = packed.bytes;
    for (let i = 0; i < packed.length; i++) bytes[at + i] = from[i]!;
    at += packed.length;
    at = writeLengthPrefixedText(bytes, at, fields.natureAssurance);
    this.used = at;
    // A plain Uint8Array view, not a Buffer one: Buffer's subarray goes through its own constructor.
    return new Uint8Array(bytes.buffer, bytes.byteOffset + start, at - start);
  }
}

const shared = new ReturnsTailEncoder();

/** The tail of already packed act lines (tests, the straightforward baseline): not for a hot path. */
export function returnsTailOf(fields: Readonly<ReturnsTailFields>, actLines: Uint8Array = NO_ACT_LINES): Uint8Array {
  return shared.encodePacked(fields, { bytes: actLines, length: actLines.length });
}
