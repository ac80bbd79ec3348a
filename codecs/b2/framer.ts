import type { CodecError, CodecErrorCode } from '../fixed-width/codec-error.js';
import { codecError } from '../fixed-width/codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../fixed-width/compiled-layout.js';
import { isBlank, readText, readUnsigned } from '../fixed-width/read-field.js';
import { readDate } from '../fixed-width/read-date.js';
import { recordTypeAt } from '../fixed-width/record-codec.js';
import { isPayeeIdFormat } from '../identifiers/payee-id.js';
import type { FrameSink, LotHeader } from './frames.js';

/** A line longer than this is garbage, not a record: it is skipped up to its newline. */
export const LINE_BYTES_MAX = 4096;
/** Bound on one invoice's records, so one endless invoice cannot grow memory without limit. */
export const INVOICE_RECORDS_MAX = 9999;

export interface FramerOptions {
  file: string;
  /** Profile used when the file has no (readable) header, and to read the header itself. */
  defaultLayout: CompiledLayout;
  /** Finds the layout a file header names; undefined = unknown profile (a file error). */
  resolveLayout: (profile: string) => CompiledLayout | undefined;
}

interface OpenInvoice {
  line: number;
  byteOffset: number;
  recordCount: number;
  errors: CodecError[];
  number: string;
  declaredAmcCents: number;
}

interface OpenLot {
  header: LotHeader;
  invoiceCount: number;
  recordCount: number;
  declaredAmcCents: number;
  errors: CodecError[];
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Streams one B2-family file (B2 établissements, B2 PS, DRE) into whole invoices and lot / file
 * boundaries. Lenient on input (CRLF or LF, missing final newline, trailing blanks, lower case),
 * precise on problems: each is a CodecError with its code, line, column, lot and invoice, and a
 * broken invoice or lot never stops the rest of the file. Memory is bounded by LINE_BYTES_MAX and
 * INVOICE_RECORDS_MAX whatever the input.
 */
export class B2Framer {
  private layout: CompiledLayout;
  private readonly recordLength: number;
  private carry: Buffer = Buffer.alloc(LINE_BYTES_MAX + 2);
  private carryLength = 0;
  private skippingLongLine = false;
  private lineNo = 0;
  /** Bytes of the file consumed so far, and where the line being assembled started. */
  private consumed = 0;
  private lineStart = 0;
  private scratch: Buffer;
  private invoice: OpenInvoice | null = null;
  private lot: OpenLot | null = null;
  private lotIndex = 0;
  /**
   * Lot numbers already opened in this file. A lot number is the lot's identity for the emitter
   * and the ledger (one row per file and lot number), so a file whose lots appear twice (content
   * delivered twice in one file) has its repeats refused here, at reception, as lot errors.
   */
  private readonly lotNumbersSeen = new Set<string>();
  private fileErrors: CodecError[] = [];
  private sawHeader = false;
  private sawTrailer = false;
  private recordsInFile = 0;
  private lotsInFile = 0;
  private invoicesInFile = 0;
  private fileInfo = { profile: '', fileNumber: '', emitterId: '', creationDate: 0 };

  private fileTrailer: { lotCount: number; recordCount: number } | null = null;

  constructor(private readonly options: FramerOptions, private readonly sink: FrameSink) {
    this.layout = options.defaultLayout;
    this.fileInfo.profile = this.layout.profile;
    this.recordLength = this.layout.recordLength;
    this.scratch = Buffer.alloc(this.recordLength * 64);
  }

  /** Feeds the next chunk of the file. Lines may straddle chunks. */
  push(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = indexOfNewline(chunk, pos);
      const end = nl === -1 ? chunk.length : nl;
      const piece = end - pos;
      if (this.skippingLongLine) {
        // Already reported: drop bytes up to the newline.
      } else if (this.carryLength + piece > LINE_BYTES_MAX) {
        this.fileError('TPLIQ_B2_LINE_TOO_LONG', `line longer than ${LINE_BYTES_MAX} bytes skipped`, this.lineNo + 1, 1);
        this.skippingLongLine = true;
        this.carryLength = 0;
      } else if (nl !== -1 && this.carryLength === 0) {
        this.line(chunk, pos, end, true);
      } else {
        this.carry.set(chunk.subarray(pos, end), this.carryLength);
        this.carryLength += piece;
        if (nl !== -1) {
          this.line(this.carry, 0, this.carryLength, true);
          this.carryLength = 0;
        }
      }
      if (nl === -1) {
        this.consumed += chunk.length - pos;
        break;
      }
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNo++;
      }
      this.consumed += nl + 1 - pos;
      this.lineStart = this.consumed;
      pos = nl + 1;
    }
  }

  /** Ends the file: flushes a last line without newline and closes whatever is still open. */
  end(): void {
    if (this.carryLength > 0 && !this.skippingLongLine) this.line(this.carry, 0, this.carryLength, false);
    if (this.skippingLongLine) this.lineNo++;
    this.carryLength = 0;
    if (this.invoice) this.closeInvoice('TPLIQ_B2_INVOICE_UNTERMINATED', 'file ends inside an invoice (no Type 5 trailer)');
    if (this.lot) {
      this.lot.errors.push(this.err('TPLIQ_B2_LOT_UNTERMINATED', 'file ends inside a lot (no lot trailer)', this.lineNo, 1));
      this.closeLot(null);
    }
    if (!this.sawHeader) this.fileError('TPLIQ_B2_FILE_HEADER_MISSING', 'no file header record (type 0)', 1, 1);
    if (!this.sawTrailer) {
      this.fileError('TPLIQ_B2_FILE_TRAILER_MISSING', 'no file trailer record (type 9): file truncated?', this.lineNo, 1);
    } else if (this.fileTrailer) {
      if (this.fileTrailer.lotCount !== this.lotsInFile) {
        this.fileError('TPLIQ_B2_FILE_COUNT_MISMATCH', `file trailer counts ${this.fileTrailer.lotCount} lots, ${this.lotsInFile} read`, this.lineNo, 1);
      }
      if (this.fileTrailer.recordCount !== this.recordsInFile) {
        this.fileError('TPLIQ_B2_FILE_COUNT_MISMATCH', `file trailer counts ${this.fileTrailer.recordCount} records, ${this.recordsInFile} read`, this.lineNo, 1);
      }
    }
    this.sink.fileClosed({
      file: this.options.file,
      ...this.fileInfo,
      lotCount: this.lotsInFile,
      recordCount: this.recordsInFile,
      invoiceCount: this.invoicesInFile,
      bytes: this.consumed,
      lines: this.lineNo,
      errors: this.fileErrors,
    });
  }

  /** One physical line [start, end) of `buf`, newline excluded. */
  private line(buf: Uint8Array, start: number, end: number, terminated: boolean): void {
    this.lineNo++;
    if (end > start && buf[end - 1] === CR) end--;
    // Trailing blanks beyond the record length are tolerated; blank lines are ignored.
    let length = end - start;
    while (length > this.recordLength && buf[start + length - 1] === 0x20) length--;
    if (length === 0 || isBlank(buf, start, length)) return;
    this.recordsInFile++;
    const record = recordTypeAt(this.layout, buf, start);
    if (length !== this.recordLength) {
      const code: CodecErrorCode = terminated ? 'TPLIQ_B2_RECORD_LENGTH' : 'TPLIQ_B2_TRUNCATED_RECORD';
      const message = terminated
        ? `record is ${length} characters, expected ${this.recordLength}`
        : `last record is ${length} characters and has no newline: file truncated`;
      this.badRecord(record, buf, start, length, code, message, Math.min(length, this.recordLength) + 1);
      return;
    }
    if (!record) {
      const typeCode = readText(buf, start + this.layout.discriminatorOffset, this.layout.discriminatorLength);
      this.badRecord(undefined, buf, start, length, 'TPLIQ_B2_UNKNOWN_RECORD_TYPE', `unknown record type "${typeCode}"`, this.layout.discriminatorOffset + 1);
      return;
    }
    this.record(record, buf, start);
  }

  /** A record that cannot be trusted: it breaks the invoice it belongs to, or the lot/file. */
  private badRecord(record: CompiledRecord | undefined, buf: Uint8Array, start: number, length: number, code: CodecErrorCode, message: string, column: number): void {
    const role = record?.role;
    if (this.invoice && (role === undefined || role === 'invoice-supplement' || role === 'invoice-line' || role === 'line-detail' || role === 'invoice-trailer')) {
      this.invoice.errors.push(this.err(code, message, this.lineNo, column));
      this.appendRecord(buf, start, Math.min(length, this.recordLength));
      if (role === 'invoice-trailer') this.closeInvoice();
      return;
    }
    if (role === 'invoice-header' && this.lot) {
      // A broken invoice header still opens an invoice, so that the invoice is accounted for.
      this.openInvoice(buf, start);
      this.invoice!.errors.push(this.err(code, message, this.lineNo, column));
      this.invoice!.recordCount = 0;
      this.appendRecord(buf, start, Math.min(length, this.recordLength));
      return;
    }
    if (this.lot) this.lot.errors.push(this.err(code, message, this.lineNo, column));
    else this.fileError(code, message, this.lineNo, column);
  }

  private record(record: CompiledRecord, buf: Uint8Array, start: number): void {
    switch (record.role) {
      case 'file-header':
        return this.fileHeader(record, buf, start);
      case 'lot-header':
        return this.lotHeader(record, buf, start);
      case 'invoice-header':
        if (!this.lot) return this.fileError('TPLIQ_B2_RECORD_OUTSIDE_LOT', 'invoice outside a lot', this.lineNo, 1);
        this.openInvoice(buf, start);
        return this.appendRecord(buf, start, this.recordLength);
      case 'invoice-supplement':
      case 'invoice-line':
      case 'line-detail':
        if (!this.invoice) return this.outsideInvoice(record);
        return this.appendRecord(buf, start, this.recordLength);
      case 'invoice-trailer':
        if (!this.invoice) return this.outsideInvoice(record);
        this.appendRecord(buf, start, this.recordLength);
        this.invoice.declaredAmcCents = sumDeclaredAmc(record, buf, start);
        return this.closeInvoice();
      case 'lot-trailer':
        return this.lotTrailer(record, buf, start);
      case 'file-trailer':
        return this.fileTrailerRecord(record, buf, start);
      case 'entity':
        return this.fileError('TPLIQ_B2_UNEXPECTED_RECORD', `record ${record.code} is not part of an invoice file`, this.lineNo, 1);
    }
  }

  private outsideInvoice(record: CompiledRecord): void {
    const e = this.err('TPLIQ_B2_UNEXPECTED_RECORD', `record ${record.code} outside an invoice`, this.lineNo, 1);
    if (this.lot) this.lot.errors.push(e);
    else this.fileErrors.push(e);
  }

  private fileHeader(record: CompiledRecord, buf: Uint8Array, start: number): void {
    if (this.sawHeader || this.recordsInFile > 1) {
      this.fileError('TPLIQ_B2_UNEXPECTED_RECORD', 'file header not in first position', this.lineNo, 1);
      return;
    }
    this.sawHeader = true;
    const profile = textField(record, 'profile', buf, start);
    if (profile) {
      const layout = this.options.resolveLayout(profile.toLowerCase());
      if (layout) this.layout = layout;
      else this.fileError('TPLIQ_B2_UNEXPECTED_RECORD', `unknown layout profile "${profile}"; using ${this.layout.profile}`, this.lineNo, fieldColumn(record, 'profile'));
    }
    this.fileInfo = {
      profile: this.layout.profile,
      fileNumber: textField(record, 'fileNumber', buf, start),
      emitterId: textField(record, 'emitterId', buf, start),
      creationDate: dateField(record, 'creationDate', buf, start),
    };
  }

  private lotHeader(record: CompiledRecord, buf: Uint8Array, start: number): void {
    if (this.invoice) this.closeInvoice('TPLIQ_B2_INVOICE_UNTERMINATED', 'lot header inside an invoice (no Type 5 trailer)');
    if (this.lot) {
      this.lot.errors.push(this.err('TPLIQ_B2_LOT_UNTERMINATED', 'next lot starts before this lot\'s trailer', this.lineNo, 1));
      this.closeLot(null);
    }
    this.lot = {
      header: {
        index: this.lotIndex++,
        lotNumber: textField(record, 'lotNumber', buf, start),
        emitterId: textField(record, 'emitterId', buf, start),
        emitterKind: textField(record, 'emitterKind', buf, start),
        receiverId: textField(record, 'receiverId', buf, start),
        constitutionDate: dateField(record, 'constitutionDate', buf, start),
        fileNumber: this.fileInfo.fileNumber,
        line: this.lineNo,
        layout: this.layout,
      },
      invoiceCount: 0,
      recordCount: 0,
      declaredAmcCents: 0,
      errors: [],
    };
    const header = this.lot.header;
    if (header.emitterId === '') {
      this.lot.errors.push(this.err('TPLIQ_B2_UNEXPECTED_RECORD', 'lot header without emitter id', this.lineNo, fieldColumn(record, 'emitterId')));
    } else if (!isPayeeIdFormat(header.emitterId)) {
      // The emitter is the payee of every invoice of the lot and names its NOEMIE return: an id
      // that is not one is not carried further (the invoices name no payee), only reported.
      this.lot.errors.push(this.err('TPLIQ_B2_PAYEE_ID_FORMAT', `lot emitter id ${JSON.stringify(header.emitterId)} is not a PS billing number or FINESS (9 digits)`, this.lineNo, fieldColumn(record, 'emitterId')));
      header.emitterId = '';
    }
    if (this.lotNumbersSeen.has(header.lotNumber)) {
      this.lot.errors.push(this.err('TPLIQ_B2_LOT_REPEATED', `lot ${header.lotNumber} already appeared earlier in this file`, this.lineNo, fieldColumn(record, 'lotNumber')));
    } else {
      this.lotNumbersSeen.add(header.lotNumber);
    }
  }

  private lotTrailer(record: CompiledRecord, buf: Uint8Array, start: number): void {
    if (this.invoice) this.closeInvoice('TPLIQ_B2_INVOICE_UNTERMINATED', 'lot trailer inside an invoice (no Type 5 trailer)');
    if (!this.lot) {
      this.fileError('TPLIQ_B2_UNEXPECTED_RECORD', 'lot trailer without a lot header', this.lineNo, 1);
      return;
    }
    const lot = this.lot;
    // A figure that is not an unsigned number (blank, "-0001", letters) is a lot error of its own,
    // at its column; the trailer then declares nothing the ARL could echo (it would write a
    // negative count), so the lot closes as if it had no readable trailer figures.
    let readable = true;
    const figure = (name: string): number => {
      const value = numberField(record, name, buf, start);
      if (value < 0) {
        readable = false;
        const f = field(record, name);
        const shown = f ? JSON.stringify(readText(buf, start + f.offset, f.length)) : 'absent';
        lot.errors.push(this.err('TPLIQ_B2_BAD_NUMBER', `lot trailer ${name} is not a number: ${shown}`, this.lineNo, fieldColumn(record, name)));
      }
      return value;
    };
    const trailer = {
      invoiceCount: figure('invoiceCount'),
      recordCount: figure('recordCount'),
      totalAmcCents: figure('totalAmcDeclared'),
    };
    if (trailer.invoiceCount >= 0 && trailer.invoiceCount !== lot.invoiceCount) {
      lot.errors.push(this.err('TPLIQ_B2_LOT_COUNT_MISMATCH', `lot trailer counts ${trailer.invoiceCount} invoices, ${lot.invoiceCount} read`, this.lineNo, fieldColumn(record, 'invoiceCount')));
    }
    if (trailer.recordCount >= 0 && trailer.recordCount !== lot.recordCount) {
      lot.errors.push(this.err('TPLIQ_B2_LOT_COUNT_MISMATCH', `lot trailer counts ${trailer.recordCount} records, ${lot.recordCount} read`, this.lineNo, fieldColumn(record, 'recordCount')));
    }
    if (trailer.totalAmcCents >= 0 && trailer.totalAmcCents !== lot.declaredAmcCents) {
      lot.errors.push(this.err('TPLIQ_B2_LOT_TOTAL_MISMATCH', `lot trailer total AMC ${trailer.totalAmcCents} cents, invoices declare ${lot.declaredAmcCents}`, this.lineNo, fieldColumn(record, 'totalAmcDeclared')));
    }
    const lotNumber = textField(record, 'lotNumber', buf, start);
    if (lotNumber !== lot.header.lotNumber) {
      lot.errors.push(this.err('TPLIQ_B2_LOT_COUNT_MISMATCH', `lot trailer names lot ${lotNumber}, header ${lot.header.lotNumber}`, this.lineNo, fieldColumn(record, 'lotNumber')));
    }
    this.closeLot(readable ? trailer : null);
  }

  private fileTrailerRecord(record: CompiledRecord, buf: Uint8Array, start: number): void {
    if (this.invoice) this.closeInvoice('TPLIQ_B2_INVOICE_UNTERMINATED', 'file trailer inside an invoice');
    if (this.lot) {
      this.lot.errors.push(this.err('TPLIQ_B2_LOT_UNTERMINATED', 'file trailer before this lot\'s trailer', this.lineNo, 1));
      this.closeLot(null);
    }
    this.sawTrailer = true;
    this.fileTrailer = {
      lotCount: numberField(record, 'lotCount', buf, start),
      recordCount: numberField(record, 'recordCount', buf, start),
    };
  }

  private openInvoice(buf: Uint8Array, start: number): void {
    if (this.invoice) this.closeInvoice('TPLIQ_B2_INVOICE_UNTERMINATED', 'next invoice starts before this invoice\'s Type 5 trailer');
    const header = recordTypeAt(this.layout, buf, start);
    this.invoice = {
      line: this.lineNo,
      byteOffset: this.lineStart,
      recordCount: 0,
      errors: [],
      number: header ? textField(header, 'invoiceNumber', buf, start) : '',
      declaredAmcCents: 0,
    };
  }

  private appendRecord(buf: Uint8Array, start: number, length: number): void {
    const inv = this.invoice!;
    if (inv.recordCount >= INVOICE_RECORDS_MAX) {
      if (inv.recordCount === INVOICE_RECORDS_MAX) inv.errors.push(this.err('TPLIQ_B2_UNEXPECTED_RECORD', `invoice has more than ${INVOICE_RECORDS_MAX} records; the rest are ignored`, this.lineNo, 1));
      return;
    }
    const at = inv.recordCount * this.recordLength;
    if (at + this.recordLength > this.scratch.length) {
      const bigger = Buffer.alloc(this.scratch.length * 2);
      this.scratch.copy(bigger, 0, 0, at);
      this.scratch = bigger;
    }
    this.scratch.set(buf.subarray(start, start + length), at);
    if (length < this.recordLength) this.scratch.fill(0x20, at + length, at + this.recordLength);
    inv.recordCount++;
  }

  private closeInvoice(code?: CodecErrorCode, message?: string): void {
    const inv = this.invoice!;
    this.invoice = null;
    if (code && message) inv.errors.push(this.err(code, message, this.lineNo, 1, inv.number));
    for (const e of inv.errors) e.invoice = inv.number;
    const lot = this.lot!;
    lot.invoiceCount++;
    lot.recordCount += inv.recordCount;
    lot.declaredAmcCents += inv.declaredAmcCents;
    this.invoicesInFile++;
    this.sink.invoice({
      bytes: this.scratch.subarray(0, inv.recordCount * this.recordLength),
      recordCount: inv.recordCount,
      line: inv.line,
      byteOffset: inv.byteOffset,
      lot: lot.header,
      errors: inv.errors,
    });
  }

  private closeLot(trailer: { invoiceCount: number; recordCount: number; totalAmcCents: number } | null): void {
    const lot = this.lot!;
    this.lot = null;
    this.lotsInFile++;
    for (const e of lot.errors) e.lot = lot.header.lotNumber;
    this.sink.lotClosed({ lot: lot.header, invoiceCount: lot.invoiceCount, recordCount: lot.recordCount, declaredAmcCents: lot.declaredAmcCents, errors: lot.errors, trailer });
  }

  private err(code: CodecErrorCode, message: string, line: number, column: number, invoice?: string): CodecError {
    return codecError(code, message, {
      file: this.options.file,
      line,
      column,
      ...(this.lot ? { lot: this.lot.header.lotNumber } : {}),
      ...(invoice ?? this.invoice?.number ? { invoice: invoice ?? this.invoice?.number } : {}),
    });
  }

  private fileError(code: CodecErrorCode, message: string, line: number, column: number): void {
    this.fileErrors.push(codecError(code, message, { file: this.options.file, line, column }));
  }
}

function indexOfNewline(chunk: Uint8Array, from: number): number {
  return Buffer.prototype.indexOf.call(chunk, NL, from) as number;
}

function field(record: CompiledRecord, name: string): CompiledField | undefined {
  return record.byName.get(name);
}

function fieldColumn(record: CompiledRecord, name: string): number {
  return (field(record, name)?.offset ?? 0) + 1;
}

function textField(record: CompiledRecord, name: string, buf: Uint8Array, start: number): string {
  const f = field(record, name);
  return f ? readText(buf, start + f.offset, f.length).trim() : '';
}

function numberField(record: CompiledRecord, name: string, buf: Uint8Array, start: number): number {
  const f = field(record, name);
  return f ? readUnsigned(buf, start + f.offset, f.length) : -1;
}

function dateField(record: CompiledRecord, name: string, buf: Uint8Array, start: number): number {
  const f = field(record, name);
  if (!f) return 0;
  const d = readDate(buf, start + f.offset, f);
  return d < 0 ? 0 : d;
}

/** Σ of the invoice trailer's totals that sum the lines' declared AMC (Type 5 cols 82 + 90). */
function sumDeclaredAmc(record: CompiledRecord, buf: Uint8Array, start: number): number {
  let total = 0;
  for (const f of record.fields) {
    if (f.sums?.field !== 'amcDeclared') continue;
    const v = readUnsigned(buf, start + f.offset, f.length);
    if (v > 0) total += v;
  }
  return total;
}
