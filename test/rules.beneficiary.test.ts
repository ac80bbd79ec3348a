import { describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { checkBeneficiary } from '../engine/rules/beneficiary.js';
import { codesOf } from './support/assess.js';
import { CARE_DATE, invoiceOf } from './support/invoice-builder.js';
import { beneficiaryOf, ReferentialBuilder } from './support/referential-builder.js';
import type { Invoice } from '../engine/domain/invoice.js';
import type { Motive } from '../engine/domain/motive.js';
import type { ReferentialView } from '../engine/domain/referential-view.js';

const check = (invoice: Invoice, ref: ReferentialView, careDate = CARE_DATE) => {
  const motives: Motive[] = [];
  const beneficiary = checkBeneficiary(invoice, ref, careDate, motives);
  return { beneficiary, motives };
};

const card2026 = { from: 20260101 as DateYmd, to: 20261231 as DateYmd };

describe('P1 — a beneficiary on a valid card, with open rights and matching identity, at the date of care', () => {
  it('P1: the beneficiary on a valid card with open rights passes', () => {
    const { beneficiary, motives } = check(invoiceOf(), new ReferentialBuilder().build());
    expect(motives).toEqual([]);
    expect(beneficiary?.contract).toBe('C1');
  });

  it('an AMC the operator does not manage → AMC_INCONNUE', () => {
    const { beneficiary, motives } = check(invoiceOf(), new ReferentialBuilder().withoutAmcs().build());
    expect(codesOf(motives)).toEqual(['AMC_INCONNUE']);
    expect(beneficiary).toBeUndefined();
  });

  it('P1: a NIR no card of the AMC lists → BENEF_INCONNU', () => {
    const { motives } = check(invoiceOf([{}], { nir: '2850775123456' }), new ReferentialBuilder().build());
    expect(motives).toEqual([{ code: 'BENEF_INCONNU', label: 'Bénéficiaire inconnu' }]);
  });

  it('P1: the NIR is known but the birth date differs → BENEF_HORS_CARTE naming the field', () => {
    const { beneficiary, motives } = check(invoiceOf([{}], { birthDate: 19850716 as DateYmd }), new ReferentialBuilder().build());
    expect(motives).toEqual([{ code: 'BENEF_HORS_CARTE', label: 'Bénéficiaire absent de la carte : date de naissance' }]);
    expect(beneficiary).toBeUndefined();
  });

  it('P1: twins — the birth rank must match too', () => {
    const { motives } = check(invoiceOf([{}], { birthRank: 2 }), new ReferentialBuilder().build());
    expect(motives.map((m) => m.label)).toEqual(['Bénéficiaire absent de la carte : rang de naissance']);
  });

  it('the member number is compared only when the invoice carries one', () => {
    const ref = new ReferentialBuilder().build();
    expect(check(invoiceOf([{}], { memberNumber: '' }), ref).motives).toEqual([]);
    expect(check(invoiceOf([{}], { memberNumber: 'ADH0001' }), ref).motives).toEqual([]);
    expect(check(invoiceOf([{}], { memberNumber: 'ADH9999' }), ref).motives.map((m) => m.label)).toEqual([
      "Bénéficiaire absent de la carte : n° d'adhérent",
    ]);
  });

  it('P1: a card that expired before the date of care → CARTE_INVALIDE at that date', () => {
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ card: { from: 20260101 as DateYmd, to: 20261031 as DateYmd } })).build();
    expect(check(invoiceOf(), ref).motives).toEqual([{ code: 'CARTE_INVALIDE', label: 'Carte de tiers payant non valide au 12/11/2026' }]);
  });

  it('P1: rights closed at the date of care → "Droits du bénéficiaire non ouverts au 12/11/2026"', () => {
    const ref = new ReferentialBuilder()
      .withBeneficiaries(beneficiaryOf({ rights: [{ from: 20260101 as DateYmd, to: 20261031 as DateYmd }] }))
      .build();
    expect(check(invoiceOf(), ref).motives).toEqual([
      { code: 'DROITS_FERMES', label: 'Droits du bénéficiaire non ouverts au 12/11/2026' },
    ]);
  });

  it('P1: rights are checked at every act date: a gap between periods names the first uncovered day', () => {
    const ref = new ReferentialBuilder()
      .withBeneficiaries(
        beneficiaryOf({
          rights: [
            { from: 20260101 as DateYmd, to: 20261105 as DateYmd },
            { from: 20261110 as DateYmd, to: 20261231 as DateYmd },
          ],
        }),
      )
      .build();
    const invoice = invoiceOf([{ actDate: 20261104 }, { actDate: 20261108 }, { actDate: 20261106 }, { actDate: 20261112 }]);
    expect(check(invoice, ref).motives.map((m) => m.label)).toEqual(['Droits du bénéficiaire non ouverts au 06/11/2026']);
  });

  it('a card valid and rights open on every act date of a multi-day invoice pass', () => {
    const invoice = invoiceOf([{ actDate: 20260105 }, { actDate: 20261230 }]);
    expect(check(invoice, new ReferentialBuilder().build(), 20260105 as DateYmd).motives).toEqual([]);
  });

  it('several cards match: the one valid at the date of care is preferred', () => {
    const ref = new ReferentialBuilder()
      .withBeneficiaries(
        beneficiaryOf({ card: { from: 20250101 as DateYmd, to: 20251231 as DateYmd }, contract: 'OLD' }),
        beneficiaryOf({ card: card2026, contract: 'NEW' }),
      )
      .build();
    const { beneficiary, motives } = check(invoiceOf(), ref);
    expect(motives).toEqual([]);
    expect(beneficiary?.contract).toBe('NEW');
  });

  it('several cards match and none is valid: the first one is used and the card is refused', () => {
    const ref = new ReferentialBuilder()
      .withBeneficiaries(
        beneficiaryOf({ card: { from: 20240101 as DateYmd, to: 20241231 as DateYmd }, contract: 'A' }),
        beneficiaryOf({ card: { from: 20250101 as DateYmd, to: 20251231 as DateYmd }, contract: 'B' }),
      )
      .build();
    const { beneficiary, motives } = check(invoiceOf(), ref);
    expect(beneficiary?.contract).toBe('A');
    expect(codesOf(motives)).toEqual(['CARTE_INVALIDE']);
  });
});

describe('S5 — C2S: the guarantee is lost when the Vitale card is on the opposition list (D. 861-2)', () => {
  it('S5: opposition before the date of care → OPPOSITION_VITALE', () => {
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ c2s: true, vitaleOppositionDate: 20261001 as DateYmd })).build();
    expect(check(invoiceOf(), ref).motives).toEqual([
      { code: 'OPPOSITION_VITALE', label: 'Carte Vitale en opposition depuis le 01/10/2026' },
    ]);
  });

  it('S5: opposition on the date of care itself → OPPOSITION_VITALE', () => {
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ c2s: true, vitaleOppositionDate: CARE_DATE })).build();
    expect(codesOf(check(invoiceOf(), ref).motives)).toEqual(['OPPOSITION_VITALE']);
  });

  it('S5: opposition after the date of care keeps the guarantee', () => {
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ c2s: true, vitaleOppositionDate: 20261113 as DateYmd })).build();
    expect(check(invoiceOf(), ref).motives).toEqual([]);
  });

  it('the opposition rule is the C2S guarantee: it does not apply to a non-C2S beneficiary', () => {
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ c2s: false, vitaleOppositionDate: 20261001 as DateYmd })).build();
    expect(check(invoiceOf(), ref).motives).toEqual([]);
  });
});
