import type { CodecError } from '../fixed-width/codec-error.js';
import type { CompiledLayout } from '../fixed-width/compiled-layout.js';

/**
 * What the framer hands on: whole invoices as raw records (each exactly the record length, CR/LF
 * and trailing blanks removed) with where they came from, and lot / file boundaries with the
 * envelope checks. Framing never decodes invoice content: that is the workers' job.
 */
export interface InvoiceFrame {
  /** The invoice's records, concatenated, `recordCount × recordLength` bytes (a reused scratch view: copy it). */
  bytes: Uint8Array;
  recordCount: number;
  /** 1-based line and byte offset of the invoice's first record. */
  line: number;
  byteOffset: number;
  lot: LotHeader;
  /** Framing problems of this invoice (unknown record type, wrong length, unterminated…). */
  errors: CodecError[];
}

export interface LotHeader {
  /** Order of the lot in its file, from 0. */
  index: number;
  lotNumber: string;
  /** Payee of every invoice of the lot: PS billing number or FINESS. */
  emitterId: string;
  emitterKind: string;
  receiverId: string;
  constitutionDate: number;
  /** N° de fichier from the file header ('' when the file has none): the ARL names it. */
  fileNumber: string;
  line: number;
  layout: CompiledLayout;
}

export interface LotClose {
  lot: LotHeader;
  invoiceCount: number;
  recordCount: number;
  /** Σ of the declared AMC totals of the lot's invoice trailers, in cents. */
  declaredAmcCents: number;
  /** Envelope problems: a non-empty list makes the lot's ARL negative and rejects its invoices. */
  errors: CodecError[];
  /** The trailer's own figures, when there was one. */
  trailer: { invoiceCount: number; recordCount: number; totalAmcCents: number } | null;
}

export interface FileClose {
  file: string;
  profile: string;
  fileNumber: string;
  emitterId: string;
  creationDate: number;
  lotCount: number;
  recordCount: number;
  invoiceCount: number;
  bytes: number;
  lines: number;
  /** File-level problems (header/trailer missing or inconsistent, records outside a lot…). */
  errors: CodecError[];
}

export interface FrameSink {
  invoice(frame: InvoiceFrame): void;
  lotClosed(close: LotClose): void;
  fileClosed(close: FileClose): void;
}
