import type { Cents, DateYmd, RatePpm } from './units.js';

/** Annexe A of the protocol: the complementary insurers the operator pays for. */
export interface Amc {
  amcNumber: string;
  name: string;
}

export type PractitionerChannel = 'EDI' | 'PAPER' | 'BOTH';

export interface Practitioner {
  /**
   * 9 characters: AM billing number (8 + Luhn key) or FINESS (9, Luhn); for a CAISSE, the AMO
   * fund's code (régime 2 + caisse 3 + centre 4), paid for its C2S claims (domain/c2s-claim.ts).
   */
  billingId: string;
  kind: 'PS' | 'ETABLISSEMENT' | 'CAISSE';
  name: string;
  address: string;
  iban: string;
  bic: string;
  /** '' when the practitioner has no e-mail address (monthly summary instead of daily mail). */
  email: string;
  optam: boolean;
  /** Code spécialité, 2 digits (formats.md §6.5). */
  specialty: string;
  channel: PractitionerChannel;
  conventionFrom: DateYmd;
  /** 99991231 when open-ended. */
  conventionTo: DateYmd;
}

export interface Period {
  from: DateYmd;
  /** Inclusive. 99991231 when open-ended. */
  to: DateYmd;
}

/** One beneficiary on one tiers-payant card. */
export interface Beneficiary {
  amcNumber: string;
  memberNumber: string;
  nir: string;
  nirKey: string;
  birthDate: DateYmd;
  birthRank: number;
  /** Validity of the card the beneficiary is printed on. */
  card: Period;
  /** Effective-dated complementary rights periods. */
  rights: Period[];
  /** Contract code; guarantees are looked up by (contract, domain). */
  contract: string;
  c2s: boolean;
  /** Vitale card opposition date (C2S guarantee lost from that day), 0 when none. */
  vitaleOppositionDate: DateYmd;
}

/**
 * How a guarantee is expressed (rules.md §2.2, operator formula codes in comments).
 * TM: rate × (BR − AMO) (STS052/053); BR_INCL_AMO: rate × BR − AMO (STS02A);
 * BR_EXCL_AMO: rate × BR, AMO not deducted (STS021/020); FR: rate × (FR − AMO) (STS010/DE00001);
 * UNIT: amount per unit × quantity; FORFAIT: amount per act; PEC: FR − AMO within the PEC granted;
 * NOT_COVERED: the domain is not on the card;
 * EQUIPMENT_FORFAIT: an amount per equipment **Sécu incluse** ("forfait 300 € par équipement,
 * remboursement Sécu inclus", rules.md §2.6): the lines of the invoice under this guarantee share
 * amount − Σ their AMO, each line within its own FR − AMO (engine/liquidate/equipment-forfait.ts).
 */
export type Formula =
  | 'TM'
  | 'BR_INCL_AMO'
  | 'BR_EXCL_AMO'
  | 'FR'
  | 'UNIT'
  | 'FORFAIT'
  | 'PEC'
  | 'NOT_COVERED'
  | 'EQUIPMENT_FORFAIT';

export interface Guarantee {
  contract: string;
  /** Domain code (rules.md §3.4): MEDG, MEDS, PHNO, OPTI… */
  domain: string;
  formula: Formula;
  /** Exact rate for percentage formulas, as parsed from its decimal string. */
  rate: RatePpm;
  /** Amount for UNIT / FORFAIT / EQUIPMENT_FORFAIT formulas. */
  amountCents: Cents;
  pecRequired: boolean;
  /**
   * Contrat responsable: no hors-parcours majoration, OPTAM caps on dépassements, 100 % Santé and
   * equipment maxima (rules.md §2.4–2.8).
   */
  responsable: boolean;
  validity: Period;
}

/** How the period of a ceiling is counted (limits.csv, rules.md §2.9). */
export type LimitPeriod = 'CALENDAR_YEAR' | 'MEMBERSHIP_YEAR' | 'ROLLING_YEARS';

/**
 * A ceiling on what a guarantee pays one beneficiary per period (rules.md §2.9): an amount, a
 * number of acts, or both. Guarantees of a contract naming one `limitId` share its counter.
 */
export interface GuaranteeLimit {
  contract: string;
  domain: string;
  limitId: string;
  /** 0 when there is no amount ceiling. */
  amountCents: Cents;
  /** 0 when there is no count ceiling. */
  count: number;
  period: LimitPeriod;
  /** ROLLING_YEARS: the number of years; 0 otherwise. */
  years: number;
  validity: Period;
}

export interface Pec {
  pecNumber: string;
  amcNumber: string;
  nir: string;
  practitionerId: string;
  domain: string;
  grantedCents: Cents;
  validity: Period;
}

/** act code → domain (the default table ships as engine/referential/act-domains.csv). */
export interface ActDomain {
  actCode: string;
  domain: string;
  /** Family used for OPTAM caps and hors-parcours: 'MEDECIN' | 'AUXILIAIRE' | 'PHARMACIE' | … */
  family: string;
  /** True when the act is reimbursed by the RO (drives which 3-month window applies). */
  roReimbursable: boolean;
  /**
   * True when the RO pays the act only after an accord préalable (L. 315-2): its feuille de soins
   * then carries the accord's reference (R. 161-42 6°). False for every act of the built-in table.
   */
  needsAccordPrealable: boolean;
}
