import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECISIONS_CSV_HEADER } from '../codecs/csv/decisions-writer.js';
import type { DateYmd } from '../engine/domain/units.js';
import { compareDecisions } from '../engine/history/decision-comparison.js';
import { dayTransfers } from '../engine/history/day-transfers.js';
import { INVOICES_OF_RUN } from '../engine/ledger/invoice-id-range.js';
import { migrate, migrationsFor } from '../engine/ledger/migrations.js';
import { PostgresConnection } from '../engine/ledger/sql/postgres-connection.js';
import type { SqlConnection } from '../engine/ledger/sql/sql-connection.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import { freshPostgresDatabase, TEST_LEDGER_BACKEND } from './support/ledger-backend.js';
import { cents, invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';
import { tempDirs } from './support/temp-dirs.js';

const freshDir = tempDirs('tpliq-id-range-');

interface RunRange {
  run_id: string;
  first_invoice: number | null;
  last_invoice: number | null;
}

const rangesOf = (db: SqlConnection): RunRange[] =>
  db.prepare<[], RunRange>('SELECT run_id, first_invoice, last_invoice FROM runs ORDER BY id').all();

/** The invoice numbers of a run, read through its id range as the ledger's queries read them. */
const invoiceNumbersOf = (db: SqlConnection, runId: string): string[] =>
  db.prepare<[string], string>(`SELECT invoices.invoice_number FROM runs JOIN invoices ON ${INVOICES_OF_RUN} WHERE runs.run_id = ? ORDER BY invoices.id`).pluck().all(runId);

const invoicesNumbered = (prefix: string, count: number, rejectedFrom = count) =>
  Array.from({ length: count }, (_, i) =>
    invoiceRecordOf({ sequence: i + 1, invoiceNumber: `${prefix}${String(i + 1).padStart(4, '0')}`, ...(i >= rejectedFrom ? { status: 'REJECTED' as const } : {}) }, `fk-${prefix}-${i}`),
  );

describe("a run's invoices found by their id range (schema version 8)", () => {
  let fixture: ReturnType<typeof tempLedger>;
  beforeEach(() => {
    fixture = tempLedger();
  });
  afterEach(() => fixture.dispose());

  it('records the first and last id of each run; a run without invoices has neither', () => {
    const { ledger } = fixture;
    ledger.recordRun(runRecordOf({ runId: 'A', invoices: invoicesNumbered('A', 3) }));
    ledger.recordRun(runRecordOf({ runId: 'EMPTY', invoices: [] }));
    ledger.recordRun(runRecordOf({ runId: 'B', invoices: invoicesNumbered('B', 2) }));
    const db = fixture.inspect();
    try {
      expect(rangesOf(db)).toEqual([
        { run_id: 'A', first_invoice: 1, last_invoice: 3 },
        { run_id: 'EMPTY', first_invoice: null, last_invoice: null },
        { run_id: 'B', first_invoice: 4, last_invoice: 5 },
      ]);
      expect(invoiceNumbersOf(db, 'A')).toEqual(['A0001', 'A0002', 'A0003']);
      expect(invoiceNumbersOf(db, 'EMPTY')).toEqual([]);
      expect(invoiceNumbersOf(db, 'B')).toEqual(['B0001', 'B0002']);
      const indexes = TEST_LEDGER_BACKEND === 'postgres'
        ? db.prepare<[], string>("SELECT indexname FROM pg_indexes WHERE tablename = 'invoices'").pluck().all()
        : db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'invoices'").pluck().all();
      expect(indexes).not.toContain('invoices_by_run');
      expect(indexes).toContain('invoices_paid_by_number');
    } finally {
      db.close();
    }
  });

  it("keeps each run's rows apart when a later run is given ids inside a purged run's range", () => {
    const { ledger } = fixture;
    // OLD's last invoice is rejected: the purge deletes the ledger's highest id.
    ledger.recordRun(runRecordOf({ runId: 'OLD', accountingDate: 20260820 as DateYmd, invoices: invoicesNumbered('O', 3, 2) }));
    expect(ledger.purge(20261101 as DateYmd).invoicesRemoved).toBe(1);
    ledger.recordRun(runRecordOf({
      runId: 'NEW', accountingDate: 20261123 as DateYmd, invoices: invoicesNumbered('N', 2),
      transfers: [{ practitionerId: '991023763', accountingDate: 20261123 as DateYmd, amountCents: cents(2 * 1234), endToEndId: 'TPLIQ-20261123-991023763' }],
    }));
    const db = fixture.inspect();
    try {
      const [old, recent] = rangesOf(db);
      // SQLite hands the purged id out again; PostgreSQL's sequence does not. Either way each run reads its own rows.
      if (TEST_LEDGER_BACKEND === 'sqlite') expect(recent!.first_invoice).toBe(old!.last_invoice);
      expect(invoiceNumbersOf(db, 'OLD')).toEqual(['O0001', 'O0002']);
      expect(invoiceNumbersOf(db, 'NEW')).toEqual(['N0001', 'N0002']);
      expect(dayTransfers(db, 20261123 as DateYmd).map((t) => t.paidInvoiceCount)).toEqual([2]);
    } finally {
      db.close();
    }
    // A second purge that takes NEW in too deletes nothing of OLD's that is kept (its paid rows).
    expect(ledger.purge(20261201 as DateYmd).invoicesRemoved).toBe(0);
  });

  it("compares a replay's decisions with the run's own rows only", async () => {
    const { ledger, dataDir } = fixture;
    ledger.recordRun(runRecordOf({ runId: 'A', invoices: invoicesNumbered('A', 2) }));
    ledger.recordRun(runRecordOf({ runId: 'B', invoices: invoicesNumbered('B', 2, 1) }));
    const csv = `${dataDir}/decisions.csv`;
    // No decision at all in the replay: every recorded invoice of B (and of B only) is reported.
    writeFileSync(csv, `${DECISIONS_CSV_HEADER.join(',')}\n`);
    const db = fixture.inspect();
    try {
      const runRowId = db.prepare<[], number>("SELECT id FROM runs WHERE run_id = 'B'").pluck().get()!;
      const seen: string[] = [];
      const totals = await compareDecisions(db, runRowId, csv, (change) => seen.push(change.invoiceNumber));
      expect(seen).toEqual(['B0001', 'B0002']);
      expect(totals.invoicesChanged).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe('schema version 8 on a ledger recorded before it', () => {
  let scratch: { connection: SqlConnection; dispose: () => void };
  beforeEach(() => {
    if (TEST_LEDGER_BACKEND === 'postgres') {
      const database = freshPostgresDatabase();
      const connection = new PostgresConnection(database.url);
      scratch = { connection, dispose: () => { connection.close(); database.drop(); } };
    } else {
      const connection = new SqliteConnection(new Database(`${freshDir()}/ledger.sqlite`));
      scratch = { connection, dispose: () => connection.close() };
    }
  });
  afterEach(() => scratch.dispose());

  it("reads each run's range from the index by run, then drops the index", () => {
    const db = scratch.connection;
    const migrations = migrationsFor(db);
    migrate(db, migrations.slice(0, 7));
    const run = db.prepare<[string], number>("INSERT INTO runs (run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (?, 20261120, '{}', 's', 'e') RETURNING id").pluck();
    const [a, empty, b] = [run.get('A')!, run.get('EMPTY')!, run.get('B')!];
    const file = db.prepare<[number], number>("INSERT INTO files (run, sha256, name, size_bytes, received_date) VALUES (?, 'aa', 'a.b2', 1, 20261120) RETURNING id").pluck().get(a)!;
    const invoice = db.prepare(
      `INSERT INTO invoices (run, file, lot_number, sequence, practitioner_id, invoice_number, status, paid_cents, claimed_cents, motive_codes, accounting_date, care_date)
       VALUES (?, ?, '001', ?, '991023763', ?, 'PAID', 100, 100, '', 20261120, 20261120)`,
    );
    for (let i = 1; i <= 3; i++) invoice.run(a, file, i, `A${i}`);
    for (let i = 1; i <= 2; i++) invoice.run(b, file, i, `B${i}`);
    expect(migrate(db)).toEqual([8]);
    expect(rangesOf(db)).toEqual([
      { run_id: 'A', first_invoice: 1, last_invoice: 3 },
      { run_id: 'EMPTY', first_invoice: null, last_invoice: null },
      { run_id: 'B', first_invoice: 4, last_invoice: 5 },
    ]);
    expect(empty).toBe(2);
    expect(invoiceNumbersOf(db, 'B')).toEqual(['B1', 'B2']);
  });
});
