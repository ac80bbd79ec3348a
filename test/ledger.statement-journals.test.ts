import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../engine/ledger/ledger.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';
import { invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';

/**
 * SQLite names its temporary files `etilqs_…` and unlinks them as soon as they are open, so a
 * spilled statement journal shows only among the process's open descriptors.
 */
function openTemporaryFiles(): string[] {
  const names: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.includes('etilqs_')) names.push(target);
    } catch {
      // A descriptor closed while being listed (readdir's own among them).
    }
  }
  return names;
}

const invoiceNumber = (n: number): string => String(n).padStart(9, '0');

const dirs: string[] = [];
const ledgers: Ledger[] = [];
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A ledger holding a first run of 20 000 paid invoices (even numbers), then a second run's 4 000
 * written and not yet committed (odd numbers, in a scattered order): each 200-row statement of the
 * second run changes pages all over the index of paid invoice numbers, which SQLite journals for
 * that statement. The temporary files open meanwhile are returned.
 */
function temporaryFilesWhileWriting(statementJournalsInMemory: boolean): string[] {
  const dataDir = mkdtempSync(join(tmpdir(), 'tpliq-journals-'));
  dirs.push(dataDir);
  const ledger = openLedger(dataDir, { statementJournalsInMemory });
  ledgers.push(ledger);
  const first = ledger.beginRun(runRecordOf({ runId: 'RUN-20261122' }));
  for (let i = 0; i < 20_000; i++) first.addInvoice(invoiceRecordOf({ sequence: i + 1, invoiceNumber: invoiceNumber(2 * i) }));
  first.commit({ transfers: [], pecsConsumed: [] });
  const second = ledger.beginRun(runRecordOf({ runId: 'RUN-20261123' }));
  for (let i = 0; i < 4_000; i++) second.addInvoice(invoiceRecordOf({ sequence: i + 1, invoiceNumber: invoiceNumber(2 * ((i * 7_919) % 20_000) + 1) }));
  const open = openTemporaryFiles();
  const totals = second.commit({ transfers: [], pecsConsumed: [] });
  expect(totals.invoiceCount).toBe(4_000);
  return open;
}

describe.runIf(process.platform === 'linux' && TEST_LEDGER_BACKEND === 'sqlite')('the run writer\'s statement journals', () => {
  it('are held in memory by the connection that writes runs: no temporary file while a run is written', () => {
    expect(openTemporaryFiles()).toEqual([]);
    expect(temporaryFilesWhileWriting(true)).toEqual([]);
  });

  it('spill to a temporary file on a connection left with the default (what the option is for)', () => {
    expect(temporaryFilesWhileWriting(false).length).toBeGreaterThan(0);
  });
});
