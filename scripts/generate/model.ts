import type { MotiveCode } from '../../engine/domain/motive.js';
import type { ActSpec } from './act-catalog.js';

/** The four ways invoices reach the operator, and the file profile each is written with. */
export type GeneratedChannel = 'B2_PS' | 'B2_ETAB' | 'DRE' | 'PAPER';

/** What a practitioner does, which decides the acts it bills. */
export type PractitionerProfile =
  | 'GENERALISTE'
  | 'SPECIALISTE_S1'
  | 'SPECIALISTE_OPTAM'
  | 'SPECIALISTE_NON_OPTAM'
  | 'INFIRMIER'
  | 'KINE'
  | 'LABORATOIRE'
  | 'PHARMACIE'
  | 'DENTISTE'
  | 'OPTICIEN'
  | 'ETABLISSEMENT';

export interface GenPractitioner {
  readonly billingId: string;
  readonly kind: 'PS' | 'ETABLISSEMENT';
  readonly profile: PractitionerProfile;
  readonly name: string;
  readonly address: string;
  readonly iban: string;
  readonly bic: string;
  readonly email: string;
  readonly optam: boolean;
  /** Secteur 2: may bill dépassements. */
  readonly sector2: boolean;
  readonly specialty: string;
  readonly channel: 'EDI' | 'PAPER' | 'BOTH';
  readonly conventionFrom: number;
  /** Next n° de facture; numbers are unique per practitioner across all channels. */
  nextInvoiceNumber: number;
}

/** Practitioners able to send on each channel, by profile. */
export interface GenChannelPractitioners {
  readonly edi: ReadonlyMap<PractitionerProfile, GenPractitioner[]>;
  readonly paper: ReadonlyMap<PractitionerProfile, GenPractitioner[]>;
}

export interface GenAmc {
  readonly amcNumber: string;
  readonly name: string;
}

export interface GenBeneficiary {
  readonly amcNumber: string;
  readonly memberNumber: string;
  readonly nir: string;
  readonly nirKey: string;
  readonly birthDate: number;
  readonly birthRank: number;
  /** '' unless derived for the CSV. */
  readonly name: string;
  readonly cardFrom: number;
  readonly cardTo: number;
  readonly contract: string;
  readonly c2s: boolean;
  readonly alsaceMoselle: boolean;
  readonly adult: boolean;
  /** Rights periods in the CSV form `2026-01-01..2026-06-30|2026-09-01..` ('' unless derived for the CSV). */
  readonly rights: string;
}

/** Anomaly categories: each is the one motive the engine must give the invoice. */
export const ANOMALY_CATEGORIES = [
  'BENEF_INCONNU',
  'CARTE_INVALIDE',
  'DROITS_FERMES',
  'BENEF_HORS_CARTE',
  'DOMAINE_NON_COUVERT',
  'PEC_ABSENTE',
  'PEC_DEPASSEE',
  'HORS_DELAI',
  'DOUBLON',
  'DOUBLON_FONCTIONNEL',
  'MONTANT_AMC_DIFFERENT',
  'NIR_INVALIDE',
  'SECURISATION_DEGRADEE',
  'STRUCTURE_INVALIDE',
  'LOT_INVALIDE',
  // A rectificative naming an invoice this practitioner never sent, and one naming an invoice paid
  // earlier in the same run (rules.md §6.2): refused whatever the earlier days hold.
  'FACTURE_RECTIFIEE_INCONNUE',
  'RECTIFICATIVE_PREMATUREE',
] as const satisfies readonly MotiveCode[];

export type AnomalyCategory = (typeof ANOMALY_CATEGORIES)[number];

/**
 * Regularisations of an invoice the previous day paid (rules.md §6.2): accepted, so PAID with the
 * one signalement REGULARISATION. A rectificative after an AMO requalified down owes a complement
 * (RECTIFICATIVE_COMPLEMENT), one after an AMO requalified up creates an indu (RECTIFICATIVE_INDU,
 * nothing paid), an annulation cancels the care (indu of all it was paid, nothing paid).
 */
export const REGULARISATION_CATEGORIES = ['RECTIFICATIVE_COMPLEMENT', 'RECTIFICATIVE_INDU', 'ANNULATION'] as const;
export type RegularisationCategory = (typeof REGULARISATION_CATEGORIES)[number];

/** The motive code every accepted regularisation carries (motive.ts). */
export const REGULARISATION_MOTIVE = 'REGULARISATION' satisfies MotiveCode;

/**
 * The counters the ledger keeps across days (rules.md §2.6, §2.9), met by the day's invoice of a
 * beneficiary the previous day already paid: an ostéopathie ceiling the previous day's sessions
 * left short, declared in full (PLAFOND_ATTEINT) or as what remains of it (PLAFONNEE, paid that
 * much), and an optical equipment delivered within the renewal period (RENOUVELLEMENT_ANTICIPE).
 */
export const COUNTER_CATEGORIES = ['PLAFOND_ATTEINT', 'PLAFONNEE', 'RENOUVELLEMENT_ANTICIPE'] as const;
export type CounterCategory = (typeof COUNTER_CATEGORIES)[number];
const COUNTERS: ReadonlySet<Category> = new Set(COUNTER_CATEGORIES);
export const isCounterCategory = (category: Category): category is CounterCategory => COUNTERS.has(category);

/** Everything the anomaly mix schedules: the rejections, the regularisations and the counters. */
export const SCHEDULED_CATEGORIES = [...ANOMALY_CATEGORIES, ...REGULARISATION_CATEGORIES, ...COUNTER_CATEGORIES] as const;
export type ScheduledCategory = AnomalyCategory | RegularisationCategory | CounterCategory;

/** Paid as declared: a valid invoice, and one the ceiling lowered exactly as declared. */
export const paidAsDeclared = (category: Category): boolean => category === 'VALID' || category === 'PLAFONNEE';

/**
 * The signalement a PLAFONNEE invoice is paid with: it takes all the ceiling leaves, so it leaves
 * nothing, 10 % or less of the ceiling (engine/commit/counter-book.ts). Its original, paid the day
 * before, leaves at least 20.00 € of 160.00 € (12.5 %), so it carries none.
 */
export const NEAR_CEILING_MOTIVE = 'PLAFOND_PROCHE' satisfies MotiveCode;

/** The mix of a day generated without regularisations: the rejections that need no earlier day's invoice. */
export const CATEGORIES_WITHOUT_REGULARISATIONS: readonly ScheduledCategory[] = ANOMALY_CATEGORIES.filter(
  (c) => c !== 'FACTURE_RECTIFIEE_INCONNUE' && c !== 'RECTIFICATIVE_PREMATUREE',
);
/**
 * The claims of AMO funds under the complémentaire santé solidaire (engine/domain/c2s-claim.ts,
 * rules.md §1.11, §4.3, S5), a small share of a day with a previous day (c2s-claims.ts). Paid in
 * time: an FSE within 7 days of its ARL, paper within 21 days of its sending, paper first sent to
 * another fund within 21 + 15 days. Paid late (MAJORATION_C2S, +10 %): an FSE or a paper feuille
 * past its term. Under formal notice (MAJORATION_C2S): in time, but the fund's notice came. Refused:
 * a beneficiary without C2S at this AMC (C2S_NON_OUVERTE), a fund the referential does not know
 * (CAISSE_INCONNUE).
 */
export const C2S_CATEGORIES = [
  'C2S_FSE_DANS_LE_DELAI',
  'C2S_PAPIER_DANS_LE_DELAI',
  'C2S_PAPIER_AUTRE_CAISSE',
  'C2S_FSE_EN_RETARD',
  'C2S_PAPIER_EN_RETARD',
  'C2S_MISE_EN_DEMEURE',
  'C2S_NON_OUVERTE',
  'CAISSE_INCONNUE',
] as const;
export type C2sCategory = (typeof C2S_CATEGORIES)[number];

/** The signalement a claim paid late or under formal notice carries, with its +10 %. */
export const C2S_INCREASE_MOTIVE = 'MAJORATION_C2S' satisfies MotiveCode;

/**
 * Paid invoices that carry a signalement of their own (engine/rules/transmission-delay.ts,
 * optional-rubrics.ts; rules.md S3, S4): a day with a previous day carries a few of each, on the
 * channels that have the rubric (signalement-invoices.ts). Sent to the RO past the term of
 * R. 161-47 (TRANSMISSION_TARDIVE); without the RO sending date of R. 161-42 10°
 * (MENTION_DATE_ENVOI_RO), without the exonération mention of 9° on a line the AMO pays at 100 %
 * (MENTION_EXONERATION), without the accident's identification of 4° under nature d'assurance 41
 * (MENTION_ACCIDENT); the three mentions are the signalement MENTION_MANQUANTE.
 */
export const SIGNALEMENT_CATEGORIES = ['TRANSMISSION_TARDIVE', 'MENTION_DATE_ENVOI_RO', 'MENTION_EXONERATION', 'MENTION_ACCIDENT'] as const;
export type SignalementCategory = (typeof SIGNALEMENT_CATEGORIES)[number];

/** The one signalement an invoice of each signalement category is paid with. */
export const SIGNALEMENT_MOTIVE: Readonly<Record<SignalementCategory, MotiveCode>> = {
  TRANSMISSION_TARDIVE: 'TRANSMISSION_TARDIVE',
  MENTION_DATE_ENVOI_RO: 'MENTION_MANQUANTE',
  MENTION_EXONERATION: 'MENTION_MANQUANTE',
  MENTION_ACCIDENT: 'MENTION_MANQUANTE',
};

/** What a practitioner's invoice is built as; a day's categories add the funds' claims and the signalement invoices. */
export type InvoiceCategory = 'VALID' | ScheduledCategory;
export type Category = InvoiceCategory | C2sCategory | SignalementCategory;

const REGULARISATIONS: ReadonlySet<Category> = new Set(REGULARISATION_CATEGORIES);
export const isRegularisation = (category: Category): category is RegularisationCategory => REGULARISATIONS.has(category);

/** Nature d'opération: I initiale, R rectificative, A annulation (formats.md E4). */
export type OperationNature = 'I' | 'R' | 'A';

export interface GenLine {
  readonly spec: ActSpec;
  /** 'T3' hospital services (établissements), 'T4' fees and acts. */
  readonly record: 'T3' | 'T4';
  actDate: number;
  /** Last day of a stay (Type 3), 0 otherwise. */
  endDate: number;
  quantity: number;
  coefficientHundredths: number;
  unitPriceCents: number;
  baseCents: number;
  amoRatePercent: number;
  amoCents: number;
  feeCents: number;
  amcDeclaredCents: number;
  exoCode: string;
}

export type Malformation = 'LETTER_IN_AMOUNT' | 'TRUNCATED_RECORD';

export interface GenInvoice {
  invoiceNumber: string;
  readonly practitioner: GenPractitioner;
  nature: OperationNature;
  /** The invoice a rectificative or an annulation names ('' for an initiale). */
  refersTo: string;
  /** The beneficiary's contract: a rectificative's new AMC is computed under it. */
  readonly contract: string;
  amcNumber: string;
  memberNumber: string;
  nir: string;
  nirKey: string;
  birthDate: number;
  birthRank: number;
  /** Date the RO invoice was sent (B2 PS, DRE, paper), 0 when the channel has none. */
  roSentDate: number;
  horsParcours: boolean;
  pecNumber: string;
  /** V = Vitale, D = SESAM dégradé. */
  securingMode: 'V' | 'D';
  exoCode: string;
  /** Hospital stay: entry and exit dates. */
  entryDate: number;
  exitDate: number;
  /** DRE: the FSE the demand goes with ('' elsewhere). */
  linkedFseNumber: string;
  /** Hospital: n° d'entrée of the stay ('' elsewhere). */
  entryNumber: string;
  /** AMO caisse gestionnaire (3 digits) of the beneficiary. */
  caisse: string;
  /** Nature d'assurance (formats.md B14), written by the hospital B2; absent means 10 (maladie). */
  natureAssurance?: string;
  lines: GenLine[];
  /** Set on the single line record a STRUCTURE_INVALIDE invoice breaks. */
  malformedLine: number;
  malformation: Malformation | undefined;
  category: InvoiceCategory;
  /**
   * What the engine must pay when PAID, in cents: Σ of the lines' AMC, or for a regularisation
   * max(0, new AMC − what the previous day paid).
   */
  expectedAmountCents: number;
}

export const totalOf = (lines: readonly GenLine[], pick: (line: GenLine) => number): number => {
  let total = 0;
  for (const line of lines) total += pick(line);
  return total;
};
