/**
 * The declarative description of a fixed-width format (B2, DRE, NOEMIE, ARL), as stored in the
 * JSON profile files under codecs/layouts/. Official specifications are vendor-only, so positions
 * are data an operator can replace, each field tagged with where its position comes from.
 */

/**
 * N: unsigned integer, zero-padded, right-aligned (≤ 15 digits so it fits a double exactly).
 * DIGITS: an identifier made of digits, kept as a string (leading zeros matter: invoice numbers).
 * A: text, left-aligned, blank-padded, uppercase ASCII on output.
 * D6 / D8: dates (order per profile), decoded to yyyymmdd; blank → 0.
 * AMT: unsigned amount in cents with implied decimals ("5+2"); blank → 0 only if the field is optional.
 * SAMT: signed amount in cents, digits followed by a sign character '+' or '-'.
 * FILLER: kept byte for byte so that encode(decode(line)) === line.
 */
export type FieldKind = 'N' | 'DIGITS' | 'A' | 'D6' | 'D8' | 'AMT' | 'SAMT' | 'FILLER';

/** Provenance, as in docs/formats.md: public Source, Derived, common Knowledge, Reconstructed. */
export type Provenance = 'S' | 'D' | 'K' | 'R';

export type DateOrder = 'AAMMJJ' | 'JJMMAA' | 'SSAAMMJJ' | 'JJMMSSAA';

export interface FieldSpec {
  name: string;
  /** 1-based first column. */
  start: number;
  length: number;
  kind: FieldKind;
  source: Provenance;
  /** Implied decimals for AMT / SAMT (default 2; 0 for whole euros is not used). */
  decimals?: number;
  /** Fixed value (record type code): checked on decode, written on encode. */
  const?: string;
  /** Years below the pivot are 20yy, others 19yy, for 6-digit dates (default: profile's). */
  centuryPivot?: number;
  /** A blank numeric/date/amount zone is accepted and decodes to null. */
  optional?: boolean;
  /**
   * For trailer totals: this field must equal the sum of `field` over the invoice's records of
   * the listed types (Type 5 checks of formats.md §2.2).
   */
  sums?: { field: string; records: string[] };
  note?: string;
}

/** What a record type is for in an invoice file; drives the framer and the invoice mapper. */
export type RecordRole =
  | 'file-header'
  | 'lot-header'
  | 'invoice-header'
  | 'invoice-supplement'
  | 'invoice-line'
  | 'line-detail'
  | 'invoice-trailer'
  | 'lot-trailer'
  | 'file-trailer'
  | 'entity';

export interface RecordSpec {
  role: RecordRole;
  description: string;
  /** Record length when it differs from the profile's (NOEMIE entities vary in length). */
  length?: number;
  fields: FieldSpec[];
}

export interface LayoutSpec {
  profile: string;
  version: string;
  description: string;
  /** Files whose records are merged in (e.g. the B2 envelope), relative to this file. */
  include?: string[];
  recordLength: number;
  /** Where the record type code sits (1-based); the code is compared with trailing blanks removed. */
  discriminator: { start: number; length: number };
  dateOrder6: DateOrder;
  dateOrder8: DateOrder;
  centuryPivot: number;
  /** NOEMIE's "délimiteur d'entité": written after each record, stripped on read when present. */
  recordDelimiter?: string;
  records: Record<string, RecordSpec>;
}
