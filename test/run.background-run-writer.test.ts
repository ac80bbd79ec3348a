import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { NO_ACT_LINES } from '../codecs/binary/packed-act-lines.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { BackgroundRunWriter } from '../engine/run/background-run-writer.js';
import type { LedgerThreadData } from '../engine/run/ledger-thread-protocol.js';
import { openPaidKeyFilter, PAID_KEY_FILTER_FILE } from '../engine/run/paid-key-filter-file.js';
import { DecisionSpool, type SpooledInvoice } from '../engine/run/decision-spool.js';
import { spoolRowInputOf } from '../engine/run/spooled-invoice.js';
import { decisionOf } from './support/decision-builder.js';
import { cents, invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';

// The writer thread runs the compiled engine (dist/), which `npm test` builds first.
let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function spoolOf(invoices: Array<Partial<SpooledInvoice> & { decision: SpooledInvoice['decision'] }>): { dataDir: string; spoolDir: string } {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-bg-writer-'));
  const spoolDir = join(dir, 'spool');
  const spool = new DecisionSpool(spoolDir);
  for (const inv of invoices) {
    // Each paid invoice has a functional key of its own, as the commit step sees to (its sequence here).
    spool.add(spoolRowInputOf({ channel: 'B2_PS', nir: '', nirKey: '', birthRank: 1, careDate: 20261112 as DateYmd, functionalKeyHi: 0, functionalKeyLo: inv.decision.sequence, pecNumber: '', pecCents: cents(0), amoCents: cents(0), actLines: NO_ACT_LINES, natureAssurance: '', lotSendDate: 0 as DateYmd, lateBankingDays: false, ...inv }));
  }
  spool.flushAll();
  return { dataDir: join(dir, 'data'), spoolDir };
}

function count(dataDir: string, sql: string): number {
  const db = new Database(join(dataDir, LEDGER_FILE_NAME), { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A run that pays no transfer and regularises nothing. */
const NO_SETTLEMENT: LedgerThreadData['settlement'] = { transfers: [], pecsConsumed: [] };

const invoice = (i: number, practitionerId: string, status: 'PAID' | 'REJECTED' = 'PAID'): SpooledInvoice['decision'] =>
  decisionOf({ sequence: i, invoiceNumber: String(i).padStart(9, '0'), practitionerId, status, claimedCents: cents(1000 + i) });

describe('BackgroundRunWriter (the ledger written by its own thread, from the spool)', () => {
  it('inserts every spooled invoice, the PECs of the paid ones and the settlement, then commits with the outputs', async () => {
    const spooled = [
      ...Array.from({ length: 130 }, (_, k) => ({ decision: invoice(k + 1, k % 2 === 0 ? '991023763' : '991023771') })),
      { decision: invoice(200, '991023763'), pecNumber: 'PEC000000200' },
      { decision: invoice(201, '991023763', 'REJECTED'), pecNumber: 'PEC000000201' },
    ];
    const { dataDir, spoolDir } = spoolOf(spooled);
    const transfer = { practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(1234), endToEndId: 'E2E-991023763' };
    const writer = new BackgroundRunWriter({ dataDir, spoolDir, header: runRecordOf(), settlement: { transfers: [transfer], pecsConsumed: [] } });
    const output = { path: 'summary.json', sha256: 'ab'.repeat(32), sizeBytes: 12 };
    const totals = await writer.commit({ outputs: [output] });
    expect(totals.invoiceCount).toBe(132);
    // The settlement, written by the thread before the commit, and the outputs brought by it.
    expect(totals).toMatchObject({ transferCount: 1, transferCents: 1234 });
    expect(count(dataDir, "SELECT amount_cents FROM transfers WHERE practitioner_id = '991023763'")).toBe(1234);
    expect(count(dataDir, "SELECT size_bytes FROM run_outputs WHERE path = 'summary.json'")).toBe(12);
    expect(totals.rejectedCount).toBe(1);
    expect(count(dataDir, 'SELECT count(*) FROM invoices')).toBe(132);
    expect(count(dataDir, 'SELECT sum(claimed_cents) FROM invoices')).toBe(spooled.reduce((s, x) => s + x.decision.claimedCents, 0));
    // The rejected invoice did not consume its PEC.
    expect(count(dataDir, "SELECT count(*) FROM pecs_consumed WHERE pec_number = 'PEC000000200'")).toBe(1);
    expect(count(dataDir, 'SELECT count(*) FROM pecs_consumed')).toBe(1);
  });

  it('leaves nothing in the ledger when the run aborts', async () => {
    const { dataDir, spoolDir } = spoolOf(Array.from({ length: 80 }, (_, k) => ({ decision: invoice(k + 1, '991023763') })));
    const transfer = { practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(500), endToEndId: 'E2E-991023763' };
    const writer = new BackgroundRunWriter({ dataDir, spoolDir, header: runRecordOf(), settlement: { transfers: [transfer], pecsConsumed: [] } });
    await writer.abort();
    expect(count(dataDir, 'SELECT count(*) FROM runs')).toBe(0);
    expect(count(dataDir, 'SELECT count(*) FROM invoices')).toBe(0);
    expect(count(dataDir, 'SELECT count(*) FROM transfers')).toBe(0);
  });

  it('reports a failure of the thread as the commit error, with nothing written', async () => {
    const { dataDir, spoolDir } = spoolOf([{ decision: decisionOf({ file: 'inbox/not-listed.b2' }) }]);
    const writer = new BackgroundRunWriter({ dataDir, spoolDir, header: runRecordOf(), settlement: NO_SETTLEMENT });
    await expect(writer.commit({})).rejects.toThrow(/ledger: .*not-listed\.b2/);
    await writer.abort();
    expect(count(dataDir, 'SELECT count(*) FROM runs')).toBe(0);
  });

  describe('with the data folder\'s filter of paid keys', () => {
    /** A ledger holding one earlier run (two paid invoices of practitioner 991023779), and its filter as a run opens it. */
    function ledgerWithFilter(dataDir: string): ReturnType<typeof openPaidKeyFilter>['filter'] {
      const ledger = openLedger(dataDir);
      try {
        ledger.recordRun(runRecordOf({
          runId: 'RUN-EARLIER',
          invoices: [1, 2].map((n) => invoiceRecordOf({ sequence: n, practitionerId: '991023779', invoiceNumber: String(n).padStart(9, '0') }, `00000001${String(n).padStart(8, '0')}`)),
        }));
        return openPaidKeyFilter(dataDir, ledger.paidKeySource()!).filter;
      } finally {
        ledger.close();
      }
    }

    it('saves the filter it is handed with the commit, covering the run: the same bytes as one rebuilt from the ledger', async () => {
      const decisions = [
        ...Array.from({ length: 40 }, (_, k) => ({ decision: invoice(k + 1, k % 2 === 0 ? '991023763' : '991023771') })),
        { decision: invoice(41, '991023763', 'REJECTED') },
      ];
      const { dataDir, spoolDir } = spoolOf(decisions);
      const filter = ledgerWithFilter(dataDir);
      // What the returns do as they read the spool: the paid invoices' keys go into the filter.
      for (const { decision } of decisions) {
        if (decision.status !== 'PAID') continue;
        filter.addInvoice(decision.practitionerId, decision.invoiceNumber);
        filter.addFunctionalKey(0, decision.sequence);
      }
      const writer = new BackgroundRunWriter({ dataDir, spoolDir, header: runRecordOf(), settlement: NO_SETTLEMENT });
      await writer.commit({}, filter);
      // Its words moved to the thread: this thread's copy refuses to answer rather than say "no".
      expect(() => filter.mayHaveInvoice('991023763', '000000001')).toThrow(/handed over/);

      const path = join(dataDir, PAID_KEY_FILTER_FILE);
      const savedByThread = readFileSync(path);
      const ledger = openLedger(dataDir);
      try {
        const reopened = openPaidKeyFilter(dataDir, ledger.paidKeySource()!);
        expect(reopened.origin).toBe('saved');
        expect(reopened.filter.coveredRun?.runId).toBe(runRecordOf().runId);
        expect(reopened.filter.counts).toEqual({ exact: 42, functional: 42 });
        expect(reopened.filter.mayHaveInvoice('991023771', '000000040')).toBe(true);
        expect(reopened.filter.mayHaveFunctionalKey(0, 40)).toBe(true);
        // The rejected invoice's keys are not paid ones (1 Mi keys of room for 42: a false maybe is negligible).
        expect(reopened.filter.mayHaveInvoice('991023763', '000000041')).toBe(false);
        rmSync(path);
        expect(openPaidKeyFilter(dataDir, ledger.paidKeySource()!).origin).toBe('rebuilt');
        expect(readFileSync(path).equals(savedByThread)).toBe(true);
      } finally {
        ledger.close();
      }
    });

    it('leaves the filter as it was when the run aborts', async () => {
      const { dataDir, spoolDir } = spoolOf(Array.from({ length: 10 }, (_, k) => ({ decision: invoice(k + 1, '991023763') })));
      ledgerWithFilter(dataDir);
      const before = readFileSync(join(dataDir, PAID_KEY_FILTER_FILE));
      const writer = new BackgroundRunWriter({ dataDir, spoolDir, header: runRecordOf(), settlement: NO_SETTLEMENT });
      await writer.abort();
      expect(readFileSync(join(dataDir, PAID_KEY_FILTER_FILE)).equals(before)).toBe(true);
    });
  });
});
