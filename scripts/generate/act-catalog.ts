/**
 * The acts the generator bills, with the domain and family the project's default act→domain table
 * (engine/referential/act-domains.csv) gives them — the contract agreed with the engine's authors,
 * so generated lines land in the same domains the engine will look up.
 *
 * Letter-key values are the public tariffs the rules cite (rules.md §1.1–§1.3: G 30.00 €,
 * AMI 3.15 €, AMK 2.15 €); a line's base is unit price × coefficient × quantity, chosen so the
 * product is a whole number of cents (no rounding hides in a base).
 */

export type ActFamily = 'MEDECIN' | 'AUXILIAIRE' | 'BIOLOGIE' | 'PHARMACIE' | 'DENTAIRE' | 'OPTIQUE' | 'HOSPITALISATION' | 'AUTRE';

export interface ActSpec {
  readonly code: string;
  /** Domain of the act-domain table; PHAR is refined by the AMO rate (PHNO / PHCO / PHOR). */
  readonly domain: string;
  readonly family: ActFamily;
  /** Letter-key value or tariff, in cents. */
  readonly unitPriceCents: number;
  /** AMO rate in whole percent, régime général / Alsace-Moselle (rules.md §1.2, §1.8). */
  readonly amoRatePercent: number;
  readonly amoRateAlsaceMosellePercent: number;
  /** AMO rate when the care is exonerated (ALD, rules.md §1.7). */
  readonly amoRateAldPercent: number;
  /** Domains whose card line must be backed by a prise en charge (protocol §3, rules.md P3). */
  readonly pecRequired: boolean;
}

const act = (
  code: string,
  domain: string,
  family: ActFamily,
  unitPriceCents: number,
  amoRatePercent: number,
  amoRateAlsaceMosellePercent: number,
  amoRateAldPercent: number,
  pecRequired = false,
): ActSpec => ({ code, domain, family, unitPriceCents, amoRatePercent, amoRateAlsaceMosellePercent, amoRateAldPercent, pecRequired });

/** Hors parcours de soins: AMO 30 % on médecin acts (rules.md §1.4). */
export const HORS_PARCOURS_AMO_RATE_PERCENT = 30;

export const ACTS = {
  // Médecins généralistes: consultation, visit, teleconsultation (MEDG).
  G: act('G', 'MEDG', 'MEDECIN', 3000, 70, 90, 100),
  GS: act('GS', 'MEDG', 'MEDECIN', 3000, 70, 90, 100),
  VG: act('VG', 'MEDG', 'MEDECIN', 3000, 70, 90, 100),
  TCG: act('TCG', 'MEDG', 'MEDECIN', 3000, 70, 90, 100),
  // Spécialistes (MEDS). CS at 23.00 is the lower base of a non-OPTAM secteur 2 doctor (§1.10).
  CS: act('CS', 'MEDS', 'MEDECIN', 3000, 70, 90, 100),
  CS_NON_OPTAM: act('CS', 'MEDS', 'MEDECIN', 2300, 70, 90, 100),
  APC: act('APC', 'MEDS', 'MEDECIN', 6000, 70, 90, 100),
  C: act('C', 'MEDS', 'MEDECIN', 3000, 70, 90, 100),
  // Auxiliaires médicaux: AMI 3.15 € × coefficient, AMK 2.15 € × coefficient (60 %).
  AMI: act('AMI', 'INFI', 'AUXILIAIRE', 315, 60, 90, 100),
  AMK: act('AMK', 'KINE', 'AUXILIAIRE', 215, 60, 90, 100),
  // Biologie: B 0.27 € × coefficient (60 %).
  B: act('B', 'LABO', 'BIOLOGIE', 27, 60, 90, 100),
  // Pharmacie: the unit price is the box price, drawn per line; 65 / 30 / 15 % (§1.2, §1.8).
  PH7: act('PH7', 'PHAR', 'PHARMACIE', 0, 65, 90, 100),
  PH4: act('PH4', 'PHAR', 'PHARMACIE', 0, 30, 80, 100),
  PH2: act('PH2', 'PHAR', 'PHARMACIE', 0, 15, 15, 15),
  // Dentaire: soins conservateurs SC 2.41 € × coefficient; prothèse (crown BR 120.00 €, §2.8).
  SC: act('SC', 'DESO', 'DENTAIRE', 241, 60, 90, 100),
  PRO: act('PRO', 'DEPR', 'DENTAIRE', 12000, 60, 60, 60, true),
  // Optique classe B adult: BR 0.05 € per item, AMO 60 % (§2.6).
  OPT: act('OPT', 'OPTI', 'OPTIQUE', 5, 60, 60, 60, true),
  // A classe B frame alone (BR 0.05 €, AMO 60 %) under a contract paying optique without a PEC:
  // the equipment whose renewal period the day's early renewals break (counter-factory.ts).
  MON: act('MON', 'OPTI', 'OPTIQUE', 5, 60, 60, 60),
  // Hors nomenclature (no BR, no AMO): the ostéopathie session of rules.md §2.9, paid by a forfait
  // under a yearly ceiling (counter-factory.ts).
  HN: act('HN', 'XCMP', 'AUTRE', 0, 0, 0, 0),
  // Hospitalisation: GHS at 80 % (100 % exonerated), forfait journalier 20.00 €/day not paid by the AMO (§1.9).
  GHS: act('GHS', 'HOSP', 'HOSPITALISATION', 0, 80, 100, 100),
  FJ: act('FJ', 'FORF', 'HOSPITALISATION', 2000, 0, 100, 0),
} as const satisfies Record<string, ActSpec>;

/** The domain of a pharmacy line from its AMO rate (rules.md §3.4: PHNO 65 %, PHCO 30 %, PHOR 15 %). */
export function pharmacyDomainOfRate(amoRatePercent: number): string {
  switch (amoRatePercent) {
    case 100:
    case 90:
    case 65:
      return 'PHNO';
    case 80:
    case 30:
      return 'PHCO';
    case 15:
      return 'PHOR';
    default:
      throw new RangeError(`no pharmacy domain for an AMO rate of ${amoRatePercent} %`);
  }
}

/** The elementary domain an invoice line is liquidated under. */
export const lineDomain = (spec: ActSpec, amoRatePercent: number): string =>
  spec.domain === 'PHAR' ? pharmacyDomainOfRate(amoRatePercent) : spec.domain;

/** Box prices (BR) of reimbursable medicines, in cents: a spread from cheap generics to costly boxes. */
export const MEDICINE_BOX_PRICES_CENTS = [
  195, 218, 295, 345, 400, 437, 512, 638, 720, 800, 963, 1000, 1249, 1580, 2251, 3146, 4890, 9628,
] as const;

/** GHS tariffs of short stays, in cents. */
export const GHS_TARIFFS_CENTS = [125000, 248000, 391550, 512000, 864075] as const;
