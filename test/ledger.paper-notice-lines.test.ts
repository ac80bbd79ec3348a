import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { LEDGER_FILE_NAME, openLedger, type Ledger } from '../engine/ledger/ledger.js';
import { MIGRATIONS, migrate } from '../engine/ledger/migrations.js';
import type { FileRecord, LotRecord } from '../engine/ledger/run-record.js';
import { motiveOf } from './support/decision-builder.js';
import { cents, invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import { ledgerSqlOf, ledgerUrlOfDataDir } from './support/cli-process.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';

/**
 * What the monthly paper notice reads of the ledger (engine/ledger/paper-notice-lines.ts): the
 * paper invoices of a practitioner over a span of accounting days, as the ledger keeps them —
 * marked by schema 7, on a new ledger as on one migrated from schema 6, seen as of before a run
 * by a replay, and kept by purge for the month its cut-off falls in.
 */
const PS = '504746942';
const made: string[] = [];
const ledgers: Ledger[] = [];
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-paper-lines-'));
  made.push(dir);
  return dir;
};
const open = (dir: string, asOfRunRowId?: number): Ledger => {
  const ledger = openLedger(dir, { url: ledgerUrlOfDataDir(dir), ...(asOfRunRowId === undefined ? {} : { asOfRunRowId }) });
  ledgers.push(ledger);
  return ledger;
};

/** A run of one paper file and one B2 file, each with a paid and a rejected invoice of PS. */
function recordDay(ledger: Ledger, day: number, first: number): void {
  const paper: FileRecord = { sha256: `paper-${day}`, name: 'paper/paper-0001.csv', sizeBytes: 100, receivedDate: day as DateYmd };
  const b2: FileRecord = { sha256: `b2-${day}`, name: 'ps-0001.b2', sizeBytes: 128, receivedDate: day as DateYmd };
  const lots: LotRecord[] = [{ file: paper.name, lotNumber: '001', arlPositive: true }, { file: b2.name, lotNumber: '001', arlPositive: true }];
  const invoice = (sequence: number, file: string, rejected: boolean): ReturnType<typeof invoiceRecordOf> => invoiceRecordOf({
    sequence, file, lot: '001', practitionerId: PS, invoiceNumber: String(first + sequence).padStart(9, '0'), claimedCents: cents(900),
    ...(rejected ? { status: 'REJECTED', motives: [motiveOf('MONTANT_AMC_DIFFERENT', 'Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)')] } : {}),
  });
  ledger.recordRun(runRecordOf({
    runId: `RUN-${day}`, accountingDate: day as DateYmd, files: [paper, b2], lots,
    invoices: [invoice(1, paper.name, false), invoice(2, paper.name, true), invoice(3, b2.name, false), invoice(4, b2.name, true)],
  }));
}

describe('the paper invoices of a month, from the ledger', () => {
  it('lists the paper invoices alone, by accounting day then input order, with the day of receipt and the motives as decided', () => {
    const ledger = open(dataDir());
    recordDay(ledger, 20261116, 200);
    recordDay(ledger, 20261102, 100);
    recordDay(ledger, 20261201, 300);
    expect(ledger.paperNoticeLines(PS, 20261101 as DateYmd, 20261130 as DateYmd)).toEqual([
      { accountingDate: 20261102, invoiceNumber: '000000101', receivedDate: 20261102, status: 'PAID', paidCents: 900, claimedCents: 900, motives: [] },
      { accountingDate: 20261102, invoiceNumber: '000000102', receivedDate: 20261102, status: 'REJECTED', paidCents: 0, claimedCents: 900,
        motives: [{ code: 'MONTANT_AMC_DIFFERENT', label: 'Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)' }] },
      { accountingDate: 20261116, invoiceNumber: '000000201', receivedDate: 20261116, status: 'PAID', paidCents: 900, claimedCents: 900, motives: [] },
      expect.objectContaining({ accountingDate: 20261116, invoiceNumber: '000000202', status: 'REJECTED' }),
    ]);
    expect(ledger.paperNoticeLines('999999999', 20261101 as DateYmd, 20261130 as DateYmd)).toEqual([]);
  });

  it('as of before a run (a replay), sees only the runs recorded before it', () => {
    const dir = dataDir();
    const ledger = open(dir);
    recordDay(ledger, 20261102, 100);
    recordDay(ledger, 20261116, 200);
    // Row id 2 is the run of the 16th: its replay sees the 2nd only.
    expect(open(dir, 2).paperNoticeLines(PS, 20261101 as DateYmd, 20261130 as DateYmd).map((l) => l.invoiceNumber)).toEqual(['000000101', '000000102']);
  });

  // A SQLite file written by an older engine; a PostgreSQL ledger starts at the schema of its time.
  it.skipIf(TEST_LEDGER_BACKEND === 'postgres')('marks the paper rows of a ledger written at schema 6 from their file\'s name, and gives a row without labels the generic ones', () => {
    const dir = dataDir();
    const old = new Database(join(dir, LEDGER_FILE_NAME));
    migrate(new SqliteConnection(old), MIGRATIONS.slice(0, 6));
    old.exec(`
      INSERT INTO runs (id, run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (1, 'OLD', 20261102, '{}', 's', '0.1.0');
      INSERT INTO files (id, run, sha256, name, size_bytes, received_date) VALUES (1, 1, 'a', 'paper/old.csv', 1, 20261030), (2, 1, 'b', 'ps-0001.b2', 1, 20261030);
      INSERT INTO invoices (run, file, lot_number, sequence, practitioner_id, invoice_number, status, paid_cents, claimed_cents, motive_codes, motives_json, accounting_date, care_date) VALUES
        (1, 1, '001', 1, '${PS}', '000000011', 'REJECTED', 0, 500, 'DROITS_FERMES', NULL, 20261102, 20261028),
        (1, 2, '001', 2, '${PS}', '000000012', 'REJECTED', 0, 500, 'DROITS_FERMES', NULL, 20261102, 20261028);
    `);
    old.close();
    const ledger = open(dir);
    expect(ledger.paperNoticeLines(PS, 20261101 as DateYmd, 20261130 as DateYmd)).toEqual([
      { accountingDate: 20261102, invoiceNumber: '000000011', receivedDate: 20261030, status: 'REJECTED', paidCents: 0, claimedCents: 500,
        motives: [{ code: 'DROITS_FERMES', label: 'Droits du bénéficiaire non ouverts' }] },
    ]);
  });

  it('purge keeps the rejected paper rows of its cut-off\'s month, and takes those of the months before', () => {
    const ledger = open(dataDir());
    recordDay(ledger, 20261026, 50);
    recordDay(ledger, 20261102, 100);
    recordDay(ledger, 20261116, 200);
    // Cut-off 10 November: October and 2 November are purged; 2 November's rejected paper row stays.
    expect(ledger.purge(20261110 as DateYmd)).toMatchObject({ runs: 2, invoicesRemoved: 3 });
    const numbers = (from: number, to: number): string[] => ledger.paperNoticeLines(PS, from as DateYmd, to as DateYmd).map((l) => l.invoiceNumber);
    expect(numbers(20261001, 20261031)).toEqual(['000000051']);
    expect(numbers(20261101, 20261130)).toEqual(['000000101', '000000102', '000000201', '000000202']);
    // A cut-off in December: November's rejected paper rows go too.
    expect(ledger.purge(20261201 as DateYmd)).toMatchObject({ runs: 1, invoicesRemoved: 3 });
    expect(numbers(20261101, 20261130)).toEqual(['000000101', '000000201']);
  });

  it('a later purge that takes the paper rows it had kept marks their runs with its cut-off (the month is then known incomplete)', () => {
    const dir = dataDir();
    const ledger = open(dir);
    recordDay(ledger, 20261102, 100);
    recordDay(ledger, 20261116, 200);
    const purgedBefore = (): unknown[] => {
      const db = ledgerSqlOf(dir);
      try {
        return db.prepare('SELECT purged_before FROM runs ORDER BY id').pluck().all();
      } finally {
        db.close();
      }
    };
    // Both runs purged by a cut-off in November: their rejected paper rows stay, the month is whole.
    ledger.purge(20261130 as DateYmd);
    expect(purgedBefore()).toEqual([20261130, 20261130]);
    expect(ledger.paperNoticeLines(PS, 20261101 as DateYmd, 20261130 as DateYmd)).toHaveLength(4);
    // A cut-off in December purges no new run, but takes those rows: the runs carry its date.
    expect(ledger.purge(20261215 as DateYmd)).toMatchObject({ runs: 0, invoicesRemoved: 2 });
    expect(purgedBefore()).toEqual([20261215, 20261215]);
  });
});
