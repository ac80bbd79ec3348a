import { decodeText } from '../binary/decode-text.js';
import type { CounterClaimMessage, InvoiceOutcomeMessage, LiquidationResultMessage, MotiveMessage, StructuralErrorMessage } from './liquidation-codec.js';

/** Nearly no outcome draws on a counter: they share this empty list, and one that does gets its own. */
const NO_CLAIMS = sharedEmpty<CounterClaimMessage>();
/** The same for motives and errors: most invoices are paid with neither. */
const NO_MOTIVES = sharedEmpty<MotiveMessage>();
const NO_ERRORS = sharedEmpty<StructuralErrorMessage>();
/** An absent bytes field (proto3 leaves an empty one off the wire): nothing to copy, so one array for all. */
const NO_BYTES = new Uint8Array(0);

/** An empty list many outcomes share: frozen, so that a push onto it throws instead of reaching them all. */
function sharedEmpty<T>(): T[] {
  return Object.freeze([]) as unknown as T[];
}

/** Wire types (protobuf encoding): varint, 64-bit, length-delimited, 32-bit. */
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/**
 * Reads a LiquidationResult (liquidation.proto) straight into the plain objects the commit step
 * uses, defaults included. Why not protobufjs, as before docs/performance.md change 17: its decode builds
 * message objects, then `toObject` copies each into a plain one, two object graphs per outcome;
 * on the main thread of the 10 M-line run that was ≈ 5 s of the intake, plus their garbage.
 *
 * proto3 rules as protobufjs reads them: fields in any order, the last value of a scalar wins,
 * repeated fields add up, unknown fields are stepped over by their wire type, uint32 is the low 32
 * bits of the varint. The tests hold it to protobufjs's decoding of the same bytes.
 */
export function decodeLiquidationResult(bytes: Uint8Array): LiquidationResultMessage {
  const reader = new LiquidationResultReader(bytes);
  const outcomes: InvoiceOutcomeMessage[] = [];
  for (let o = reader.nextOutcome(); o !== undefined; o = reader.nextOutcome()) outcomes.push(o);
  return { batch: reader.batch, outcomes, auditMismatches: reader.auditMismatches };
}

/**
 * The same message read outcome by outcome, each made when asked for. The main thread commits a
 * file's outcomes one after the other: made all at once, the outcomes of a file of thousands of
 * invoices lived through the commit of the whole file, through young-generation collections, and
 * were moved to the old generation as garbage (≈ 60 MiB of the 1 M-line intake in a sampling
 * heap profile that kept objects freed by full collections only).
 *
 * `batch` and `auditMismatches` are final once `nextOutcome` has returned undefined: proto3 lets
 * them come anywhere in the message.
 */
export class LiquidationResultReader {
  batch = 0;
  auditMismatches = 0;
  private at = 0;
  private readonly bytes: Buffer;

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The next outcome in the message, or undefined at its end. */
  nextOutcome(): InvoiceOutcomeMessage | undefined {
    const end = this.bytes.length;
    while (this.at < end) {
      const tag = this.uint32();
      switch (tag) {
        case (1 << 3) | VARINT: this.batch = this.uint32(); break;
        case (2 << 3) | LEN: return this.outcome(this.end());
        case (3 << 3) | VARINT: this.auditMismatches = this.uint32(); break;
        default: this.skip(tag);
      }
    }
    this.expectEnd(end);
    return undefined;
  }

  private outcome(end: number): InvoiceOutcomeMessage {
    const o: InvoiceOutcomeMessage = {
      sequence: 0, invoiceNumber: '', amcNumber: '', birthRank: 0, careDate: 0, computedAmcCents: 0, claimedAmcCents: 0,
      motives: NO_MOTIVES, errors: NO_ERRORS, functionalKeyHi: 0, functionalKeyLo: 0, pecNumber: '', pecCents: 0, duplicataOf: '', nature: '', refersTo: '',
      feeCents: 0, returnsTail: NO_BYTES, line: 0, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: NO_CLAIMS,
    };
    while (this.at < end) {
      const tag = this.uint32();
      switch (tag) {
        case (1 << 3) | VARINT: o.sequence = this.uint32(); break;
        case (2 << 3) | LEN: o.invoiceNumber = this.text(); break;
        case (3 << 3) | LEN: o.amcNumber = this.text(); break;
        case (6 << 3) | VARINT: o.birthRank = this.uint32(); break;
        case (7 << 3) | VARINT: o.careDate = this.uint32(); break;
        case (8 << 3) | VARINT: o.computedAmcCents = this.uint32(); break;
        case (9 << 3) | VARINT: o.claimedAmcCents = this.uint32(); break;
        case (10 << 3) | LEN: (o.motives === NO_MOTIVES ? (o.motives = []) : o.motives).push(this.motive(this.end())); break;
        case (11 << 3) | LEN: (o.errors === NO_ERRORS ? (o.errors = []) : o.errors).push(this.error(this.end())); break;
        case (12 << 3) | I32: o.functionalKeyHi = this.fixed32(); break;
        case (13 << 3) | I32: o.functionalKeyLo = this.fixed32(); break;
        case (14 << 3) | LEN: o.pecNumber = this.text(); break;
        case (15 << 3) | VARINT: o.pecCents = this.uint32(); break;
        case (16 << 3) | LEN: o.duplicataOf = this.text(); break;
        case (17 << 3) | LEN: o.nature = this.text(); break;
        case (18 << 3) | LEN: o.refersTo = this.text(); break;
        case (19 << 3) | VARINT: o.feeCents = this.uint32(); break;
        case (20 << 3) | VARINT: o.line = this.uint32(); break;
        case (25 << 3) | LEN: o.returnsTail = this.bytesValue(); break;
        case (40 << 3) | VARINT: o.c2sDueDate = this.uint32(); break;
        case (41 << 3) | VARINT: o.c2sFormalNoticeDate = this.uint32(); break;
        case (21 << 3) | LEN: (o.claims === NO_CLAIMS ? (o.claims = []) : o.claims).push(this.claim(this.end())); break;
        default: this.skip(tag);
      }
    }
    this.expectEnd(end);
    return o;
  }

  private claim(end: number): CounterClaimMessage {
    const c: CounterClaimMessage = { key: '', fromDate: 0, toDate: 0, amountCeilingCents: 0, countCeiling: 0, rawCents: 0, acts: 0, declaredCents: 0, careDate: 0, kind: '', label: '' };
    while (this.at < end) {
      const tag = this.uint32();
      switch (tag) {
        case (1 << 3) | LEN: c.key = this.text(); break;
        case (2 << 3) | VARINT: c.fromDate = this.uint32(); break;
        case (3 << 3) | VARINT: c.toDate = this.uint32(); break;
        case (4 << 3) | VARINT: c.amountCeilingCents = this.uint32(); break;
        case (5 << 3) | VARINT: c.countCeiling = this.uint32(); break;
        case (6 << 3) | VARINT: c.rawCents = this.uint32(); break;
        case (7 << 3) | VARINT: c.acts = this.uint32(); break;
        case (8 << 3) | VARINT: c.declaredCents = this.uint32(); break;
        case (9 << 3) | VARINT: c.careDate = this.uint32(); break;
        case (10 << 3) | LEN: c.kind = this.text(); break;
        case (11 << 3) | LEN: c.label = this.text(); break;
        default: this.skip(tag);
      }
    }
    this.expectEnd(end);
    return c;
  }

  private motive(end: number): MotiveMessage {
    const m: MotiveMessage = { code: '', label: '' };
    while (this.at < end) {
      const tag = this.uint32();
      if (tag === ((1 << 3) | LEN)) m.code = this.text();
      else if (tag === ((2 << 3) | LEN)) m.label = this.text();
      else this.skip(tag);
    }
    this.expectEnd(end);
    return m;
  }

  private error(end: number): StructuralErrorMessage {
    const e: StructuralErrorMessage = { code: '', message: '', line: 0, column: 0 };
    while (this.at < end) {
      const tag = this.uint32();
      switch (tag) {
        case (1 << 3) | LEN: e.code = this.text(); break;
        case (2 << 3) | LEN: e.message = this.text(); break;
        case (3 << 3) | VARINT: e.line = this.uint32(); break;
        case (4 << 3) | VARINT: e.column = this.uint32(); break;
        default: this.skip(tag);
      }
    }
    this.expectEnd(end);
    return e;
  }

  /** Reads a length and returns where the bytes it counts end. */
  private end(): number {
    const length = this.uint32();
    const end = this.at + length;
    if (end > this.bytes.length) throw new Error(`liquidation result: a field of ${length} bytes at byte ${this.at} runs past the end`);
    return end;
  }

  private expectEnd(end: number): void {
    if (this.at !== end) throw new Error(`liquidation result: a message overruns its length (byte ${this.at}, expected ${end})`);
  }

  private text(): string {
    const end = this.end();
    const start = this.at;
    this.at = end;
    return decodeText(this.bytes, start, end);
  }

  /**
   * A bytes field, as a view of the message: the main thread owns the message's buffer (moved to
   * it from a worker, or copied from a NATS message, and never written again), so the view stays
   * true for as long as it is kept.
   * Not a copy: V8 gives a typed array of more than 64 bytes a backing store of its own (≈ 1.1 µs
   * to make on this machine, against ≈ 15 ns for a view), and the returns tail of an invoice with
   * three act lines or more (≈ 30 bytes and 12 a line) is longer than that.
   */
  private bytesValue(): Uint8Array {
    const end = this.end();
    const start = this.at;
    this.at = end;
    const bytes = this.bytes;
    return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
  }

  /** The low 32 bits of a varint of up to 10 bytes, unsigned. */
  private uint32(): number {
    const bytes = this.bytes;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = bytes[this.at++];
      if (byte === undefined) throw new Error('liquidation result: cut short inside a varint');
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error(`liquidation result: varint longer than 10 bytes before byte ${this.at}`);
  }

  private fixed32(): number {
    const value = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  /** Steps over a field this reader does not know, by its wire type. */
  private skip(tag: number): void {
    switch (tag & 7) {
      case VARINT: this.uint32(); return;
      case I64: this.at += 8; return;
      case LEN: this.at = this.end(); return;
      case I32: this.at += 4; return;
      default: throw new Error(`liquidation result: field ${tag >>> 3} has wire type ${tag & 7}, which liquidation.proto never uses`);
    }
  }
}
