import { describe, expect, it } from 'vitest';
import type { Guarantee } from '../engine/domain/referential.js';
import type { Cents } from '../engine/domain/units.js';
import { liquidateInvoice } from '../engine/liquidate/liquidate-invoice.js';
import { lineAmcCents } from '../engine/liquidate/line-amc.js';
import { parseRate } from '../engine/money/rate.js';
import { invoiceOf } from './support/invoice-builder.js';
import { DEFAULT_ACTS, guaranteeOf } from './support/referential-builder.js';

const G = DEFAULT_ACTS.find((a) => a.actCode === 'G');

describe('liquidateInvoice sums rounded lines', () => {
  it('three BR 1.15 € lines at 70 %: 3 × 0.34 = 1.02, not the 1.03 of rounding the total', () => {
    const invoice = invoiceOf([
      { base: 115, rate: 70, amo: 81, fee: 115, amc: 34 },
      { base: 115, rate: 70, amo: 81, fee: 115, amc: 34 },
      { base: 115, rate: 70, amo: 81, fee: 115, amc: 34 },
    ]);
    const cover = guaranteeOf('MEDG', 'TM', parseRate('100'));
    const result = liquidateInvoice(invoice, { guarantees: [cover, cover, cover], acts: [G, G, G], nonOptamPractitioner: false });
    expect(result.lineAmcCents).toEqual([34, 34, 34]);
    expect(result.amcCents).toBe(102);
  });

  it('a line no guarantee covers contributes 0', () => {
    const invoice = invoiceOf([{}, { actCode: 'XYZ', amc: 0 }]);
    const cover = guaranteeOf('MEDG', 'TM', parseRate('100'));
    const result = liquidateInvoice(invoice, { guarantees: [cover, undefined], acts: [G, undefined], nonOptamPractitioner: false });
    expect(result.lineAmcCents).toEqual([900, 0]);
    expect(result.amcCents).toBe(900);
  });

  it('reads the hors-parcours flag from the invoice and the médecin family from the act', () => {
    const cover = guaranteeOf('MEDG', 'TM', parseRate('100'));
    const line = { base: 3000, rate: 30, amo: 900, fee: 3000, amc: 900 };
    const horsParcours = invoiceOf([line], { horsParcours: true });
    const inParcours = invoiceOf([line], { horsParcours: false });
    const terms = { guarantees: [cover], acts: [G], nonOptamPractitioner: false };
    expect(liquidateInvoice(horsParcours, terms).amcCents).toBe(900);
    expect(liquidateInvoice(inParcours, terms).amcCents).toBe(2100);
    expect(liquidateInvoice(horsParcours, { ...terms, acts: [undefined] }).amcCents).toBe(2100);
  });

  it('never pays a negative part nor more than FR − AMO, whatever the formula', () => {
    const line = invoiceOf([{ base: 3000, rate: 70, amo: 2100, fee: 2500, amc: 400 }]).lines[0]!;
    const formulas: Guarantee[] = [
      guaranteeOf('MEDG', 'TM', parseRate('100')),
      guaranteeOf('MEDG', 'BR_INCL_AMO', parseRate('50')), // 15.00 − 21.00 < 0
      guaranteeOf('MEDG', 'BR_EXCL_AMO', parseRate('300')),
      guaranteeOf('MEDG', 'FR', parseRate('100')),
    ];
    const conditions = { horsParcours: false, nonOptamPractitioner: false };
    expect(formulas.map((g) => lineAmcCents(line, g, true, conditions))).toEqual([400, 0, 400, 400]);
  });

  it('a fractional quantity (rejected by the amounts rule) pays nothing rather than a fraction of a cent', () => {
    const line = invoiceOf([{ actCode: 'AMI', base: 0, rate: 0, amo: 0, fee: 3000, quantity: 1.5 }]).lines[0]!;
    const unit = guaranteeOf('INFI', 'UNIT', 0, { amountCents: 333 as Cents });
    expect(lineAmcCents(line, unit, false, { horsParcours: false, nonOptamPractitioner: false })).toBe(0);
  });
});
