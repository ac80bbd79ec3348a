import type { C2sClaim } from './c2s-claim.js';
import type { Cents, DateYmd } from './units.js';

/**
 * The normalised invoice every channel (B2 établissements, B2 PS, DRE, paper) is mapped to before
 * the rules see it. The rules never know which file format an invoice came from. C2S is a fund's
 * claim for care it paid the practitioner (c2s-claim.ts): the fund is the payee.
 */
export type Channel = 'B2_ETAB' | 'B2_PS' | 'DRE' | 'PAPER' | 'C2S';

/** How the invoice was secured (seed 004): a SESAM "dégradé" invoice carries no payment guarantee. */
export type SecuringMode = 'VITALE' | 'DEGRADE' | 'PAPER' | 'ETABLISSEMENT';

/** DRE "nature d'opération" (formats.md E4); B2 invoices are always INITIALE. */
export type OperationNature = 'INITIALE' | 'ANNULATION' | 'RECTIFICATIVE';

/** Where an invoice sits in the inbox: enough for an operator to open the file at the right byte. */
export interface InvoiceLocation {
  /** File name relative to the inbox. */
  file: string;
  /** 1-based line of the invoice's first record. */
  line: number;
  /** Byte offset of the invoice's first record in the file. */
  byteOffset: number;
  /** Lot number as read from the lot header ('' for paper). */
  lot: string;
}

export interface InvoiceLine {
  /** 1-based position of the line inside the invoice. */
  lineNo: number;
  actDate: DateYmd;
  /** Code prestation, left-aligned B2 letter key (G, C, AMI, PH7…) trimmed; CCAM/LPP codes as read. */
  actCode: string;
  quantity: number;
  /** Coefficient × 100 (B2 "3+2" or "4+2": 1.00 → 100). */
  coefficientHundredths: number;
  unitPriceCents: Cents;
  /** Base de remboursement (BR / TR). */
  baseCents: Cents;
  /** AMO rate in whole percent as carried by B2 (070 → 70). */
  amoRatePercent: number;
  /** Gross AMO amount as received (before PF / franchises). */
  amoCents: Cents;
  /** Frais réels: the amount billed for the line, dépassement included. */
  feeCents: Cents;
  /** The AMC amount the practitioner declared for the line (facture subrogatoire). */
  amcDeclaredCents: Cents;
  /** Justification d'exonération du TM, one character, ' ' when none. */
  exoCode: string;
}

export interface Invoice {
  /** Global order of the invoice in the run: (file index, byte offset) flattened. Commit order. */
  sequence: number;
  channel: Channel;
  location: InvoiceLocation;
  /** Payee: n° de facturation PS (8 digits + Luhn key) or FINESS (9), from the lot header. */
  practitionerId: string;
  /** N° de facture, 9 digits. */
  invoiceNumber: string;
  nature: OperationNature;
  securingMode: SecuringMode;
  /** For a duplicata (seed 004, R. 161-47): the FSE number it replaces, else ''. */
  duplicataOf: string;
  /** For a DRE annulation / rectificative: the invoice number it refers to, else ''. */
  refersTo: string;
  /** N° AMC, 10 digits right-aligned zero-filled as in B2 Type 2 col 119. */
  amcNumber: string;
  /** N° d'adhérent when the channel carries it ('' otherwise). */
  memberNumber: string;
  /** NIR (13) and key (2) of the beneficiary. */
  nir: string;
  nirKey: string;
  birthDate: DateYmd;
  /**
   * True when birthDate came from six digits (hospital B2), its century inferred as the latest not
   * after the date of care: the same six digits a century earlier are the same birth to the
   * beneficiary check (a centenarian). Absent or false: the date carried its century.
   */
  birthCenturyInferred?: boolean;
  birthRank: number;
  /** Date the RO invoice was sent (FSE) — the start of the 3-month window; 0 when not applicable. */
  roSentDate: DateYmd;
  /** Hors parcours de soins coordonnés (majoration not payable by a contrat responsable). */
  horsParcours: boolean;
  /**
   * Nature d'assurance (maladie 10 or 13, maternité 30, AT/MP 41, 90…; formats.md B14), the 2
   * characters as read; absent when the format has no such zone (DRE, paper) or the zone is blank.
   * The NOEMIE 060 writes it; 41 makes the hospital B2's accident reference due (R. 161-42 4°).
   */
  natureAssurance?: string;
  /** Prise en charge number for optique / dentaire, '' when none. */
  pecNumber: string;
  /**
   * The accident's identification (R. 161-42 4°): the hospital B2 "n° ou date de l'AT" as read,
   * trimmed, '' when blank or zeros; absent when the format has no such rubric.
   */
  accidentReference?: string;
  /**
   * Référence de l'accord préalable (R. 161-42 6°) as read, trimmed, '' when blank; absent when
   * the format has no such rubric (hospital B2). B2 PS and DRE carry it in a zone placed [R].
   */
  accordPrealableReference?: string;
  /** Totals declared on the invoice (Type 5 or equivalent). */
  declaredFeeCents: Cents;
  declaredAmoCents: Cents;
  declaredAmcCents: Cents;
  lines: InvoiceLine[];
  /** Only on the C2S channel: what dates the fund's claim (its payee is the fund, not the practitioner). */
  c2s?: C2sClaim;
}
