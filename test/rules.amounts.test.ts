import { describe, expect, it } from 'vitest';
import type { Cents } from '../engine/domain/units.js';
import { checkAmounts, checkDeclaredAmc } from '../engine/rules/amounts.js';
import { codesOf, collect } from './support/assess.js';
import { invoiceOf, type LineAmounts } from './support/invoice-builder.js';
import { guaranteeOf } from './support/referential-builder.js';

const amountMotives = (lines: LineAmounts[], overrides = {}) => collect((m) => checkAmounts(invoiceOf(lines, overrides), m));

describe('AMO figures are used as received, only checked (rules.md §1.1)', () => {
  it('G 30.00 € at 70 %, AMO 21.00 is coherent', () => {
    expect(amountMotives([{}])).toEqual([]);
  });

  it('kiné AMK 16.13 € at 60 %, AMO 9.68 is coherent', () => {
    expect(amountMotives([{ actCode: 'AMK', base: 1613, rate: 60, amo: 968, fee: 1613 }])).toEqual([]);
  });

  it('one cent of AMO rounding difference is tolerated (BR 1.15 € at 70 %: 0.80 or 0.81)', () => {
    expect(amountMotives([{ base: 115, rate: 70, amo: 80, fee: 115, amc: 35 }])).toEqual([]);
  });

  it('|round(BR × taux) − AMO| > 0.01 → MONTANT_INCOHERENT', () => {
    expect(amountMotives([{}, { amo: 2098 }])).toEqual([
      { code: 'MONTANT_INCOHERENT', label: 'Montant incohérent (ligne 2 : part AMO 20,98 ≠ 70 % de 30,00)' },
    ]);
  });

  it.each<[string, LineAmounts, string]>([
    ['AMO above the frais réels (R160-22)', { base: 3000, rate: 100, amo: 3000, fee: 2500 }, 'part AMO supérieure aux frais réels'],
    ['a negative amount', { amc: -100 }, 'montant négatif'],
    ['a zero quantity', { quantity: 0 }, 'quantité nulle ou invalide'],
    ['an AMO rate above 100 %', { rate: 120 }, 'taux AMO 120 % invalide'],
  ])('%s → MONTANT_INCOHERENT', (_, line, reason) => {
    expect(amountMotives([line]).map((m) => m.label)).toEqual([`Montant incohérent (ligne 1 : ${reason})`]);
  });

  it('declared totals that are not the sums of the lines → TOTAL_INCOHERENT naming each total', () => {
    const motives = amountMotives([{}, {}], { declaredFeeCents: 6001 as Cents, declaredAmcCents: 1700 as Cents });
    expect(motives).toEqual([
      {
        code: 'TOTAL_INCOHERENT',
        label: 'Total de facture différent de la somme des lignes (frais réels : total 60,01, lignes 60,00 ; part AMC : total 17,00, lignes 18,00)',
      },
    ]);
  });
});

describe('P6 — no partial payment: declared AMC must equal the recomputation to the cent', () => {
  const cover = guaranteeOf('MEDG', 'TM', 1_000_000);

  it('P6: every line as recomputed → no motive', () => {
    const invoice = invoiceOf([{}, {}]);
    expect(collect((m) => checkDeclaredAmc(invoice, [cover, cover], [900, 900] as Cents[], m))).toEqual([]);
  });

  it('P6: one line one cent off → MONTANT_AMC_DIFFERENT for the whole invoice', () => {
    const invoice = invoiceOf([{}, { amc: 901 }]);
    expect(collect((m) => checkDeclaredAmc(invoice, [cover, cover], [900, 900] as Cents[], m))).toEqual([
      { code: 'MONTANT_AMC_DIFFERENT', label: 'Part complémentaire différente du calcul (ligne 2 : déclarée 9,01, calculée 9,00)' },
    ]);
  });

  it('lines no guarantee covers are left to the coverage rule', () => {
    const invoice = invoiceOf([{}, { amc: 500 }]);
    const notCovered = guaranteeOf('MEDG', 'NOT_COVERED', 0);
    expect(codesOf(collect((m) => checkDeclaredAmc(invoice, [cover, undefined], [900, 0] as Cents[], m)))).toEqual([]);
    expect(codesOf(collect((m) => checkDeclaredAmc(invoice, [cover, notCovered], [900, 0] as Cents[], m)))).toEqual([]);
  });
});
