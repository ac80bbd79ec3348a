import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '../../engine/domain/decision.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { openLedger, openLedgerDatabase, type Ledger } from '../../engine/ledger/ledger.js';
import type { SqlConnection } from '../../engine/ledger/sql/sql-connection.js';
import type { InvoiceRecord, RunRecord } from '../../engine/ledger/run-record.js';
import { decisionOf } from './decision-builder.js';
import { freshPostgresDatabase, TEST_LEDGER_BACKEND } from './ledger-backend.js';

/**
 * A ledger in a fresh temporary directory, on the suite's backend (ledger-backend.ts): the SQLite
 * file there, or a new PostgreSQL database, whose URL is `url`. `dispose` closes it and removes
 * the directory and the database.
 */
export function tempLedger(): { ledger: Ledger; dataDir: string; url: string | undefined; inspect: () => SqlConnection; dispose: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'tpliq-ledger-'));
  const database = TEST_LEDGER_BACKEND === 'postgres' ? freshPostgresDatabase() : undefined;
  const ledger = openLedger(dataDir, { url: database?.url });
  return {
    ledger,
    dataDir,
    url: database?.url,
    /** A second, read-only connection, as an operator's shell or another command would see the ledger. */
    inspect: () => openLedgerDatabase(dataDir, { url: database?.url, readOnly: true }),
    dispose: () => {
      ledger.close();
      database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function invoiceRecordOf(overrides: Partial<Decision> = {}, functionalKeyHash = '', careDate = 20261112): InvoiceRecord {
  return { ...decisionOf(overrides), functionalKeyHash, careDate: careDate as DateYmd };
}

/** A run of one file `a.b2` with one lot, and whatever the overrides add. */
export function runRecordOf(overrides: Partial<RunRecord> = {}): RunRecord {
  const runId = overrides.runId ?? 'RUN-20261123';
  return {
    runId,
    accountingDate: 20261123 as DateYmd,
    parameters: { accountingDate: '2026-11-23', clock: '2026-11-23T21:00:00', threads: 2 },
    snapshotId: 'snap-1',
    engineVersion: '0.1.0',
    files: [{ sha256: `sha-${runId}`, name: 'inbox/a.b2', sizeBytes: 1280, receivedDate: 20261120 as DateYmd }],
    lots: [{ file: 'inbox/a.b2', lotNumber: '001', arlPositive: true }],
    invoices: [],
    transfers: [],
    pecsConsumed: [],
    ...overrides,
  };
}

export const cents = (n: number): Cents => n as Cents;
