import type {
  ActDomain,
  Amc,
  Beneficiary,
  Formula,
  Guarantee,
  GuaranteeLimit,
  Pec,
  Practitioner,
} from '../../engine/domain/referential.js';
import type { EquipmentItem, EquipmentMaximumKey } from '../../engine/domain/equipment.js';
import type { ReferentialView } from '../../engine/domain/referential-view.js';
import type { Cents, DateYmd, RatePpm } from '../../engine/domain/units.js';

/**
 * A tiny in-memory ReferentialView for rule tests, with one ready-made world: an AMC, an OPTAM
 * médecin with a valid IBAN, one beneficiary on a 2026 card under contract C1, and the act codes
 * the tests use. Each test overrides what it is about.
 */

export const AMC_NUMBER = '0012345678';
export const PS_ID = '991023763';
/** rules.md §7.4 example: mod 97 = 1, RIB key 89. */
export const VALID_IBAN = 'FR7630006000011234567890189';
/** rules.md §3.2 example: NIR 1 85 07 75 123 456, key 08. */
export const NIR = '1850775123456';
export const NIR_KEY = '08';
export const BIRTH_DATE = 19850715 as DateYmd;
export const CONTRACT = 'C1';
export const OPEN_END = 99991231 as DateYmd;

export const practitionerOf = (overrides: Partial<Practitioner> = {}): Practitioner => ({
  billingId: PS_ID,
  kind: 'PS',
  name: 'Dr Martin',
  address: '1 rue de la Paix 75002 Paris',
  iban: VALID_IBAN,
  bic: 'BNPAFRPP',
  email: 'martin@example.org',
  optam: true,
  specialty: '01',
  channel: 'EDI',
  conventionFrom: 20200101 as DateYmd,
  conventionTo: OPEN_END,
  ...overrides,
});

export const beneficiaryOf = (overrides: Partial<Beneficiary> = {}): Beneficiary => ({
  amcNumber: AMC_NUMBER,
  memberNumber: 'ADH0001',
  nir: NIR,
  nirKey: NIR_KEY,
  birthDate: BIRTH_DATE,
  birthRank: 1,
  card: { from: 20260101 as DateYmd, to: 20261231 as DateYmd },
  rights: [{ from: 20260101 as DateYmd, to: 20261231 as DateYmd }],
  contract: CONTRACT,
  c2s: false,
  vitaleOppositionDate: 0 as DateYmd,
  ...overrides,
});

export const guaranteeOf = (
  domain: string,
  formula: Formula,
  rate: number,
  overrides: Partial<Guarantee> = {},
): Guarantee => ({
  contract: CONTRACT,
  domain,
  formula,
  rate: rate as RatePpm,
  amountCents: 0 as Cents,
  pecRequired: false,
  responsable: true,
  validity: { from: 20200101 as DateYmd, to: OPEN_END },
  ...overrides,
});

export const pecOf = (overrides: Partial<Pec> = {}): Pec => ({
  pecNumber: 'PEC0001',
  amcNumber: AMC_NUMBER,
  nir: NIR,
  practitionerId: PS_ID,
  domain: 'OPTI',
  grantedCents: 29991 as Cents,
  validity: { from: 20261001 as DateYmd, to: 20261231 as DateYmd },
  ...overrides,
});

const act = (actCode: string, domain: string, family: string, roReimbursable = true, needsAccordPrealable = false): ActDomain => ({
  actCode,
  domain,
  family,
  roReimbursable,
  needsAccordPrealable,
});

/** The act codes the tests bill, with the family the contrat responsable rules read. */
export const DEFAULT_ACTS: readonly ActDomain[] = [
  act('G', 'MEDG', 'MEDECIN'),
  act('C', 'MEDS', 'MEDECIN'),
  act('AMK', 'KINE', 'AUXILIAIRE'),
  act('AMI', 'INFI', 'AUXILIAIRE'),
  act('B', 'LABO', 'BIOLOGIE'),
  act('PH7', 'PHAR', 'PHARMACIE'),
  act('PH4', 'PHAR', 'PHARMACIE'),
  act('PH2', 'PHAR', 'PHARMACIE'),
  act('MON', 'OPTI', 'OPTIQUE'),
  act('VER', 'OPTI', 'OPTIQUE'),
  act('SDE', 'DESO', 'DENTAIRE'),
  act('PDT', 'DEPR', 'DENTAIRE'),
  act('OST', 'XCMP', 'HORS_NOMENCLATURE', false),
];

export class ReferentialBuilder {
  private readonly amcs = new Map<string, Amc>([[AMC_NUMBER, { amcNumber: AMC_NUMBER, name: 'Mutuelle Test' }]]);
  private readonly practitioners = new Map<string, Practitioner>([[PS_ID, practitionerOf()]]);
  private readonly beneficiaries: Beneficiary[] = [beneficiaryOf()];
  private readonly guarantees: Guarantee[] = [];
  private readonly pecs = new Map<string, Pec>();
  private readonly acts = new Map<string, ActDomain>(DEFAULT_ACTS.map((a) => [a.actCode, a]));
  private readonly equipment: EquipmentItem[] = [];
  private readonly limits: GuaranteeLimit[] = [];
  private readonly maxima = new Map<EquipmentMaximumKey, Cents>();

  withPractitioner(overrides: Partial<Practitioner>): this {
    const practitioner = practitionerOf(overrides);
    this.practitioners.set(practitioner.billingId, practitioner);
    return this;
  }

  withoutPractitioners(): this {
    this.practitioners.clear();
    return this;
  }

  /** Replaces the default beneficiary entries by these. */
  withBeneficiaries(...entries: Beneficiary[]): this {
    this.beneficiaries.length = 0;
    this.beneficiaries.push(...entries);
    return this;
  }

  withGuarantee(...guarantees: Guarantee[]): this {
    this.guarantees.push(...guarantees);
    return this;
  }

  withPec(pec: Pec): this {
    this.pecs.set(pec.pecNumber, pec);
    return this;
  }

  withAct(actCode: string, domain: string, family: string, roReimbursable = true, needsAccordPrealable = false): this {
    this.acts.set(actCode, act(actCode, domain, family, roReimbursable, needsAccordPrealable));
    return this;
  }

  withEquipment(...items: EquipmentItem[]): this {
    this.equipment.push(...items);
    return this;
  }

  /** The regulatory maxima, the same on every day. */
  withEquipmentMaxima(maxima: Readonly<Partial<Record<EquipmentMaximumKey, number>>>): this {
    for (const [limit, cents] of Object.entries(maxima)) this.maxima.set(limit as EquipmentMaximumKey, cents as Cents);
    return this;
  }

  withLimits(...limits: GuaranteeLimit[]): this {
    this.limits.push(...limits);
    return this;
  }

  withoutAmcs(): this {
    this.amcs.clear();
    return this;
  }

  build(): ReferentialView {
    const { amcs, practitioners, beneficiaries, guarantees, pecs, acts, equipment, maxima } = this;
    return {
      snapshotId: 'test-snapshot',
      amc: (amcNumber) => amcs.get(amcNumber),
      practitioner: (billingId) => practitioners.get(billingId),
      beneficiariesByNir: (amcNumber, nir) => beneficiaries.filter((b) => b.amcNumber === amcNumber && b.nir === nir),
      guarantee: (contract, domain, at) =>
        guarantees.find(
          (g) => g.contract === contract && g.domain === domain && g.validity.from <= at && at <= g.validity.to,
        ),
      pec: (pecNumber) => pecs.get(pecNumber),
      actDomain: (actCode) => acts.get(actCode),
      equipmentItem: (actCode, at) => equipment.find((item) => item.actCode === actCode && item.validity.from <= at && at <= item.validity.to),
      equipmentMaximumCents: (limit) => maxima.get(limit),
      guaranteeLimit: (contract, domain, at) =>
        this.limits.find((l) => l.contract === contract && l.domain === domain && l.validity.from <= at && at <= l.validity.to),
    };
  }
}
