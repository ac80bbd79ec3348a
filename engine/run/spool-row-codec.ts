import type { Channel } from '../domain/invoice.js';
import { MOTIVES, type Motive, type MotiveCode } from '../domain/motive.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { decodeText } from '../../codecs/binary/decode-text.js';
import { grownBuffer } from '../../codecs/binary/grown-buffer.js';
import { NO_ACT_LINES } from '../../codecs/binary/packed-act-lines.js';
import { lengthPrefixedTextBytesMax, VARINT32_BYTES_MAX, writeLengthPrefixedText, writeVarint32 } from '../../codecs/binary/length-prefixed-text.js';
import { emptySpooledInvoice, type SpooledInvoice, type SpoolRowInput } from './spooled-invoice.js';

/**
 * The spool's row format: one invoice as bytes, fields in a fixed order, no separators.
 *
 * Why bytes and not JSON (the format until docs/performance.md change 17): at 10 M lines the main thread
 * spent ≈ 5 s of the intake in JSON.stringify, then ≈ 7.5 s parsing the rows back for the
 * returns, and the ledger thread ≈ 8 s parsing them again, all three with their garbage. Here:
 * - numbers are written as they are (no digits to print and read back);
 * - the file name is an index into the spool's list of files (a night has hundreds of files and
 *   millions of rows);
 * - a motive is its code's index and only what its label adds to the code's label ("au
 *   12/11/2026"), rebuilt as `${label} ${detail}` exactly as motive() builds it;
 * - the functional key is its 64 bits, which the ledger stores as they are;
 * - a reader that needs a few fields (the ledger thread) steps over the others without making
 *   their strings;
 * - what only the returns read is one length-prefixed block the worker made (format 5,
 *   spool-returns-tail.ts): the main thread copies it, the ledger thread steps over it at once.
 *
 * Texts are UTF-8 after their byte length (a varint). Every text here comes from decoded bytes
 * (files, the referential, file names), which never holds a lone surrogate; one would come back
 * as U+FFFD, as Buffer writes it.
 */

/** Version of the layout below, kept in the spool's index file so a reader never misreads a row. */
export const SPOOL_ROW_FORMAT = 5;

const CHANNELS: readonly Channel[] = ['B2_ETAB', 'B2_PS', 'DRE', 'PAPER', 'C2S'];

/**
 * A channel's byte in the row: its place in CHANNELS from 1, or 0 for none. A switch, where a Map
 * lookup was the busiest line of encodeRow, asked twice for every invoice on the main thread.
 */
function channelByte(channel: Channel | undefined): number {
  switch (channel) {
    case 'B2_ETAB': return 1;
    case 'B2_PS': return 2;
    case 'DRE': return 3;
    case 'PAPER': return 4;
    case 'C2S': return 5;
    // No default: a channel added to the type without its byte here does not compile.
    case undefined: return 0;
  }
}
const MOTIVE_CODES = Object.keys(MOTIVES) as MotiveCode[];
const MOTIVE_INDEX = new Map<string, number>(MOTIVE_CODES.map((code, i) => [code, i]));
/** How a motive's label is kept: the code's own label, that label plus a detail, or the whole text. */
const LABEL_OF_CODE = 0;
const LABEL_WITH_DETAIL = 1;
const LABEL_WHOLE = 2;
const FLAG_PAID = 1;
const FLAG_LATE_BANKING_DAYS = 2;
/** A C2S claim paid with the L. 861-3 increase: its amount follows the AMO part, a float64. */
const FLAG_C2S_INCREASE = 4;
/** The increase of a C2S claim, when FLAG_C2S_INCREASE says there is one. */
const C2S_INCREASE_BYTES = 8;
/** The fields of fixed width after the AMC number: flags, two channels, 3 doubles, 6 × 4 bytes. */
const FIXED_FIELDS_BYTES = 3 + 3 * 8 + 6 * 4;
/** Bytes a row's numbers take at most, whatever its texts: reserved twice per row, before and after its first texts. */
const NUMBERS_BYTES_MAX = 96;
/** A motive's code index and how its label is kept, before the label's text if any. */
const MOTIVE_HEAD_BYTES = 2;

/**
 * Writes rows into one growing buffer (`encode`, a view valid until the next call, or `encodeRow`),
 * or into a buffer of the caller's with the room for them (`encodeRowInto`).
 */
export class SpoolRowEncoder {
  private bytes: Buffer = Buffer.allocUnsafe(4096);
  private used = 0;
  /** True while a row goes into the caller's buffer, which must not be replaced by a larger one. */
  private writingInto = false;

  /** @param fileIndex the spool's number for a file name (see DecisionSpool). */
  encode(inv: SpoolRowInput, fileIndex: number): Uint8Array {
    // The row first: it may grow the buffer, and `this.bytes` read before would be the old one.
    const length = this.encodeRow(inv, fileIndex);
    return this.bytes.subarray(0, length);
  }

  /**
   * The same row, left at the start of `rowBytes`, whose length is returned: a row too large for
   * a bucket's buffer is copied from there, without a view of it. Valid until the next call.
   */
  encodeRow(inv: SpoolRowInput, fileIndex: number): number {
    this.used = 0;
    this.writeRow(inv, fileIndex);
    return this.used;
  }

  /**
   * The same row, written at `at` in `out`, which has rowBytesMax(inv) bytes free from there;
   * returns where the row ends. The spool writes each row so, straight into its bucket's buffer:
   * made in the encoder's buffer, then copied byte by byte into the bucket's, a row cost ≈ 0.1 µs
   * more, ≈ 0.6 s of the main thread's intake at 10 M lines (docs/performance.md, change 50).
   */
  encodeRowInto(inv: SpoolRowInput, fileIndex: number, out: Buffer, at: number): number {
    const own = this.bytes;
    this.bytes = out;
    this.used = at;
    this.writingInto = true;
    try {
      this.writeRow(inv, fileIndex);
      return this.used;
    } finally {
      this.bytes = own;
      this.writingInto = false;
    }
  }

  /**
   * At most how many bytes the row takes, counting the room each of its writes reserves: the
   * numbers' two reserves, each text as long as UTF-8 can make it, the worker's block as it is.
   */
  rowBytesMax(inv: SpoolRowInput): number {
    const d = inv.decision;
    let bytes = 2 * NUMBERS_BYTES_MAX + VARINT32_BYTES_MAX + inv.returnsTail.length + VARINT32_BYTES_MAX + C2S_INCREASE_BYTES
      + lengthPrefixedTextBytesMax(d.lot) + lengthPrefixedTextBytesMax(d.invoiceNumber) + lengthPrefixedTextBytesMax(d.practitionerId)
      + lengthPrefixedTextBytesMax(d.amcNumber) + lengthPrefixedTextBytesMax(inv.pecNumber);
    for (const m of d.motives) bytes += MOTIVE_HEAD_BYTES + lengthPrefixedTextBytesMax(m.label);
    return bytes;
  }

  private writeRow(inv: SpoolRowInput, fileIndex: number): void {
    const d = inv.decision;
    this.reserve(NUMBERS_BYTES_MAX);
    this.varint(d.sequence);
    this.varint(fileIndex);
    this.text(d.lot);
    this.varint(d.line);
    this.text(d.invoiceNumber);
    this.text(d.practitionerId);
    this.text(d.amcNumber);
    this.reserve(NUMBERS_BYTES_MAX);
    const increase = d.c2sIncreaseCents ?? 0;
    this.byte((d.status === 'PAID' ? FLAG_PAID : 0) | (inv.lateBankingDays ? FLAG_LATE_BANKING_DAYS : 0) | (increase > 0 ? FLAG_C2S_INCREASE : 0));
    this.byte(channelByte(d.channel));
    this.byte(channelByte(inv.channel));
    this.float64(d.paidCents);
    this.float64(d.claimedCents);
    this.int32(d.receivedDate);
    this.int32(d.dueDate);
    this.int32(inv.careDate);
    this.int32(inv.birthRank);
    this.uint32(inv.functionalKeyHi);
    this.uint32(inv.functionalKeyLo);
    this.float64(inv.pecCents);
    this.varint(d.motives.length);
    for (const m of d.motives) this.motive(m);
    this.text(inv.pecNumber);
    // What only the returns read comes after the PEC number, where the ledger thread's reader has
    // what it needs and steps over the rest: the worker's block (NIR, its key, the 060's AMO part
    // and nature d'assurance, the act lines for the 070s; format 5), copied without being read,
    // then the 050's lot date (format 4).
    this.packed(inv.returnsTail);
    this.reserve(VARINT32_BYTES_MAX);
    this.varint(inv.lotSendDate);
    if (increase > 0) {
      this.reserve(C2S_INCREASE_BYTES);
      this.float64(increase);
    }
  }

  /** Where encodeRow leaves its row (the buffer grows, so ask after each call). */
  get rowBytes(): Uint8Array {
    return this.bytes;
  }

  private motive(m: Motive): void {
    const index = MOTIVE_INDEX.get(m.code);
    if (index === undefined) throw new Error(`spool: unknown motive code ${m.code}`);
    this.reserve(MOTIVE_HEAD_BYTES);
    this.byte(index);
    const base = MOTIVES[m.code].label;
    if (m.label === base) {
      this.byte(LABEL_OF_CODE);
    } else if (m.label.length > base.length + 1 && m.label.startsWith(base) && m.label.charCodeAt(base.length) === 0x20) {
      this.byte(LABEL_WITH_DETAIL);
      this.text(m.label.slice(base.length + 1));
    } else {
      this.byte(LABEL_WHOLE);
      this.text(m.label);
    }
  }

  private packed(value: Uint8Array): void {
    this.reserve(VARINT32_BYTES_MAX + value.length);
    this.varint(value.length);
    this.bytes.set(value, this.used);
    this.used += value.length;
  }

  private text(value: string): void {
    this.reserve(lengthPrefixedTextBytesMax(value));
    this.used = writeLengthPrefixedText(this.bytes, this.used, value);
  }

  private byte(value: number): void {
    this.bytes[this.used++] = value;
  }

  private varint(value: number): void {
    if (value >>> 0 !== value) throw new RangeError(`spool: ${value} is not a 32-bit unsigned integer`);
    this.used = writeVarint32(this.bytes, this.used, value);
  }

  private int32(value: number): void {
    this.used = this.bytes.writeInt32LE(value, this.used);
  }

  private uint32(value: number): void {
    this.used = this.bytes.writeUInt32LE(value >>> 0, this.used);
  }

  /** Cents are whole numbers that may pass 2^31 in a malformed file: kept as doubles, exactly. */
  private float64(value: number): void {
    this.used = this.bytes.writeDoubleLE(value, this.used);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    // The caller's buffer had rowBytesMax free: a row that needs more is a bound that is wrong.
    if (this.writingInto) throw new Error(`spool: a row needs more than the ${this.bytes.length} bytes its bound made room for`);
    this.bytes = grownBuffer(this.bytes, this.used, this.used + bytes);
  }
}

/** What the ledger thread reads of a row (the rest is stepped over). */
export interface SpooledLedgerFields {
  sequence: number;
  file: string;
  lot: string;
  invoiceNumber: string;
  practitionerId: string;
  paid: boolean;
  paidCents: number;
  claimedCents: number;
  /** Codes joined by "|", as the ledger stores them. */
  motiveCodes: string;
  /** The motives with their labels as JSON, '' when there are none. */
  motivesJson: string;
  careDate: number;
  functionalKeyHi: number;
  functionalKeyLo: number;
  pecNumber: string;
}

/** Reads the rows of one bucket, in the order they were written. */
export class SpoolRowReader {
  private at = 0;

  /** @param files the spool's file names, by the index rows carry. */
  constructor(
    private readonly bytes: Buffer,
    private readonly files: readonly string[],
  ) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  /** Where the next row starts: `seek` comes back to it. */
  get position(): number {
    return this.at;
  }

  seek(position: number): void {
    this.at = position;
  }

  /** The next row's practitioner, the rest of the row stepped over (to group a bucket's rows before reading them whole). */
  practitioner(): string {
    this.varint();
    this.varint();
    this.skipText();
    this.varint();
    this.skipText();
    const practitionerId = this.text();
    this.skipText();
    const flags = this.bytes[this.at]!;
    this.at += FIXED_FIELDS_BYTES;
    for (let n = this.varint(); n > 0; n--) {
      this.motiveCode();
      if (this.byte() !== LABEL_OF_CODE) this.skipText();
    }
    this.skipText();
    this.skipText();
    this.varint();
    if ((flags & FLAG_C2S_INCREASE) !== 0) this.at += C2S_INCREASE_BYTES;
    return practitionerId;
  }

  /** The next row as a new invoice (tests, tools); the returns refill one object instead (invoiceInto). */
  invoice(): SpooledInvoice {
    return this.invoiceInto(emptySpooledInvoice());
  }

  /**
   * The next row, written into `into` (its decision and its motives' array refilled, not replaced)
   * and returned. The returns read a night's invoices one after the other and keep nothing of one
   * once the next is read: a new object graph each (the invoice, its decision, its motives' array)
   * was ≈ 30 % of what they allocated (docs/performance.md, change 49). Every field is written,
   * the optional ones of the decision as undefined when the row has none.
   */
  invoiceInto(into: SpooledInvoice): SpooledInvoice {
    const decision = into.decision;
    decision.sequence = this.varint();
    decision.file = this.file();
    decision.lot = this.text();
    decision.line = this.varint();
    decision.invoiceNumber = this.text();
    decision.practitionerId = this.text();
    decision.amcNumber = this.text();
    const flags = this.byte();
    decision.channel = CHANNELS[this.byte() - 1];
    into.channel = CHANNELS[this.byte() - 1]!;
    decision.paidCents = this.float64() as Cents;
    decision.claimedCents = this.float64() as Cents;
    decision.receivedDate = this.int32() as DateYmd;
    decision.dueDate = this.int32() as DateYmd;
    into.careDate = this.int32() as DateYmd;
    into.birthRank = this.int32();
    into.functionalKeyHi = this.uint32();
    into.functionalKeyLo = this.uint32();
    into.pecCents = this.float64() as Cents;
    const motives = decision.motives;
    motives.length = 0;
    for (let n = this.varint(); n > 0; n--) motives.push(this.motive());
    into.pecNumber = this.text();
    // The worker's block; empty (an outcome that carried none) stands for every field empty.
    const tailEnd = this.varint() + this.at;
    const withTail = tailEnd > this.at;
    into.nir = withTail ? this.text() : '';
    into.nirKey = withTail ? this.text() : '';
    into.amoCents = (withTail ? this.float64() : 0) as Cents;
    into.actLines = withTail ? this.packedView() : NO_ACT_LINES;
    into.natureAssurance = withTail ? this.text() : '';
    if (this.at !== tailEnd) throw new Error(`spool: the returns' fields of row ${decision.sequence} end at byte ${this.at}, not ${tailEnd}`);
    into.lotSendDate = this.varint() as DateYmd;
    decision.c2sIncreaseCents = (flags & FLAG_C2S_INCREASE) !== 0 ? (this.float64() as Cents) : undefined;
    decision.status = (flags & FLAG_PAID) !== 0 ? 'PAID' : 'REJECTED';
    into.lateBankingDays = (flags & FLAG_LATE_BANKING_DAYS) !== 0;
    return into;
  }

  /** The sequence of the row at `position` (its first field), where the reader stays. */
  sequenceAt(position: number): number {
    const at = this.at;
    this.at = position;
    const sequence = this.varint();
    this.at = at;
    return sequence;
  }

  /** The next row's ledger fields, without making the strings the ledger does not store. */
  ledgerFields(): SpooledLedgerFields {
    const sequence = this.varint();
    const file = this.file();
    const lot = this.text();
    this.varint();
    const invoiceNumber = this.text();
    const practitionerId = this.text();
    this.skipText();
    const flags = this.byte();
    this.at += 2;
    const paidCents = this.float64();
    const claimedCents = this.float64();
    this.at += 8;
    const careDate = this.int32();
    this.at += 4;
    const functionalKeyHi = this.uint32();
    const functionalKeyLo = this.uint32();
    this.at += 8;
    let motiveCodes = '';
    let motivesJson = '';
    const count = this.varint();
    if (count > 0) {
      // The labels as written, values filled in: what `tpliq explain` shows without re-running anything.
      const motives: Motive[] = [];
      for (let i = 0; i < count; i++) motives.push(this.motive());
      motiveCodes = motives.map((m) => m.code).join('|');
      motivesJson = JSON.stringify(motives);
    }
    const pecNumber = this.text();
    this.skipText();
    this.varint();
    if ((flags & FLAG_C2S_INCREASE) !== 0) this.at += C2S_INCREASE_BYTES;
    return { sequence, file, lot, invoiceNumber, practitionerId, paid: (flags & FLAG_PAID) !== 0, paidCents, claimedCents, motiveCodes, motivesJson, careDate, functionalKeyHi, functionalKeyLo, pecNumber };
  }

  private motive(): Motive {
    const code = this.motiveCode();
    const kind = this.byte();
    const base = MOTIVES[code].label;
    const label = kind === LABEL_OF_CODE ? base : kind === LABEL_WITH_DETAIL ? `${base} ${this.text()}` : this.text();
    return { code, label };
  }

  private motiveCode(): MotiveCode {
    const code = MOTIVE_CODES[this.byte()];
    if (code === undefined) throw new Error(`spool: unknown motive at byte ${this.at - 1}`);
    return code;
  }

  private file(): string {
    const index = this.varint();
    const name = this.files[index];
    if (name === undefined) throw new Error(`spool: row refers to file #${index}, which the spool does not list`);
    return name;
  }

  private text(): string {
    const length = this.varint();
    const start = this.at;
    this.at += length;
    return decodeText(this.bytes, start, this.at);
  }

  /** Packed bytes as a view on the bucket, which is read whole and kept while its rows are used. */
  private packedView(): Uint8Array {
    const length = this.varint();
    const start = this.at;
    this.at += length;
    // A plain Uint8Array, as the worker made it, not a Buffer view.
    return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + start, length);
  }

  /** Steps over a text or packed bytes: both are a length then the bytes. */
  private skipText(): void {
    const length = this.varint();
    this.at += length;
  }

  private byte(): number {
    const value = this.bytes[this.at++];
    if (value === undefined) throw new Error('spool: row cut short');
    return value;
  }

  private varint(): number {
    // Nearly every varint of a row (lengths, small numbers) is one byte: read it without the loop,
    // which its profile showed at ≈ 2.5 s of the main thread and 2.3 s of the ledger thread at 10 M.
    const first = this.bytes[this.at];
    if (first !== undefined && first < 0x80) {
      this.at++;
      return first;
    }
    // A running scale, not `2 ** shift`: V8 compiles a power with a variable exponent to a call of
    // its pow(), ≈ 0.6 s of the main thread and 0.5 s of the ledger thread at 1 M lines (perf).
    let value = 0;
    for (let scale = 1; scale <= 0x10000000; scale *= 0x80) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    throw new Error(`spool: varint too long at byte ${this.at}`);
  }

  private int32(): number {
    const value = this.bytes.readInt32LE(this.at);
    this.at += 4;
    return value;
  }

  private uint32(): number {
    const value = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  private float64(): number {
    const value = this.bytes.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }
}
