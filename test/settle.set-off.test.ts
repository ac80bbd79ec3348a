import { describe, expect, it } from 'vitest';
import type { Debt, OpenDebt } from '../engine/domain/regularisation.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { payerKey, setOff } from '../engine/settle/set-off.js';

const A = '0000012345';
const B = '0000067890';
const open = (invoiceNumber: string, amc: string, remaining: number, createdOn = 20261001): OpenDebt => ({
  practitionerId: 'PS1', amcNumber: amc, invoiceNumber, originalInvoice: `9${invoiceNumber.slice(1)}`, amountCents: (remaining + 100) as Cents,
  createdOn: createdOn as DateYmd, remainingCents: remaining as Cents,
});
const created = (invoiceNumber: string, amc: string, amount: number): Debt => ({
  practitionerId: 'PS1', amcNumber: amc, invoiceNumber, originalInvoice: '000000001', amountCents: amount as Cents, createdOn: 20261123 as DateYmd,
});

describe('set-off of debts against the day\'s transfers (rules.md §6.2, §7.2)', () => {
  it('recovers the oldest debts first, the day\'s own last, and carries the rest forward', () => {
    const result = setOff(new Map([[payerKey('PS1', A), 5000]]), [open('000000010', A, 3000), open('000000011', A, 4000, 20261101)], [created('000000012', A, 700)]);
    expect(result.offsets.map((o) => [o.debtInvoice, o.amountCents, o.remainingCents])).toEqual([['000000010', 3000, 0], ['000000011', 2000, 2000]]);
    expect(result.recoveredByPractitioner.get('PS1')).toBe(5000);
    expect(result.openAfter.map((d) => [d.invoiceNumber, d.remainingCents])).toEqual([['000000011', 2000], ['000000012', 700]]);
  });

  it('recovers an AMC\'s debt from that AMC\'s payments only', () => {
    const result = setOff(new Map([[payerKey('PS1', A), 1000], [payerKey('PS1', B), 9000]]), [open('000000010', A, 3000)], []);
    expect(result.offsets.map((o) => o.amountCents)).toEqual([1000]);
    expect(result.openAfter[0]!.remainingCents).toBe(2000);
  });

  it('takes nothing from a practitioner paid nothing today, and nothing from another practitioner', () => {
    const result = setOff(new Map([[payerKey('PS2', A), 9000]]), [open('000000010', A, 3000)], []);
    expect(result.offsets).toEqual([]);
    expect(result.recoveredByPractitioner.size).toBe(0);
    expect(result.openAfter.map((d) => d.remainingCents)).toEqual([3000]);
  });

  it('never recovers more than what the day pays: a transfer is never negative', () => {
    const result = setOff(new Map([[payerKey('PS1', A), 250]]), [open('000000010', A, 3000)], [created('000000012', A, 900)]);
    expect(result.recoveredByPractitioner.get('PS1')).toBe(250);
    expect(result.openAfter.reduce((n, d) => n + d.remainingCents, 0)).toBe(3000 + 900 - 250);
  });
});
