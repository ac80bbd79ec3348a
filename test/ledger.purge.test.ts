import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import type { RunArchiveRecord } from '../engine/history/run-archive-record.js';
import { CONTROL_RETENTION_DAYS, openLedger, retentionCutoff, type Ledger } from '../engine/ledger/ledger.js';
import { motiveOf } from './support/decision-builder.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger>;
let ledger: Ledger;

/** An archive record naming a snapshot blob shared by every run and an inbox blob of the run's own. */
const archiveOf = (runId: string): RunArchiveRecord =>
  ({
    parameters: {},
    inputs: {},
    blobs: [
      { role: 'snapshot', name: 'snapshot', sha256: 'a'.repeat(64), sizeBytes: 10 },
      { role: 'inbox', name: 'a.b2', sha256: `${runId === 'OLD' ? 'b' : 'c'}`.repeat(64), sizeBytes: 20 },
    ],
  }) as unknown as RunArchiveRecord;

/**
 * One run on 2026-08-20 (old) and one on 2026-11-23 (recent), each paying its own invoice (whose
 * record carries a motive label, as a signalled payment would) and rejecting another.
 */
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
        invoices: [
          invoiceRecordOf({ invoiceNumber, motives: [motiveOf('HORS_DELAI', 'signalé')] }, `fk-${runId}`),
          invoiceRecordOf({ sequence: 2, invoiceNumber: `R${invoiceNumber}`, status: 'REJECTED' }, `fk-R-${runId}`),
        ],
        transfers: [{ practitionerId: '991023763', accountingDate: accountingDate as DateYmd, amountCents: cents(1234), endToEndId: `TPLIQ-${accountingDate}-991023763` }],
        pecsConsumed: [{ pecNumber: `PEC-${runId}`, consumedCents: cents(1234), practitionerId: '991023763', invoiceNumber }],
        outputs: [{ path: 'summary.json', sha256: 'd'.repeat(64), sizeBytes: 5 }],
        archive: archiveOf(runId),
      }),
    );
  }
});
afterEach(() => fixture.dispose());

const query = <Row>(sql: string): Row[] => {
  const db = fixture.inspect();
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
};

describe('Ledger.purge (90-day control retention, protocol §9-2-1)', () => {
  it('removes the rejected invoices, lots, transfers, output digests and archive records of runs before the date, and counts them', () => {
    expect(ledger.purge(20261101 as DateYmd)).toEqual({ runs: 1, invoicesRemoved: 1, labelsCleared: 1, lots: 1, transfers: 1, outputs: 1, archives: 1, inputBlobs: 2 });
    expect(query('SELECT run, invoice_number, motives_json FROM invoices ORDER BY id')).toEqual([
      { run: 1, invoice_number: '000000001', motives_json: null },
      { run: 2, invoice_number: '000000002', motives_json: JSON.stringify([{ code: 'HORS_DELAI', label: 'signalé' }]) },
      { run: 2, invoice_number: 'R000000002', motives_json: JSON.stringify([{ code: 'DROITS_FERMES', label: motiveOf('DROITS_FERMES').label }]) },
    ]);
    for (const table of ['lots', 'transfers', 'run_outputs', 'run_archives', 'run_input_blobs']) {
      expect({ table, runs: query<{ run: number }>(`SELECT DISTINCT run FROM ${table}`) }).toEqual({ table, runs: [{ run: 2 }] });
    }
  });

  it('keeps what a later run or a replay looks up: the paid invoices and their keys, the files received, the PECs consumed', () => {
    // A key of 16 hex digits lives in paid_functional_keys (schema version 3), not in its invoice row.
    ledger.recordRun(runRecordOf({ runId: 'OLD-HEX', accountingDate: 20260821 as DateYmd, invoices: [invoiceRecordOf({ invoiceNumber: '000000003' }, '00000000000000aa')] }));
    expect(ledger.purge(20261101 as DateYmd).runs).toBe(2);
    expect(ledger.paidFunctionalKeysAmong(['00000000000000aa', 'fk-OLD', 'fk-R-OLD'])).toEqual(new Set(['00000000000000aa', 'fk-OLD']));
    // An invoice paid before the cut-off and resent later is still a duplicate, as is its care.
    expect(ledger.invoiceKnown('991023763', '000000001')).toBe(true);
    expect(ledger.functionalKeyKnown('fk-OLD')).toBe(true);
    expect(ledger.fileAlreadyReceived('sha-OLD')).toEqual({ runId: 'OLD', name: 'inbox/a.b2' });
    expect(ledger.pecConsumed('PEC-OLD')).toBe(true);
    // A rejected invoice never keyed anything (rules.md §5.2).
    expect(ledger.invoiceKnown('991023763', 'R000000001')).toBe(false);
  });

  it('keeps everything of runs on or after the date', () => {
    expect(ledger.purge(20261123 as DateYmd).runs).toBe(1);
    expect(query('SELECT count(*) AS n FROM invoices WHERE run = 2')).toEqual([{ n: 2 }]);
    expect(ledger.runOutputs('NEW')).toHaveLength(1);
    expect([...ledger.inputBlobDigests()].sort()).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
  });

  it('keeps the run rows as summaries, marked with the cut-off, and says a day was purged', () => {
    ledger.purge(20261101 as DateYmd);
    expect(query('SELECT run_id, purged_before, paid_cents FROM runs ORDER BY run_id')).toEqual([
      { run_id: 'NEW', purged_before: null, paid_cents: 1234 },
      { run_id: 'OLD', purged_before: 20261101, paid_cents: 1234 },
    ]);
    expect(ledger.runCount()).toBe(2);
    expect(ledger.runOnAccountingDate(20260820 as DateYmd)).toEqual({ runId: 'OLD', outDir: null, purged: true });
    expect(ledger.runOnAccountingDate(20261123 as DateYmd)).toEqual({ runId: 'NEW', outDir: null, purged: false });
  });

  it('is idempotent: a second purge with the same date removes nothing more', () => {
    ledger.purge(20261101 as DateYmd);
    expect(ledger.purge(20261101 as DateYmd)).toEqual({ runs: 0, invoicesRemoved: 0, labelsCleared: 0, lots: 0, transfers: 0, outputs: 0, archives: 0, inputBlobs: 0 });
  });

  it('leaves a run whose outputs were never released whole: its release still needs its output digests', () => {
    ledger.recordRun(runRecordOf({ runId: 'UNRELEASED', accountingDate: 20260821 as DateYmd, outDir: '/srv/out/2026-08-21', outputs: [{ path: 'summary.json', sha256: 'e'.repeat(64), sizeBytes: 5 }] }));
    expect(ledger.purge(20261101 as DateYmd).runs).toBe(1);
    expect(ledger.unreleasedRuns().map((run) => [run.runId, run.outputs.length])).toEqual([['UNRELEASED', 1]]);
    ledger.markReleased('UNRELEASED');
    expect(ledger.purge(20261101 as DateYmd)).toMatchObject({ runs: 1, lots: 1, outputs: 1 });
  });

  it('names the archived digests rows still reference, for the archive sweep', () => {
    expect([...ledger.inputBlobDigests()].sort()).toEqual(['a', 'b', 'c'].map((c) => c.repeat(64)));
    ledger.purge(20261101 as DateYmd);
    // The snapshot blob the old run shared with the new one is still named.
    expect([...ledger.inputBlobDigests()].sort()).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
  });

  it('answers the latest accounting date liquidated, purged runs included, and counts retention back from it', () => {
    expect(ledger.latestAccountingDate()).toBe(20261123);
    ledger.purge(20261201 as DateYmd);
    expect(ledger.latestAccountingDate()).toBe(20261123);
    expect(CONTROL_RETENTION_DAYS).toBe(90);
    expect(retentionCutoff(20261123 as DateYmd)).toBe(20260825);
    expect(retentionCutoff(20261123 as DateYmd, 30)).toBe(20261024);
    const empty = tempLedger();
    try {
      expect(empty.ledger.latestAccountingDate()).toBeUndefined();
    } finally {
      empty.dispose();
    }
  });

  it('refuses to purge through a point-in-time view (a replay only reads)', () => {
    const view = openLedger(fixture.dataDir, { url: fixture.url, asOfRunRowId: 2 });
    try {
      expect(view.latestAccountingDate()).toBe(20260820);
      expect(() => view.purge(20261101 as DateYmd)).toThrow(/point-in-time view/);
    } finally {
      view.close();
    }
  });
});
