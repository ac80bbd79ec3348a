import { describe, expect, it } from 'vitest';
import type { Invoice } from '../engine/domain/invoice.js';
import type { Motive } from '../engine/domain/motive.js';
import type { Pec } from '../engine/domain/referential.js';
import type { ReferentialView } from '../engine/domain/referential-view.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { resolveCoverage } from '../engine/rules/coverage.js';
import { checkPecAmount, checkPecReference } from '../engine/rules/pec.js';
import { assess, codesOf, collect } from './support/assess.js';
import { invoiceOf, type LineAmounts } from './support/invoice-builder.js';
import { CONTRACT, guaranteeOf, pecOf, ReferentialBuilder } from './support/referential-builder.js';

/** rules.md §2.6 classe B: frame 150.00 + two lenses 100.00, AMO 0.03 each, PEC 299.91. */
const OPTIQUE: LineAmounts[] = [
  { actCode: 'MON', base: 5, rate: 60, amo: 3, fee: 15_000, amc: 9997 },
  { actCode: 'VER', base: 5, rate: 60, amo: 3, fee: 10_000, amc: 9997 },
  { actCode: 'VER', base: 5, rate: 60, amo: 3, fee: 10_000, amc: 9997 },
];

const optiqueRef = (pec: Pec = pecOf()): ReferentialView =>
  new ReferentialBuilder().withGuarantee(guaranteeOf('OPTI', 'PEC', 0, { pecRequired: true })).withPec(pec).build();

const referenceMotives = (invoice: Invoice, ref: ReferentialView) =>
  collect((m) => checkPecReference(invoice, ref, resolveCoverage(invoice, ref, CONTRACT), m));

describe('P3 — optique and dentaire (except conservative care) are paid on the PEC notification', () => {
  it('P3: no PEC number on an optique invoice → PEC_ABSENTE', () => {
    expect(referenceMotives(invoiceOf(OPTIQUE), optiqueRef())).toEqual([{ code: 'PEC_ABSENTE', label: 'Prise en charge absente' }]);
  });

  it('P3: an unknown PEC number → PEC_INVALIDE', () => {
    expect(referenceMotives(invoiceOf(OPTIQUE, { pecNumber: 'PEC9999' }), optiqueRef()).map((m) => m.label)).toEqual([
      'Prise en charge non valide (n° PEC9999 inconnue)',
    ]);
  });

  it.each<[string, Partial<Pec>, string]>([
    ['another beneficiary', { nir: '2850775123456' }, 'émise pour un autre bénéficiaire'],
    ['another practitioner', { practitionerId: '123456789' }, 'émise pour un autre professionnel'],
    ['another AMC', { amcNumber: '0099999999' }, 'émise pour un autre organisme'],
    ['another domain', { domain: 'DEPR' }, 'émise pour le domaine DEPR, non OPTI'],
    ['a validity ended before the care', { validity: { from: 20260101 as DateYmd, to: 20261031 as DateYmd } }, 'non valide au 12/11/2026'],
  ])('P3: a PEC issued for %s → PEC_INVALIDE', (_, overrides, reason) => {
    const motives = referenceMotives(invoiceOf(OPTIQUE, { pecNumber: 'PEC0001' }), optiqueRef(pecOf(overrides)));
    expect(motives).toEqual([{ code: 'PEC_INVALIDE', label: `Prise en charge non valide (n° PEC0001 ${reason})` }]);
  });

  it('a PEC issued for a group containing the line domain (OPAU for OPTI) is valid', () => {
    expect(referenceMotives(invoiceOf(OPTIQUE, { pecNumber: 'PEC0001' }), optiqueRef(pecOf({ domain: 'OPAU' })))).toEqual([]);
  });

  it('conservative dental care (DESO, no pecRequired) needs no PEC', () => {
    const ref = new ReferentialBuilder().withGuarantee(guaranteeOf('DESO', 'TM', 1_000_000)).build();
    const invoice = invoiceOf([{ actCode: 'SDE', base: 2300, rate: 60, amo: 1380, fee: 2300, amc: 920 }]);
    expect(referenceMotives(invoice, ref)).toEqual([]);
  });

  it('P3: a computed amount above the amount granted → PEC_DEPASSEE', () => {
    const invoice = invoiceOf(OPTIQUE, { pecNumber: 'PEC0001' });
    const pec = pecOf({ grantedCents: 29_990 as Cents });
    const coverage = resolveCoverage(invoice, optiqueRef(pec), CONTRACT);
    const motives: Motive[] = [];
    expect(checkPecAmount(pec, coverage, [9997, 9997, 9997] as Cents[], motives)).toBeNull();
    expect(motives).toEqual([{ code: 'PEC_DEPASSEE', label: 'Montant supérieur à la prise en charge (calculée 299,91, accordée 299,90)' }]);
  });

  it('P3: the §2.6 classe B invoice with its PEC is payable and names the PEC to consume', () => {
    const assessment = assess(invoiceOf(OPTIQUE, { pecNumber: 'PEC0001' }), optiqueRef());
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(29_991);
    expect(assessment.pecToConsume).toEqual({ pecNumber: 'PEC0001', cents: 29_991 });
  });

  it('only the lines that need the PEC count against it', () => {
    const ref = new ReferentialBuilder()
      .withGuarantee(guaranteeOf('OPTI', 'PEC', 0, { pecRequired: true }), guaranteeOf('MEDG', 'TM', 1_000_000))
      .withPec(pecOf())
      .build();
    const assessment = assess(invoiceOf([...OPTIQUE, {}], { pecNumber: 'PEC0001' }), ref);
    expect(assessment.motives).toEqual([]);
    expect(assessment.amcCents).toBe(29_991 + 900);
    expect(assessment.pecToConsume).toEqual({ pecNumber: 'PEC0001', cents: 29_991 });
  });

  it('a PEC-required guarantee with a rate formula is held to the PEC too', () => {
    const ref = new ReferentialBuilder()
      .withGuarantee(guaranteeOf('DEPR', 'FR', 1_000_000, { pecRequired: true }))
      .withPec(pecOf({ domain: 'DEPR', grantedCents: 40_000 as Cents }))
      .build();
    const crown = invoiceOf([{ actCode: 'PDT', base: 12_000, rate: 60, amo: 7200, fee: 50_000, amc: 42_800 }], { pecNumber: 'PEC0001' });
    expect(codesOf(assess(crown, ref).motives)).toEqual(['PEC_DEPASSEE']);
    expect(assess(crown, ref).pecToConsume).toBeNull();
  });
});
