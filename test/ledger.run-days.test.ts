import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import type { Ledger } from '../engine/ledger/ledger.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
function ledger(): Ledger {
  fixture = tempLedger();
  return fixture.ledger;
}
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

/** A run of `paid` paid invoices of 10.00 € and `rejected` rejected ones on `accountingDate`, with its transfer. */
function recordDay(l: Ledger, accountingDate: number, paid: number, rejected: number): void {
  const runId = `RUN-${accountingDate}`;
  const invoices = Array.from({ length: paid + rejected }, (_, i) =>
    invoiceRecordOf({ sequence: i + 1, invoiceNumber: `${accountingDate}${i}`.slice(-9), claimedCents: cents(1000), status: i < paid ? 'PAID' : 'REJECTED' }),
  );
  const transfers = paid === 0 ? [] : [{ practitionerId: '991023763', accountingDate: accountingDate as DateYmd, amountCents: cents(1000 * paid), endToEndId: `TPLIQ-${accountingDate}-991023763` }];
  l.recordRun(runRecordOf({ runId, accountingDate: accountingDate as DateYmd, invoices, transfers }));
}

describe('Ledger.runDays (the history report.html charts)', () => {
  it('answers the totals of each accounting day from the first day of the window to the day before the run, oldest first', () => {
    const l = ledger();
    recordDay(l, 20261120, 3, 1);
    recordDay(l, 20261024, 1, 0);
    recordDay(l, 20261025, 2, 2);
    recordDay(l, 20261123, 5, 0);
    expect(l.runDays(20261025 as DateYmd, 20261123 as DateYmd)).toEqual([
      { accountingDate: 20261025, runCount: 1, invoiceCount: 4, paidCount: 2, paidCents: 2000, rejectedCount: 2, transferCents: 2000 },
      { accountingDate: 20261120, runCount: 1, invoiceCount: 4, paidCount: 3, paidCents: 3000, rejectedCount: 1, transferCents: 3000 },
    ]);
  });

  it('keeps answering for days whose control data was purged: the run rows stay', () => {
    const l = ledger();
    recordDay(l, 20261102, 2, 1);
    expect(l.purge(20261110 as DateYmd).runs).toBe(1);
    expect(l.runDays(20261101 as DateYmd, 20261123 as DateYmd)).toEqual([
      { accountingDate: 20261102, runCount: 1, invoiceCount: 3, paidCount: 2, paidCents: 2000, rejectedCount: 1, transferCents: 2000 },
    ]);
  });

  it('answers nothing on an empty ledger', () => {
    expect(ledger().runDays(20261025 as DateYmd, 20261123 as DateYmd)).toEqual([]);
  });
});
