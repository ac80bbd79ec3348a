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

/** The orders a profile gets when it names none: the synthetic B2 examples of formats.md §2.2, and ISO's century-first. */
export const DEFAULT_DATE_ORDER_6: DateOrder = 'JJMMAA';
export const DEFAULT_DATE_ORDER_8: DateOrder = 'SSAAMMJJ';
export const DATE_ORDERS_6: readonly DateOrder[] = ['JJMMAA', 'AAMMJJ'];
export const DATE_ORDERS_8: readonly DateOrder[] = ['SSAAMMJJ', 'JJMMSSAA'];

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
  /**
   * Years below the pivot are 20yy, others 19yy, for 6-digit dates (default: profile's). A birth
   * date inside an invoice does not use it (see `birth`); it is only the fallback when there is no
   * date of care to count from (an invoice without a valid act date, a record inspected alone).
   */
  centuryPivot?: number;
  /**
   * This date is a date of birth. "Lunar" dates (day or month 00, rules.md §5) are then valid, and
   * a 6-digit one takes its century from the date of care — the invoice's earliest act date: the
   * latest century that does not put the birth after the care (born 02/01/27, cared for on
   * 05/01/2027 → 2027). No fixed pivot can do that: any pivot turns some newborn or some
   * centenarian into the other. Default false.
   */
  birth?: boolean;
  /** This field's order when it differs from the profile's dateOrder6 / dateOrder8 (formats.md B5: the AT date is AAMMJJ). */
  dateOrder?: DateOrder;
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
  /**
   * Order of the 6-digit dates (D6): 'JJMMAA' or 'AAMMJJ'. formats.md B5: the B2 order is not
   * public, so it is a property of the profile, never guessed from the digits. A date that is not a
   * day under this order (month 13, 31 April…) is a TPLIQ_B2_BAD_DATE at its file, line and
   * column, never read as another date. Default DEFAULT_DATE_ORDER_6.
   */
  dateOrder6?: DateOrder;
  /** Order of the 8-digit dates (D8): 'SSAAMMJJ' or 'JJMMSSAA'. Default DEFAULT_DATE_ORDER_8. */
  dateOrder8?: DateOrder;
  centuryPivot: number;
  /** NOEMIE's "délimiteur d'entité": written after each record, stripped on read when present. */
  recordDelimiter?: string;
  records: Record<string, RecordSpec>;
}
