import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import protobuf from 'protobufjs';
import { grownBuffer } from '../binary/grown-buffer.js';
import { lengthPrefixedTextBytesMax, VARINT32_BYTES_MAX, writeLengthPrefixedText, writeVarint32 } from '../binary/length-prefixed-text.js';

/** Plain shapes of the liquidation.proto messages (protobufjs camel-cases the field names). */
export interface MotiveMessage {
  code: string;
  label: string;
}

export interface StructuralErrorMessage {
  code: string;
  message: string;
  line: number;
  column: number;
}

/** liquidation.proto's CounterClaim (engine/domain/counter-claim.ts says what each field means). */
export interface CounterClaimMessage {
  key: string;
  fromDate: number;
  toDate: number;
  amountCeilingCents: number;
  countCeiling: number;
  rawCents: number;
  acts: number;
  declaredCents: number;
  careDate: number;
  kind: string;
  label: string;
}

export interface InvoiceOutcomeMessage {
  sequence: number;
  invoiceNumber: string;
  amcNumber: string;
  birthRank: number;
  careDate: number;
  computedAmcCents: number;
  claimedAmcCents: number;
  motives: MotiveMessage[];
  errors: StructuralErrorMessage[];
  functionalKeyHi: number;
  functionalKeyLo: number;
  pecNumber: string;
  pecCents: number;
  duplicataOf: string;
  nature: string;
  refersTo: string;
  feeCents: number;
  /**
   * What only the returns read (NIR and key, declared AMO part, nature d'assurance, packed act
   * lines), as the spool's bytes: engine/run/spool-returns-tail.ts.
   */
  returnsTail: Uint8Array;
  line: number;
  /** A fund's C2S claim: its due date and the day its formal notice was received (0: none, and on every other invoice). */
  c2sDueDate: number;
  c2sFormalNoticeDate: number;
  /** Counters the invoice draws on; empty for nearly every invoice. */
  claims: CounterClaimMessage[];
}

export interface LiquidationResultMessage {
  batch: number;
  outcomes: InvoiceOutcomeMessage[];
  auditMismatches: number;
}

function protoPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = resolve(here, 'liquidation.proto');
  return existsSync(fromSource) ? fromSource : resolve(here, '../../../codecs/proto/liquidation.proto');
}

const root = protobuf.loadSync(protoPath());
const LiquidationResult = root.lookupType('tpliq.LiquidationResult');

/** The engine's encoding of a whole result (LiquidationResultEncoder, outcome by outcome). */
export function encodeLiquidationResult(result: LiquidationResultMessage): Uint8Array {
  const encoder = new LiquidationResultEncoder();
  for (const outcome of result.outcomes) encoder.add(outcome);
  return encoder.finish(result.batch, result.auditMismatches);
}

/** protobufjs's own encoding from the .proto: the reference the tests hold the engine's to. */
export function encodeLiquidationResultWithProtobufjs(result: LiquidationResultMessage): Uint8Array {
  return LiquidationResult.encode(result).finish();
}

export { decodeLiquidationResult, LiquidationResultReader } from './liquidation-result-decoder.js';

/** protobufjs's decoding: the reference the tests hold the engine's decoder (liquidation-result-decoder.ts) to. */
export function decodeLiquidationResultWithProtobufjs(bytes: Uint8Array): LiquidationResultMessage {
  // A worker's bytes arrive as a plain Uint8Array (a Buffer does not survive postMessage).
  // protobufjs reads a Buffer's strings with one native slice each, but a Uint8Array's by
  // allocating a sub-array and decoding UTF-8 in JavaScript: 1 388 → 732 ns an outcome
  // (decode + toObject, 1 000 outcomes, this machine), ≈ 4 s of the main thread at 10 M lines.
  const message = LiquidationResult.decode(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  // defaults: proto3 omits zero values on the wire; toObject with defaults restores them.
  const result = LiquidationResult.toObject(message, { defaults: true, arrays: true }) as LiquidationResultMessage;
  // protobufjs gives bytes as Node Buffers; the engine's decoder as plain Uint8Arrays (views of the
  // message). Same bytes: compared as the same kind of array.
  for (const outcome of result.outcomes) outcome.returnsTail = new Uint8Array(outcome.returnsTail);
  return result;
}

/**
 * Wire tags (field number << 3 | wire type: 0 varint, 2 length-delimited, 5 fixed32) of
 * liquidation.proto's fields, for the hand-written encoder below. Kept next to the .proto's
 * numbers; the tests decode its bytes with protobufjs against the .proto itself.
 */
const TAG = {
  result: { batch: (1 << 3) | 0, outcome: (2 << 3) | 2, auditMismatches: (3 << 3) | 0 },
  outcome: {
    sequence: (1 << 3) | 0, invoiceNumber: (2 << 3) | 2, amcNumber: (3 << 3) | 2,
    birthRank: (6 << 3) | 0, careDate: (7 << 3) | 0, computedAmcCents: (8 << 3) | 0, claimedAmcCents: (9 << 3) | 0,
    motive: (10 << 3) | 2, error: (11 << 3) | 2, functionalKeyHi: (12 << 3) | 5, functionalKeyLo: (13 << 3) | 5,
    pecNumber: (14 << 3) | 2, pecCents: (15 << 3) | 0, duplicataOf: (16 << 3) | 2, nature: (17 << 3) | 2,
    refersTo: (18 << 3) | 2, feeCents: (19 << 3) | 0, line: (20 << 3) | 0, claim: (21 << 3) | 2, returnsTail: (25 << 3) | 2,
    c2sDueDate: (40 << 3) | 0, c2sFormalNoticeDate: (41 << 3) | 0,
  },
  claim: {
    key: (1 << 3) | 2, fromDate: (2 << 3) | 0, toDate: (3 << 3) | 0, amountCeilingCents: (4 << 3) | 0, countCeiling: (5 << 3) | 0,
    rawCents: (6 << 3) | 0, acts: (7 << 3) | 0, declaredCents: (8 << 3) | 0, careDate: (9 << 3) | 0, kind: (10 << 3) | 2, label: (11 << 3) | 2,
  },
  motive: { code: (1 << 3) | 2, label: (2 << 3) | 2 },
  error: { code: (1 << 3) | 2, message: (2 << 3) | 2, line: (3 << 3) | 0, column: (4 << 3) | 0 },
} as const;

/**
 * The growing buffer of the last finished encoder, for the next one: a worker encodes one file's
 * outcomes after another (hundreds of files a night, up to a few MiB each), and a buffer grown
 * again by doubling from 64 KiB for each file was copied at each step and allocated outside the
 * heap each time. An encoder takes it, and gives it back when it finishes; an encoder made while
 * another holds it starts a buffer of its own.
 */
let spareBuffer: Buffer | undefined;
const ENCODER_BUFFER_BYTES = 64 * 1024;

function takeSpareBuffer(): Buffer {
  const spare = spareBuffer;
  spareBuffer = undefined;
  return spare ?? Buffer.allocUnsafe(ENCODER_BUFFER_BYTES);
}

/**
 * Builds a LiquidationResult one outcome at a time, as bytes, written by hand rather than through
 * protobufjs. Two reasons, both in the workers' hot path:
 * - A worker liquidating a whole file (thousands of invoices) would otherwise keep every outcome
 *   object alive until the file is done, long enough for the collector to promote them all.
 *   Encoded at once, each dies young.
 * - protobufjs's writer allocates an operation object per field and a buffer per message, then
 *   copies the message into the result. At 10 M lines that was ≈ 30 % of what a worker allocated,
 *   and ≈ 6 s of each worker's profile. Here every field goes straight into one growing buffer.
 *
 * proto3 rules as protobufjs decodes them: zero numbers and empty strings are left off the wire
 * (decoding with defaults restores them), uint32 values are taken modulo 2^32 as protobufjs's
 * writer does, fixed32 is little-endian. Fields may come in another order than the .proto's,
 * which protobuf allows. The tests hold the bytes to protobufjs's decoding of its own encoding.
 */
export class LiquidationResultEncoder {
  private bytes: Buffer = takeSpareBuffer();
  private used = 0;
  /** Set by finish, which hands the buffer on: the encoder may not be used again. */
  private finished = false;

  add(outcome: InvoiceOutcomeMessage): void {
    this.refuseIfFinished();
    const t = TAG.outcome;
    const start = this.openMessage(TAG.result.outcome);
    this.uint32(t.sequence, outcome.sequence);
    this.text(t.invoiceNumber, outcome.invoiceNumber);
    this.text(t.amcNumber, outcome.amcNumber);
    this.uint32(t.birthRank, outcome.birthRank);
    this.uint32(t.careDate, outcome.careDate);
    this.uint32(t.computedAmcCents, outcome.computedAmcCents);
    this.uint32(t.claimedAmcCents, outcome.claimedAmcCents);
    for (const motive of outcome.motives) {
      const at = this.openMessage(t.motive);
      this.text(TAG.motive.code, motive.code);
      this.text(TAG.motive.label, motive.label);
      this.closeMessage(at);
    }
    for (const error of outcome.errors) {
      const at = this.openMessage(t.error);
      this.text(TAG.error.code, error.code);
      this.text(TAG.error.message, error.message);
      this.uint32(TAG.error.line, error.line);
      this.uint32(TAG.error.column, error.column);
      this.closeMessage(at);
    }
    this.fixed32(t.functionalKeyHi, outcome.functionalKeyHi);
    this.fixed32(t.functionalKeyLo, outcome.functionalKeyLo);
    this.text(t.pecNumber, outcome.pecNumber);
    this.uint32(t.pecCents, outcome.pecCents);
    this.text(t.duplicataOf, outcome.duplicataOf);
    this.text(t.nature, outcome.nature);
    this.text(t.refersTo, outcome.refersTo);
    this.uint32(t.feeCents, outcome.feeCents);
    this.uint32(t.line, outcome.line);
    this.bytesField(t.returnsTail, outcome.returnsTail);
    this.uint32(t.c2sDueDate, outcome.c2sDueDate);
    this.uint32(t.c2sFormalNoticeDate, outcome.c2sFormalNoticeDate);
    for (const claim of outcome.claims) {
      const c = TAG.claim;
      const at = this.openMessage(t.claim);
      this.text(c.key, claim.key);
      this.uint32(c.fromDate, claim.fromDate);
      this.uint32(c.toDate, claim.toDate);
      this.uint32(c.amountCeilingCents, claim.amountCeilingCents);
      this.uint32(c.countCeiling, claim.countCeiling);
      this.uint32(c.rawCents, claim.rawCents);
      this.uint32(c.acts, claim.acts);
      this.uint32(c.declaredCents, claim.declaredCents);
      this.uint32(c.careDate, claim.careDate);
      this.text(c.kind, claim.kind);
      this.text(c.label, claim.label);
      this.closeMessage(at);
    }
    this.closeMessage(start);
  }

  /** The whole message, in a buffer of its exact size (ready to be moved to another thread). */
  finish(batch: number, auditMismatches: number): Uint8Array {
    this.refuseIfFinished();
    this.uint32(TAG.result.batch, batch);
    this.uint32(TAG.result.auditMismatches, auditMismatches);
    // A copy of exactly the message, in a plain Uint8Array of its own.
    const message = new Uint8Array(this.bytes.subarray(0, this.used));
    this.finished = true;
    spareBuffer = this.bytes;
    return message;
  }

  private refuseIfFinished(): void {
    if (this.finished) throw new Error('LiquidationResultEncoder used after finish: its buffer went to the next encoder');
  }

  /** A varint field; zero is left off the wire. */
  private uint32(tag: number, value: number): void {
    const v = value >>> 0;
    if (v === 0) return;
    this.reserve(2 * VARINT32_BYTES_MAX);
    this.varint(tag);
    this.varint(v);
  }

  /** A fixed32 field (4 bytes, little-endian); zero is left off the wire. */
  private fixed32(tag: number, value: number): void {
    const v = value >>> 0;
    if (v === 0) return;
    this.reserve(VARINT32_BYTES_MAX + 4);
    this.varint(tag);
    this.bytes.writeUInt32LE(v, this.used);
    this.used += 4;
  }

  /** A string field as UTF-8; the empty string is left off the wire. */
  private text(tag: number, value: string): void {
    if (value.length === 0) return;
    this.reserve(VARINT32_BYTES_MAX + lengthPrefixedTextBytesMax(value));
    this.varint(tag);
    this.used = writeLengthPrefixedText(this.bytes, this.used, value);
  }

  /** A bytes field, copied as it is; empty bytes are left off the wire. */
  private bytesField(tag: number, value: Uint8Array): void {
    if (value.length === 0) return;
    this.reserve(2 * VARINT32_BYTES_MAX + value.length);
    this.varint(tag);
    this.varint(value.length);
    this.bytes.set(value, this.used);
    this.used += value.length;
  }

  /** Writes `tag` and room for a one-byte length; returns where the length goes. */
  private openMessage(tag: number): number {
    this.reserve(2 * VARINT32_BYTES_MAX);
    this.varint(tag);
    return this.used++;
  }

  /** Writes the length of the message opened at `at`, moving its bytes if it needs more than one. */
  private closeMessage(at: number): void {
    const length = this.used - at - 1;
    if (length < 0x80) {
      this.bytes[at] = length;
      return;
    }
    const extra = varintBytes(length) - 1;
    this.reserve(extra);
    this.bytes.copyWithin(at + 1 + extra, at + 1, this.used);
    this.used += extra;
    writeVarint32(this.bytes, at, length);
  }

  private reserve(extra: number): void {
    if (this.used + extra > this.bytes.length) this.bytes = grownBuffer(this.bytes, this.used, this.used + extra);
  }

  /** An unsigned 32-bit varint; room reserved by the caller. */
  private varint(value: number): void {
    this.used = writeVarint32(this.bytes, this.used, value);
  }
}

function varintBytes(value: number): number {
  let bytes = 1;
  for (let v = value >>> 0; v > 0x7f; v >>>= 7) bytes++;
  return bytes;
}
