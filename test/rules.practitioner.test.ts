import { describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { checkPractitioner } from '../engine/rules/practitioner.js';
import { assess, codesOf, collect } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';
import { guaranteeOf, ReferentialBuilder, VALID_IBAN } from './support/referential-builder.js';

const anyIban = (): boolean => true;

describe('the payee: known, conventioned at the date of care, with a payable IBAN', () => {
  it('an unknown practitioner → PS_INCONNU', () => {
    const ref = new ReferentialBuilder().withoutPractitioners().build();
    const motives = collect((m) => checkPractitioner(invoiceOf(), ref, m, anyIban));
    expect(motives).toEqual([{ code: 'PS_INCONNU', label: 'Professionnel de santé inconnu' }]);
  });

  it('a known practitioner is returned for the later checks', () => {
    const ref = new ReferentialBuilder().build();
    expect(checkPractitioner(invoiceOf(), ref, [], anyIban)?.optam).toBe(true);
  });

  it('a convention ended before the date of care → PS_NON_CONVENTIONNE at that date', () => {
    const ref = new ReferentialBuilder().withPractitioner({ conventionTo: 20261031 as DateYmd }).build();
    const motives = collect((m) => checkPractitioner(invoiceOf(), ref, m, anyIban));
    expect(motives).toEqual([{ code: 'PS_NON_CONVENTIONNE', label: 'Professionnel de santé non conventionné au 12/11/2026' }]);
  });

  it('a convention starting after the first act names that act date', () => {
    const ref = new ReferentialBuilder().withPractitioner({ conventionFrom: 20261110 as DateYmd }).build();
    const invoice = invoiceOf([{ actDate: 20261112 }, { actDate: 20261105 }, { actDate: 20261109 }]);
    const motives = collect((m) => checkPractitioner(invoice, ref, m, anyIban));
    expect(motives.map((m) => m.label)).toEqual(['Professionnel de santé non conventionné au 05/11/2026']);
  });

  it('an IBAN the validator refuses → PS_IBAN_INVALIDE', () => {
    const ref = new ReferentialBuilder().build();
    expect(codesOf(collect((m) => checkPractitioner(invoiceOf(), ref, m, () => false)))).toEqual(['PS_IBAN_INVALIDE']);
  });

  it('assessInvoice checks the IBAN as a SEPA IBAN: a wrong check digit is refused, the valid one is not', () => {
    const good = new ReferentialBuilder().withGuarantee(guaranteeOf('MEDG', 'TM', 1_000_000)).build();
    const bad = new ReferentialBuilder()
      .withPractitioner({ iban: VALID_IBAN.replace('FR76', 'FR77') })
      .withGuarantee(guaranteeOf('MEDG', 'TM', 1_000_000))
      .build();
    expect(codesOf(assess(invoiceOf(), good).motives)).toEqual([]);
    expect(codesOf(assess(invoiceOf(), bad).motives)).toEqual(['PS_IBAN_INVALIDE']);
  });
});
