import type { RawEntity } from '../fixed-width/entity-file.js';

/**
 * The content of an ARL (accusé de réception logique) as tpliq models it: one per received lot
 * (formats.md §5, placeholder model [R]). Positive: the lot conforms and responsibility for its
 * invoices passes to the operator; negative: it does not and must be sent again (A1, A3), with
 * every error found at reception. Amounts are integer cents, dates yyyymmdd integers.
 */

/** P positif, N négatif. */
export type ArlStatus = 'P' | 'N';

/** What an error condemns: the whole file, the lot, or one invoice. */
export type ArlErrorLevel = 'file' | 'lot' | 'invoice';

export interface ArlError {
  level: ArlErrorLevel;
  /** tpliq's stable code (TPLIQ_…). */
  code: string;
  /** N° de facture (9 digits) for an invoice-level error, '' otherwise. */
  invoiceNumber: string;
  /** Line of the received file where the error is, null when it is tied to none. */
  line: number | null;
  /** Label in clear, ≤ 70 characters once transliterated. */
  label: string;
}

/** What was read in the lot, next to what its trailer declared (formats.md §7.5: reconcile them). */
export interface ArlCounts {
  invoicesReceived: number;
  /** Structurally valid invoices, taken on for liquidation. */
  invoicesAccepted: number;
  /** Sum of the AMC totals of the invoices received. */
  receivedAmountCents: number;
  /** From the lot trailer; null when the trailer is missing. */
  declaredInvoices: number | null;
  declaredAmountCents: number | null;
}

export interface ArlInput {
  /** Émetteur of the lot: n° de facturation PS or FINESS, as in the B2 lot header. */
  emitterId: string;
  /** N° de lot, exactly 3 digits as in the B2 lot header. */
  lotNumber: string;
  /** N° de fichier, exactly 5 digits as in the B2 file header. */
  fileNumber: string;
  constitutionDate: number;
  /** Receiving organisation (the operator). */
  receiverId: string;
  receptionDate: number;
  status: ArlStatus;
  counts: ArlCounts;
  /** Empty for a positive ARL, at least one for a negative one. */
  errors: ArlError[];
}

/** What the reader returns. The status is kept as read, so that a foreign letter can be reported. */
export interface ArlFile extends Omit<ArlInput, 'status'> {
  status: string;
  /** Unknown entities, kept as read. */
  unmodelled: RawEntity[];
}
