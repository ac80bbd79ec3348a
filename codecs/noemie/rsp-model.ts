import type { RawEntity } from '../fixed-width/entity-file.js';

/**
 * The content of a NOEMIE RSP 580 return as tpliq models it: what the writer takes and what the
 * reader gives back (rules.md P7, P13: every invoice processed on the liquidation day for one
 * practitioner, for all AMCs, with the global transfer that pays them). Codecs do not import the
 * engine's branded types, so amounts are plain integer cents and dates plain yyyymmdd integers;
 * the names carry the units.
 *
 * Text comes back as it is on the wire: uppercase ASCII without accents, trailing blanks dropped.
 */

export type RspInvoiceStatus = 'P' | 'R';

/** A rejection motive (status R) or a signalement (status P), with its label in clear (P7). */
export interface RspMotive {
  /** NOEMIE motive code (≤ 5 characters; tpliq's 4-character placeholders, see motive.ts). */
  code: string;
  /**
   * Label in clear, transliterated, blanks collapsed: the writer cuts it between words over the
   * 080 and as many 081 continuations as it needs (label-parts.ts), and the reader joins them.
   */
  label: string;
}

export interface RspInvoice {
  /** N° de facture, exactly 9 digits. */
  invoiceNumber: string;
  /** NIR of the beneficiary (13 characters) and its 2-digit key. */
  nir: string;
  nirKey: string;
  /** Rang du bénéficiaire. */
  rank: number;
  /** Date of care, yyyymmdd. */
  careDate: number;
  /** Montant facturé: the declared AMC total the practitioner claimed. */
  claimedCents: number;
  /**
   * The AMO part the invoice declares (montant payé AMO of the 060, protocol P8: the RO part is a
   * mandatory total of the invoice); absent = the zone is blank.
   */
  amoCents?: number;
  /** What the AMC pays; 0 for a rejected invoice (P6: paid or rejected whole). */
  paidCents: number;
  status: RspInvoiceStatus;
  /** At least one for a rejected invoice; for a paid one, signalements. */
  motives: RspMotive[];
  /** N° du lot the invoice came in, exactly 3 digits. */
  lot: string;
  /**
   * The date of that lot (yyyymmdd) from its header, the 050's send date; absent = blank (paper has
   * no lot). Invoices of one lot number and date are written under one 050.
   */
  lotSendDate?: number;
  /** Nature d'assurance, 2 digits as the invoice carries it; absent = the 060's zone is blank. */
  natureAssurance?: string;
  /** An accepted rectificative (R) or annulation (A): the care it regularises (entity 065). */
  regularisation?: RspRegularisation;
  /** An AMO fund's C2S claim paid with the L. 861-3 increase (entity 067); included in `paidCents`. */
  c2sIncrease?: RspC2sIncrease;
  /** The invoice's act lines (entities 070), in line order; absent or empty: none written. */
  acts?: RspAct[];
}

/**
 * One act line of an invoice (entity 070, rules.md P8). The AMC amount is what the AMC pays for
 * the line on a paid invoice (the 070s of a paid 060 add up to its paid amount less a C2S increase
 * (067), or to its 065's new amount for a regularisation), and what the practitioner declared for it on a rejected one.
 */
export interface RspAct {
  actCode: string;
  /** yyyymmdd; 0 = the zone is blank (the line had no valid date). */
  actDate: number;
  quantity: number;
  coefficientHundredths: number;
  baseCents: number;
  amoCents: number;
  amcCents: number;
}

export interface RspC2sIncrease {
  /** The 10 % the claim is paid on top of its complementary part (in the 060's paid amount). */
  increaseCents: number;
  /** The claim's due date (D. 861-6), yyyymmdd; 0 = blank. */
  dueDate: number;
}

export interface RspRegularisation {
  nature: 'R' | 'A';
  /** The invoice named, 9 digits. */
  rectifiedInvoice: string;
  previousCents: number;
  newCents: number;
  /** newCents − previousCents: a complement (> 0, paid in this file) or an indu (< 0). */
  deltaCents: number;
}

/** Part of a debt of the practitioner to the mandant, recovered from this file's transfer (entity 085). */
export interface RspOffset {
  /** The rectificative or annulation that created the debt, and the original invoice; 9 digits each. */
  debtInvoice: string;
  originalInvoice: string;
  /** yyyymmdd. */
  debtDate: number;
  offsetCents: number;
  remainingCents: number;
}

/** The invoices processed for one mandating AMC. */
export interface RspGroup {
  amcNumber: string;
  amcName: string;
  invoices: RspInvoice[];
  /** Debts to this mandant recovered from its share of the transfer; absent or empty when none. */
  offsets?: RspOffset[];
}

export interface RspTransfer {
  /** SEPA end-to-end id of the global transfer (≤ 35). */
  reference: string;
  /** Execution date, yyyymmdd. */
  paymentDate: number;
  /** The whole transfer: the sum of the invoices paid in the file (P13), less the offsets it carries. */
  amountCents: number;
}

export interface RspInput {
  /** N° de fichier, 0 … 99 999. */
  fileNumber: number;
  /** yyyymmdd, from the run parameters. */
  creationDate: number;
  /** Operator identifier (émetteur). */
  emitter: string;
  practitioner: { billingId: string; name: string };
  /** Date de la journée comptable, yyyymmdd. */
  accountingDate: number;
  /** null when nothing is paid in the file. */
  transfer: RspTransfer | null;
  /** One per mandating AMC, in the order given; at least one. */
  groups: RspGroup[];
}

/** What the reader returns: the model, the référence read and the entities it could not place. */
export interface RspFile extends RspInput {
  /** Référence NOEMIE from entity 000 ('00580'); '' when the header is missing. */
  reference: string;
  /** Unknown entities and known ones the model has no place for (an orphaned 070, 080 or 081…), in file order. */
  unmodelled: RawEntity[];
}
