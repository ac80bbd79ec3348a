import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/domain/decision.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { checkRunInvariants, type InvariantCode, type NoemieTotal, type RunInvariantInput } from '../engine/settle/invariants.js';
import { groupTransfers, type Transfer } from '../engine/settle/transfers.js';
import { ACCOUNTING_DATE, decisionOf } from './support/decision-builder.js';

const c = (n: number): Cents => n as Cents;

/** A consistent run: PS-A paid 10.00 + 2.50, PS-B paid 1.00, one rejection of 7.00 for PS-B. */
function consistentRun(): RunInvariantInput {
  const decisions: Decision[] = [
    decisionOf({ sequence: 1, invoiceNumber: '1', practitionerId: 'PS-A', claimedCents: c(1000) }),
    decisionOf({ sequence: 2, invoiceNumber: '2', practitionerId: 'PS-A', claimedCents: c(250) }),
    decisionOf({ sequence: 3, invoiceNumber: '3', practitionerId: 'PS-B', claimedCents: c(100) }),
    decisionOf({ sequence: 4, invoiceNumber: '4', practitionerId: 'PS-B', status: 'REJECTED', claimedCents: c(700) }),
  ];
  const transfers = groupTransfers(decisions, { accountingDate: ACCOUNTING_DATE, returnRefOf: () => 'R' });
  const noemieTotals: NoemieTotal[] = [
    { practitionerId: 'PS-A', accountingDate: ACCOUNTING_DATE, paidCents: c(1250) },
    { practitionerId: 'PS-B', accountingDate: ACCOUNTING_DATE, paidCents: c(100) },
  ];
  return { invoicesIn: { count: 4, claimedCents: c(2050) }, decisions, transfers, noemieTotals, accountingDate: ACCOUNTING_DATE };
}

const codesOf = (input: RunInvariantInput): InvariantCode[] => checkRunInvariants(input).map((v) => v.code);
const withTransfer = (transfers: readonly Transfer[], practitionerId: string, change: Partial<Transfer>): Transfer[] =>
  transfers.map((t) => (t.practitionerId === practitionerId ? { ...t, ...change } : t));

describe('run invariants', () => {
  it('finds nothing wrong with a consistent run', () => {
    expect(checkRunInvariants(consistentRun())).toEqual([]);
  });

  it('finds nothing wrong with a run that paid nothing', () => {
    const run = consistentRun();
    const decisions = (run.decisions as Decision[]).map((d) => ({ ...d, status: 'REJECTED' as const, paidCents: c(0) }));
    expect(checkRunInvariants({ ...run, decisions, transfers: [], noemieTotals: [] })).toEqual([]);
  });

  it('detects invoices read ≠ paid + rejected (an invoice lost between reading and commit)', () => {
    const run = consistentRun();
    const violations = checkRunInvariants({ ...run, decisions: (run.decisions as Decision[]).slice(0, 3), invoicesIn: { ...run.invoicesIn, claimedCents: c(1350) } });
    expect(violations).toEqual([
      expect.objectContaining({ code: 'TPLIQ_INVARIANT_INVOICE_COUNT', expected: 4, actual: 3 }),
    ]);
  });

  it('detects a claimed amount that changed between reading and decision', () => {
    const run = consistentRun();
    expect(codesOf({ ...run, invoicesIn: { count: 4, claimedCents: c(2051) } })).toEqual(['TPLIQ_INVARIANT_CLAIMED_TOTAL']);
  });

  it('detects a rejected invoice that pays something (P6: rejected whole), listing its sequence', () => {
    const run = consistentRun();
    const decisions = (run.decisions as Decision[]).map((d) => (d.sequence === 4 ? { ...d, paidCents: c(700) } : d));
    const violations = checkRunInvariants({ ...run, decisions });
    expect(violations).toEqual([expect.objectContaining({ code: 'TPLIQ_INVARIANT_DECISION_AMOUNT', sequences: [4] })]);
  });

  it('detects a transfer different from the sum of its paid invoices (and so from the run total)', () => {
    const run = consistentRun();
    const transfers = withTransfer(run.transfers, 'PS-A', { amountCents: c(1251) });
    expect(codesOf({ ...run, transfers })).toEqual([
      'TPLIQ_INVARIANT_TRANSFER_PAID',
      'TPLIQ_INVARIANT_TRANSFER_NOEMIE',
      'TPLIQ_INVARIANT_TRANSFERS_TOTAL',
    ]);
  });

  it('detects a NOEMIE return total that differs from the transfer (P13)', () => {
    const run = consistentRun();
    const noemieTotals = run.noemieTotals.map((n) => (n.practitionerId === 'PS-B' ? { ...n, paidCents: c(99) } : n));
    expect(checkRunInvariants({ ...run, noemieTotals })).toEqual([
      expect.objectContaining({ code: 'TPLIQ_INVARIANT_TRANSFER_NOEMIE', practitionerId: 'PS-B', expected: 99, actual: 100 }),
    ]);
  });

  it('detects a practitioner with paid invoices but no transfer, or no NOEMIE total', () => {
    const run = consistentRun();
    expect(codesOf({ ...run, transfers: run.transfers.filter((t) => t.practitionerId !== 'PS-B') })).toEqual([
      'TPLIQ_INVARIANT_TRANSFER_PAID',
      'TPLIQ_INVARIANT_TRANSFER_NOEMIE',
      'TPLIQ_INVARIANT_TRANSFERS_TOTAL',
    ]);
    expect(codesOf({ ...run, noemieTotals: run.noemieTotals.filter((n) => n.practitionerId !== 'PS-B') })).toEqual([
      'TPLIQ_INVARIANT_TRANSFER_NOEMIE',
    ]);
  });

  it('detects a transfer of zero or less', () => {
    const run = consistentRun();
    const decisions = [...(run.decisions as Decision[]), decisionOf({ sequence: 5, invoiceNumber: '5', practitionerId: 'PS-C', claimedCents: c(0) })];
    const zero: Transfer = { practitionerId: 'PS-C', accountingDate: ACCOUNTING_DATE, amountCents: c(0), invoiceCount: 1, endToEndId: 'E', remittance: '' };
    const violations = checkRunInvariants({ ...run, decisions, invoicesIn: { count: 5, claimedCents: c(2050) }, transfers: [...run.transfers, zero] });
    expect(violations.map((v) => v.code)).toEqual(['TPLIQ_INVARIANT_TRANSFER_NOT_POSITIVE']);
  });

  it('detects two transfers to one practitioner for the day, even when they add up', () => {
    const run = consistentRun();
    const a = run.transfers.find((t) => t.practitionerId === 'PS-A');
    if (a === undefined) throw new Error('fixture');
    const split = [{ ...a, amountCents: c(1000) }, { ...a, amountCents: c(250) }, ...run.transfers.filter((t) => t !== a)];
    expect(codesOf({ ...run, transfers: split })).toEqual(['TPLIQ_INVARIANT_DUPLICATE_SETTLEMENT']);
  });

  it('detects a transfer or a NOEMIE total dated another day than the run', () => {
    const run = consistentRun();
    const otherDay = 20261124 as DateYmd;
    expect(codesOf({ ...run, transfers: withTransfer(run.transfers, 'PS-A', { accountingDate: otherDay }) })).toEqual([
      'TPLIQ_INVARIANT_ACCOUNTING_DATE',
    ]);
    const noemieTotals = run.noemieTotals.map((n) => ({ ...n, accountingDate: otherDay }));
    expect(codesOf({ ...run, noemieTotals })).toEqual(['TPLIQ_INVARIANT_ACCOUNTING_DATE', 'TPLIQ_INVARIANT_ACCOUNTING_DATE']);
  });

  it('lists at most 10 offending sequences but counts them all', () => {
    const run = consistentRun();
    const decisions = Array.from({ length: 25 }, (_, i) =>
      decisionOf({ sequence: i + 1, invoiceNumber: String(i), status: 'REJECTED', paidCents: c(1), claimedCents: c(0) }),
    );
    const [violation] = checkRunInvariants({ ...run, decisions, invoicesIn: { count: 25, claimedCents: c(0) }, transfers: [], noemieTotals: [] });
    expect(violation?.code).toBe('TPLIQ_INVARIANT_DECISION_AMOUNT');
    expect(violation?.actual).toBe(25);
    expect(violation?.sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
