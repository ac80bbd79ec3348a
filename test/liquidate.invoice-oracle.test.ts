import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EquipmentItem, EquipmentMaximumKey } from '../engine/domain/equipment.js';
import type { Formula, Guarantee } from '../engine/domain/referential.js';
import type { Cents, DateYmd, RatePpm } from '../engine/domain/units.js';
import { oracleInvoiceAmcCents } from '../engine/liquidate/invoice-amc-oracle.js';
import { liquidateInvoice, type LiquidationTerms } from '../engine/liquidate/liquidate-invoice.js';
import { invoiceOf } from './support/invoice-builder.js';
import { guaranteeOf, OPEN_END } from './support/referential-builder.js';

const ITEM_SHAPES: readonly Pick<EquipmentItem, 'kind' | 'santeClass' | 'lensGrade'>[] = [
  { kind: 'LENS', santeClass: 'B', lensGrade: 'SIMPLE' },
  { kind: 'LENS', santeClass: 'B', lensGrade: 'COMPLEXE' },
  { kind: 'LENS', santeClass: 'B', lensGrade: 'TRES_COMPLEXE' },
  { kind: 'FRAME', santeClass: 'B', lensGrade: undefined },
  { kind: 'LENS', santeClass: 'A', lensGrade: undefined },
  { kind: 'FRAME', santeClass: 'A', lensGrade: undefined },
  { kind: 'HEARING_AID', santeClass: 'I', lensGrade: undefined },
  { kind: 'HEARING_AID', santeClass: 'II', lensGrade: undefined },
  { kind: 'DENTAL_PROSTHESIS', santeClass: '100S', lensGrade: undefined },
  { kind: 'DENTAL_PROSTHESIS', santeClass: 'OTHER', lensGrade: undefined },
];
const FORMULAS: Formula[] = ['TM', 'FR', 'BR_INCL_AMO', 'FORFAIT', 'EQUIPMENT_FORFAIT', 'PEC', 'NOT_COVERED'];
const MAXIMA: Record<EquipmentMaximumKey, number> = {
  OPTIQUE_B_SIMPLE_SIMPLE: 42_000,
  OPTIQUE_B_SIMPLE_COMPLEXE: 56_000,
  OPTIQUE_B_COMPLEXE_COMPLEXE: 70_000,
  OPTIQUE_B_SIMPLE_TRES_COMPLEXE: 61_000,
  OPTIQUE_B_COMPLEXE_TRES_COMPLEXE: 75_000,
  OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE: 80_000,
  OPTIQUE_B_FRAME: 10_000,
  AUDIO_II_AID: 170_000,
};

const lineArbitrary = fc.record({
  shape: fc.option(fc.constantFrom(...ITEM_SHAPES), { nil: undefined, freq: 5 }),
  priceLimit: fc.integer({ min: 1, max: 100_000 }),
  base: fc.integer({ min: 0, max: 50_000 }),
  amoRate: fc.integer({ min: 0, max: 100 }),
  fee: fc.integer({ min: 0, max: 400_000 }),
  quantity: fc.integer({ min: 1, max: 3 }),
  guarantee: fc.integer({ min: 0, max: 2 }),
});
const guaranteeArbitrary = fc.record({
  formula: fc.constantFrom(...FORMULAS),
  rate: fc.integer({ min: 0, max: 3_000_000 }),
  amount: fc.integer({ min: 0, max: 200_000 }),
  responsable: fc.boolean(),
});

describe('the capped invoice computation equals the decimal.js arithmetic of record', () => {
  it('on random equipment invoices: classes, grades, forfaits, maxima, quantities (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lineArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(guaranteeArbitrary, { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        (lines, guaranteeSpecs, maximaKnown) => {
          const guarantees: Guarantee[] = guaranteeSpecs.map((g, k) =>
            guaranteeOf(`D${k}`, g.formula, g.rate, { amountCents: g.amount as Cents, responsable: g.responsable }),
          );
          const invoice = invoiceOf(
            lines.map((l) => {
              const amo = Math.round((l.base * l.amoRate) / 100);
              return { actCode: 'X', base: l.base, rate: l.amoRate, amo, fee: Math.max(amo, l.fee), amc: l.fee, quantity: l.quantity };
            }),
          );
          const items = lines.map((l): EquipmentItem | undefined =>
            l.shape === undefined
              ? undefined
              : {
                actCode: 'X',
                ...l.shape,
                priceLimitCents: (['A', 'I', '100S'].includes(l.shape.santeClass) ? l.priceLimit : 0) as Cents,
                validity: { from: 20200101 as DateYmd, to: OPEN_END },
              },
          );
          const terms: LiquidationTerms = {
            guarantees: lines.map((l) => guarantees[l.guarantee]),
            acts: lines.map(() => undefined),
            nonOptamPractitioner: false,
            equipment: { items, maxima: { equipmentMaximumCents: (limit) => (maximaKnown ? (MAXIMA[limit] as Cents) : undefined) } },
          };
          expect(liquidateInvoice(invoice, terms).lineAmcCents).toEqual(oracleInvoiceAmcCents(invoice, terms));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with the worked example of rules.md §2.6 (299.91)', () => {
    const line = (fee: number) => ({ actCode: 'X', base: 5, rate: 60, amo: 3, fee, amc: 0 });
    const invoice = invoiceOf([line(15_000), line(10_000), line(10_000)]);
    const item = (kind: EquipmentItem['kind'], lensGrade: EquipmentItem['lensGrade']): EquipmentItem => ({
      actCode: 'X',
      kind,
      santeClass: 'B',
      lensGrade,
      priceLimitCents: 0 as Cents,
      validity: { from: 20200101 as DateYmd, to: OPEN_END },
    });
    const forfait = guaranteeOf('OPTI', 'EQUIPMENT_FORFAIT', 0 as RatePpm, { amountCents: 30_000 as Cents });
    const terms: LiquidationTerms = {
      guarantees: [forfait, forfait, forfait],
      acts: [undefined, undefined, undefined],
      nonOptamPractitioner: false,
      equipment: {
        items: [item('FRAME', undefined), item('LENS', 'SIMPLE'), item('LENS', 'SIMPLE')],
        maxima: { equipmentMaximumCents: (limit) => MAXIMA[limit] as Cents },
      },
    };
    expect(oracleInvoiceAmcCents(invoice, terms)).toEqual([9997, 9997, 9997]);
    expect(liquidateInvoice(invoice, terms).lineAmcCents).toEqual([9997, 9997, 9997]);
  });
});
