import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { writeMonthlyNotices } from '../engine/history/monthly-notices.js';
import { openLedger } from '../engine/ledger/ledger.js';
import { cents, invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';
import { ledgerUrlOfDataDir, withLedgerOf } from './support/cli-process.js';

/**
 * `writeMonthlyNotices` refusals that the end-to-end test (a real archive) cannot meet: a month
 * whose latest run has no archived referential, and a notices folder already there. Each leaves
 * --out as it was.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data folder whose one run (2 November, recorded without an archive) decided a paper invoice. */
function dataFolder(): { data: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'tpliq-monthly-notices-'));
  made.push(root);
  const data = join(root, 'data');
  const ledger = openLedger(data, { url: ledgerUrlOfDataDir(data) });
  const paper = { sha256: 'p', name: 'paper/paper-0001.csv', sizeBytes: 10, receivedDate: 20261102 as DateYmd };
  ledger.recordRun(runRecordOf({
    runId: 'RUN-20261102', accountingDate: 20261102 as DateYmd, files: [paper], lots: [{ file: paper.name, lotNumber: '001', arlPositive: true }],
    invoices: [invoiceRecordOf({ file: paper.name, lot: '001', practitionerId: '504746942', invoiceNumber: '000000101', claimedCents: cents(900) })],
  }));
  ledger.close();
  return { data, out: join(root, 'out') };
}

describe('tpliq notices monthly: refusals that write nothing', () => {
  it('a month whose latest run has no archived referential, without --snapshot: TPLIQ_NOTICES_NO_REFERENTIAL', () => {
    const { data, out } = dataFolder();
    expect(() => withLedgerOf(data, () => writeMonthlyNotices({ dataDir: data, month: { year: 2026, month: 11 }, outDir: out }))).toThrow(/^TPLIQ_NOTICES_NO_REFERENTIAL: run RUN-20261102, the latest of 2026-11/);
    expect(existsSync(out)).toBe(false);
  });

  it('a notices folder of that month already under --out: TPLIQ_NOTICES_OUTPUT_EXISTS, before the ledger is read', () => {
    const { data, out } = dataFolder();
    mkdirSync(join(out, 'monthly', '202611'), { recursive: true });
    expect(() => withLedgerOf(data, () => writeMonthlyNotices({ dataDir: data, month: { year: 2026, month: 11 }, outDir: out }))).toThrow(/^TPLIQ_NOTICES_OUTPUT_EXISTS: /);
    expect(readdirSync(join(out, 'monthly', '202611'))).toEqual([]);
    expect(readdirSync(out)).toEqual(['monthly']);
  });
});
