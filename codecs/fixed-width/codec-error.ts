/**
 * Every problem a codec can meet in an input file, as data: a stable code an operator can grep
 * for, a French-free technical message, and where it happened. Codecs never throw these on bad
 * input; they return them so that one broken record costs one invoice, not the run.
 */
export type CodecErrorCode =
  | 'TPLIQ_LAYOUT_INVALID'
  | 'TPLIQ_B2_RECORD_LENGTH'
  | 'TPLIQ_B2_TRUNCATED_RECORD'
  | 'TPLIQ_B2_UNKNOWN_RECORD_TYPE'
  | 'TPLIQ_B2_BAD_NUMBER'
  | 'TPLIQ_B2_BAD_DATE'
  | 'TPLIQ_B2_BAD_CHARACTER'
  | 'TPLIQ_B2_BAD_CODE'
  | 'TPLIQ_B2_UNEXPECTED_RECORD'
  | 'TPLIQ_B2_INVOICE_UNTERMINATED'
  | 'TPLIQ_B2_TOTAL_MISMATCH'
  | 'TPLIQ_B2_LOT_UNTERMINATED'
  | 'TPLIQ_B2_LOT_COUNT_MISMATCH'
  | 'TPLIQ_B2_LOT_TOTAL_MISMATCH'
  | 'TPLIQ_B2_FILE_HEADER_MISSING'
  | 'TPLIQ_B2_FILE_TRAILER_MISSING'
  | 'TPLIQ_B2_FILE_COUNT_MISMATCH'
  | 'TPLIQ_B2_RECORD_OUTSIDE_LOT'
  | 'TPLIQ_B2_LINE_TOO_LONG'
  | 'TPLIQ_B2_LOT_REPEATED'
  | 'TPLIQ_B2_PAYEE_ID_FORMAT'
  | 'TPLIQ_PAPER_CSV_SYNTAX'
  | 'TPLIQ_PAPER_CSV_HEADER'
  | 'TPLIQ_PAPER_VALUE_TOO_LONG'
  | 'TPLIQ_ENCODE_OVERFLOW'
  | 'TPLIQ_ENCODE_BAD_VALUE'
  | 'TPLIQ_NOEMIE_COUNT_MISMATCH'
  | 'TPLIQ_NOEMIE_TOTAL_MISMATCH'
  | 'TPLIQ_NOEMIE_STRUCTURE'
  | 'TPLIQ_NOEMIE_ACT_AMC_MISMATCH'
  | 'TPLIQ_NOEMIE_ACT_AMO_MISMATCH'
  | 'TPLIQ_ARL_HEADER_MISSING'
  | 'TPLIQ_ARL_STRUCTURE'
  | 'TPLIQ_ARL_COUNT_MISMATCH'
  | 'TPLIQ_ARL_TOTAL_MISMATCH'
  | 'TPLIQ_ARL_STATUS_INCONSISTENT'
  | 'TPLIQ_SEPA_UNREADABLE'
  | 'TPLIQ_SEPA_COUNT_MISMATCH'
  | 'TPLIQ_SEPA_TOTAL_MISMATCH'
  | 'TPLIQ_SEPA_AMOUNT_RANGE'
  | 'TPLIQ_SEPA_IBAN'
  | 'TPLIQ_SEPA_BIC'
  | 'TPLIQ_SEPA_CHARACTER_SET'
  | 'TPLIQ_SEPA_TEXT_LENGTH'
  | 'TPLIQ_SEPA_IDENTIFIER'
  | 'TPLIQ_SEPA_EXECUTION_DATE'
  | 'TPLIQ_VALIDATE_UNKNOWN_FORMAT';

export interface CodecLocation {
  file?: string;
  /** 1-based line number in the file. */
  line?: number;
  /** 1-based column of the first offending character. */
  column?: number;
  lot?: string;
  invoice?: string;
  recordType?: string;
  field?: string;
}

export interface CodecError extends CodecLocation {
  code: CodecErrorCode;
  message: string;
}

export function codecError(code: CodecErrorCode, message: string, where: CodecLocation = {}): CodecError {
  return { code, message, ...where };
}

/** One-line human form: `TPLIQ_B2_BAD_DATE inbox/a.b2:12:44 lot 001 invoice 000000123: …`. */
export function formatCodecError(e: CodecError): string {
  const place = [e.file ?? '', e.line ?? '', e.column ?? ''].filter((p) => p !== '').join(':');
  const lot = e.lot ? ` lot ${e.lot}` : '';
  const inv = e.invoice ? ` invoice ${e.invoice}` : '';
  return `${e.code} ${place}${lot}${inv}: ${e.message}`;
}

/** Thrown only for programmer errors and for encode() misuse: the caller asked for an impossible record. */
export class CodecFault extends Error {
  constructor(readonly detail: CodecError) {
    super(formatCodecError(detail));
    this.name = 'CodecFault';
  }
}
