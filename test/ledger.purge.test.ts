import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { CONTROL_RETENTION_DAYS, LEDGER_FILE_NAME, retentionCutoff, type Ledger } from '../engine/ledger/ledger.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger>;
let ledger: Ledger;

/** One run on 2026-08-20 (old) and one on 2026-11-23 (recent), each paying its own invoice. */
beforeEach(() => {
  fixture = tempLedger();
  ledger = fixture.ledger;
  for (const [runId, accountingDate, invoiceNumber] of [
    ['OLD', 20260820, '000000001'],
    ['NEW', 20261123, '000000002'],
  ] as const) {
    ledger.recordRun(
      runRecordOf({
        runId,
        accountingDate: accountingDate as DateYmd,
        invoices: [invoiceRecordOf({ invoiceNumber }, `fk-${runId}`)],
        transfers: [{ practitionerId: '991023763', accountingDate: accountingDate as DateYmd, amountCents: cents(1234), endToEndId: `TPLIQ-${accountingDate}-991023763` }],
        pecsConsumed: [{ pecNumber: `PEC-${runId}`, consumedCents: cents(1234), practitionerId: '991023763', invoiceNumber }],
      }),
    );
  }
});
afterEach(() => fixture.dispose());

const runsTable = (): { run_id: string; purged_before: number | null; paid_cents: number }[] => {
  const db = new Database(join(fixture.dataDir, LEDGER_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT run_id, purged_before, paid_cents FROM runs ORDER BY run_id').all() as {
      run_id: string;
      purged_before: number | null;
      paid_cents: number;
    }[];
  } finally {
    db.close();
  }
};

describe('Ledger.purge (90-day control retention, protocol §9-2-1)', () => {
  it('removes the files, lots, invoices and transfers of runs before the date and counts them', () => {
    expect(ledger.purge(20261101 as DateYmd)).toEqual({ runs: 1, files: 1, lots: 1, invoices: 1, paidFunctionalKeys: 0, transfers: 1 });
    expect(ledger.fileAlreadyReceived('sha-OLD')).toBeUndefined();
    expect(ledger.invoiceKnown('991023763', '000000001')).toBe(false);
    expect(ledger.functionalKeyKnown('fk-OLD')).toBe(false);
  });

  it('keeps everything of runs on or after the date', () => {
    ledger.purge(20261123 as DateYmd);
    expect(ledger.fileAlreadyReceived('sha-NEW')).toEqual({ runId: 'NEW', name: 'inbox/a.b2' });
    expect(ledger.invoiceKnown('991023763', '000000002')).toBe(true);
    expect(ledger.functionalKeyKnown('fk-NEW')).toBe(true);
  });

  it('keeps the run rows as summaries, marked with the cut-off, and PECs consumed for ever', () => {
    ledger.purge(20261101 as DateYmd);
    expect(runsTable()).toEqual([
      { run_id: 'NEW', purged_before: null, paid_cents: 1234 },
      { run_id: 'OLD', purged_before: 20261101, paid_cents: 1234 },
    ]);
    expect(ledger.pecConsumed('PEC-OLD')).toBe(true);
  });

  it('is idempotent: a second purge with the same date removes nothing more', () => {
    ledger.purge(20261101 as DateYmd);
    expect(ledger.purge(20261101 as DateYmd)).toEqual({ runs: 0, files: 0, lots: 0, invoices: 0, paidFunctionalKeys: 0, transfers: 0 });
  });

  it('removes the paid functional keys (16 hex digits, kept in their own table) of the purged runs only', () => {
    const oldKey = '00000000000000aa';
    const newKey = 'f0000000000000bb';
    for (const [runId, accountingDate, invoiceNumber, key] of [
      ['OLD-HEX', 20260821, '000000003', oldKey],
      ['NEW-HEX', 20261124, '000000004', newKey],
    ] as const) {
      ledger.recordRun(runRecordOf({ runId, accountingDate: accountingDate as DateYmd, invoices: [invoiceRecordOf({ invoiceNumber }, key)] }));
    }
    expect([oldKey, newKey].map((key) => ledger.functionalKeyKnown(key))).toEqual([true, true]);
    expect(ledger.purge(20261101 as DateYmd)).toEqual({ runs: 2, files: 2, lots: 2, invoices: 2, paidFunctionalKeys: 1, transfers: 1 });
    expect([oldKey, newKey].map((key) => ledger.functionalKeyKnown(key))).toEqual([false, true]);
    expect(ledger.paidFunctionalKeysAmong([oldKey, newKey])).toEqual(new Set([newKey]));
  });

  it('computes the cut-off 90 days before the accounting day', () => {
    expect(CONTROL_RETENTION_DAYS).toBe(90);
    expect(retentionCutoff(20261123 as DateYmd)).toBe(20260825);
    expect(ledger.purge(retentionCutoff(20261123 as DateYmd)).runs).toBe(1);
  });
});
