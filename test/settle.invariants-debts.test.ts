import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/domain/decision.js';
import type { DebtOffset, OpenDebt } from '../engine/domain/regularisation.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { checkRunInvariants, type InvariantCode, type RunInvariantInput } from '../engine/settle/invariants.js';
import { payerKey, setOff } from '../engine/settle/set-off.js';
import { TransferGrouper } from '../engine/settle/transfers.js';
import { ACCOUNTING_DATE, decisionOf } from './support/decision-builder.js';

const PS = '991023763';
const AMC = '0012345678';
const c = (n: number): Cents => n as Cents;
const openDebt: OpenDebt = { practitionerId: PS, amcNumber: AMC, invoiceNumber: '000000050', originalInvoice: '000000040', amountCents: c(900), createdOn: 20261020 as DateYmd, remainingCents: c(900) };

/**
 * A day of PS paid 12.34 + a complement of 3.00 (gross 15.34), recovering an older debt of 9.00 and
 * the one of 5.00 a rectificative down created: transfer 1.34, NOEMIE total 1.34, nothing left open.
 */
function dayWithSetOff(): RunInvariantInput {
  const decisions: Decision[] = [
    decisionOf({ sequence: 1, invoiceNumber: '000000001', practitionerId: PS }),
    decisionOf({ sequence: 2, invoiceNumber: '000000002', practitionerId: PS, paidCents: c(300), claimedCents: c(1200),
      regularisation: { nature: 'RECTIFICATIVE', rectifiedInvoice: '000000030', originalInvoice: '000000030', previousCents: c(900), newCents: c(1200), deltaCents: 300 } }),
    decisionOf({ sequence: 3, invoiceNumber: '000000003', practitionerId: PS, paidCents: c(0), claimedCents: c(400),
      regularisation: { nature: 'RECTIFICATIVE', rectifiedInvoice: '000000031', originalInvoice: '000000031', previousCents: c(900), newCents: c(400), deltaCents: -500 } }),
  ];
  const grouper = new TransferGrouper({ accountingDate: ACCOUNTING_DATE, returnRefOf: () => 'R' });
  for (const d of decisions) grouper.add(d);
  const created = [{ practitionerId: PS, amcNumber: AMC, invoiceNumber: '000000003', originalInvoice: '000000031', amountCents: c(500), createdOn: ACCOUNTING_DATE }];
  const debts = setOff(grouper.grossByPayer(), [openDebt], created);
  const transfers = grouper.transfers(debts.recoveredByPractitioner);
  return {
    invoicesIn: { count: 3, claimedCents: c(1234 + 1200 + 400) }, decisions, transfers,
    noemieTotals: [{ practitionerId: PS, accountingDate: ACCOUNTING_DATE, paidCents: c(1234 + 300 - 900 - 500) }],
    accountingDate: ACCOUNTING_DATE,
    debts: { openBefore: [openDebt], created, offsets: debts.offsets, openAfter: debts.openAfter },
  };
}

const codesOf = (input: RunInvariantInput): InvariantCode[] => checkRunInvariants(input).map((v) => v.code);

describe('run invariants with regularisations and set-off', () => {
  it('finds nothing wrong with a consistent day: Σ paid + Σ complements − Σ offsets = Σ transfers', () => {
    const day = dayWithSetOff();
    expect(day.transfers.map((t) => t.amountCents)).toEqual([134]);
    expect(checkRunInvariants(day)).toEqual([]);
    expect(payerKey(PS, AMC)).toBe(`${PS}|${AMC}`);
  });

  it('a transfer that forgot the set-off breaks the transfer and the NOEMIE invariants', () => {
    const day = dayWithSetOff();
    const transfers = day.transfers.map((t) => ({ ...t, amountCents: c(1534) }));
    expect(codesOf({ ...day, transfers })).toEqual(expect.arrayContaining(['TPLIQ_INVARIANT_TRANSFER_PAID', 'TPLIQ_INVARIANT_TRANSFER_NOEMIE', 'TPLIQ_INVARIANT_TRANSFERS_TOTAL']));
  });

  it('debts that do not balance (open after ≠ before + created − recovered) are named per practitioner', () => {
    const day = dayWithSetOff();
    expect(day.debts!.openAfter).toEqual([]);
    const debts = { ...day.debts!, openAfter: [{ ...openDebt, remainingCents: c(100) }] };
    expect(codesOf({ ...day, debts })).toEqual(['TPLIQ_INVARIANT_DEBT_BALANCE']);
  });

  it('an offset larger than what the day pays the practitioner is refused', () => {
    const day = dayWithSetOff();
    const offsets: DebtOffset[] = [{ ...day.debts!.offsets[0]!, amountCents: c(5000), remainingCents: c(0) }];
    expect(codesOf({ ...day, debts: { ...day.debts!, offsets } })).toContain('TPLIQ_INVARIANT_OFFSET_EXCEEDS_PAID');
  });
});
