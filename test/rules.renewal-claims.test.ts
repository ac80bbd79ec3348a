import { describe, expect, it } from 'vitest';
import type { EquipmentItem } from '../engine/domain/equipment.js';
import type { Guarantee } from '../engine/domain/referential.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import type { InvoiceCoverage } from '../engine/rules/coverage.js';
import { beneficiaryCounterKey, renewalClaims } from '../engine/rules/renewal-claims.js';
import { invoiceOf } from './support/invoice-builder.js';
import { guaranteeOf, OPEN_END } from './support/referential-builder.js';

const item = (kind: EquipmentItem['kind']): EquipmentItem => ({
  actCode: 'X', kind, santeClass: 'B', lensGrade: kind === 'LENS' ? 'SIMPLE' : undefined, priceLimitCents: 0 as Cents, validity: { from: 20200101 as DateYmd, to: OPEN_END },
});
const responsable = guaranteeOf('OPTI', 'FR', 100, { responsable: true });
const notResponsable = guaranteeOf('OPTI', 'FR', 100, { responsable: false });

function coverage(items: (EquipmentItem | undefined)[], guarantee: Guarantee): InvoiceCoverage {
  return { acts: items.map(() => undefined), domains: items.map(() => 'OPTI'), guarantees: items.map(() => guarantee), equipment: items };
}

describe('renewal periods as counters (R871-2 3° and 4°, rules.md §2.6–2.7)', () => {
  const lines = [{ actDate: 20261110, amc: 9997 }, { actDate: 20261112, amc: 9997 }, { actDate: 20261112, amc: 9997 }];

  it('an adult\'s optical equipment: one claim, delivered with its last piece, conflicting with any other within 2 years either way', () => {
    const invoice = invoiceOf(lines, { birthDate: 19850715 as DateYmd });
    const cov = coverage([item('FRAME'), item('LENS'), item('LENS')], responsable);
    const renewals = renewalClaims(invoice, cov, [9997, 9997, 9997] as Cents[]);
    const [claim, ...rest] = renewals!.claims;
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({ careDate: 20261112, fromDate: 20241113, toDate: 20281111, countCeiling: 1, acts: 1, rawCents: 29_991, declaredCents: 29_991, kind: 'RENEWAL' });
    expect(claim!.key).toBe(`RENOUVELLEMENT_OPTIQUE|${beneficiaryCounterKey(invoice)}`);
    expect(claim!.key).not.toContain(invoice.nir);
    expect(renewals!.lines).toEqual([true, true, true]);
  });

  it('under 16 on the day of delivery, the period is one year', () => {
    const invoice = invoiceOf(lines, { birthDate: 20110101 as DateYmd });
    const [claim] = renewalClaims(invoice, coverage([item('FRAME'), item('LENS'), item('LENS')], responsable), [1, 1, 1] as Cents[])!.claims;
    expect([claim!.fromDate, claim!.toDate]).toEqual([20251113, 20271111]);
    expect(claim!.label).toBe("un équipement d'optique par période de 1 an");
  });

  it('hearing aids: two per period (the side is not on the invoice), 4 years', () => {
    const invoice = invoiceOf([{ actDate: 20261110, quantity: 2 }]);
    const [claim] = renewalClaims(invoice, coverage([item('HEARING_AID')], responsable), [146_000] as Cents[])!.claims;
    expect(claim).toMatchObject({ countCeiling: 2, acts: 2, fromDate: 20221111, toDate: 20301109 });
  });

  it('nothing for a contract that is not responsable, nor for an invoice with no equipment', () => {
    expect(renewalClaims(invoiceOf(lines), coverage([item('FRAME'), item('LENS'), item('LENS')], notResponsable), [1, 1, 1] as Cents[])).toBeUndefined();
    expect(renewalClaims(invoiceOf(lines), coverage([undefined, undefined, undefined], responsable), [1, 1, 1] as Cents[])).toBeUndefined();
  });
});
