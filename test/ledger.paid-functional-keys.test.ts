import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { migrate, MIGRATIONS } from '../engine/ledger/migrations.js';
import { PaidFunctionalKeyWriter } from '../engine/ledger/paid-functional-keys.js';
import { invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import type { SqlConnection } from '../engine/ledger/sql/sql-connection.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

const keyTable = (db: Pick<SqlConnection, 'prepare'>): Array<{ key: bigint; run: bigint }> =>
  db.prepare('SELECT functional_key AS key, run FROM paid_functional_keys ORDER BY functional_key').safeIntegers().all() as Array<{ key: bigint; run: bigint }>;

/** A ledger database at the latest schema holding one run row (id 1), in memory. */
function ledgerWithOneRun(): Database.Database {
  const db = new Database(':memory:');
  migrate(new SqliteConnection(db));
  db.exec("INSERT INTO runs (id, run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (1, 'R', 20261123, '{}', 's', 'v')");
  return db;
}

describe('PaidFunctionalKeyWriter (schema version 3)', () => {
  it('writes every key given, once, however many are held in memory and whatever order they came in', () => {
    // Both signs, out of order: with 3 in memory, three runs set aside and a partial one kept.
    const keys = [9n, -5n, 3n, 0n, BigInt.asIntN(64, 0xfedcba9876543210n), 7n, -1n, 2n ** 62n, 11n, -(2n ** 63n)];
    for (const keysInMemory of [1, 3, 4, 1 << 20]) {
      const db = ledgerWithOneRun();
      const writer = new PaidFunctionalKeyWriter(new SqliteConnection(db), 1, keysInMemory);
      for (const key of keys) writer.add(key);
      writer.flush();
      writer.flush(); // nothing left: writes nothing more
      expect(keyTable(new SqliteConnection(db))).toEqual([...keys].sort((a, b) => (a < b ? -1 : 1)).map((key) => ({ key, run: 1n })));
      db.close();
    }
  });

  it('drops the keys it set aside when the run is rolled back, and closes their file', () => {
    const db = ledgerWithOneRun();
    const openFiles = (): number => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const writer = new PaidFunctionalKeyWriter(new SqliteConnection(db), 1, 2);
    for (const key of [4n, 3n, 2n, 1n, 0n]) writer.add(key);
    expect(openFiles()).toBe(before + 1);
    writer.discard();
    expect(openFiles()).toBe(before);
    writer.flush();
    expect(keyTable(new SqliteConnection(db))).toEqual([]);
    db.close();
  });

  it('grows past its first capacity before it sets keys aside', () => {
    const db = ledgerWithOneRun();
    const writer = new PaidFunctionalKeyWriter(new SqliteConnection(db), 1, 10_000);
    for (let k = 0; k < 9_999; k++) writer.add(BigInt((k * 7919) % 9_999));
    writer.flush();
    const stored = keyTable(new SqliteConnection(db));
    expect(stored.length).toBe(9_999);
    expect(stored[0]!.key).toBe(0n);
    expect(stored[9_998]!.key).toBe(9_998n);
    db.close();
  });

  it('refuses a number of keys in memory that is not a positive integer', () => {
    const db = ledgerWithOneRun();
    expect(() => new PaidFunctionalKeyWriter(new SqliteConnection(db), 1, 0)).toThrow(/positive integer/);
    expect(() => new PaidFunctionalKeyWriter(new SqliteConnection(db), 1, 1.5)).toThrow(/positive integer/);
    db.close();
  });

  it('a run writes the keys of its PAID invoices only, and a second paid row with the same key and run fails', () => {
    fixture = tempLedger();
    const { ledger } = fixture;
    ledger.recordRun(runRecordOf({
      invoices: [
        invoiceRecordOf({ sequence: 1, invoiceNumber: '000000001' }, '00000000000000ff'),
        invoiceRecordOf({ sequence: 2, invoiceNumber: '000000002', status: 'REJECTED' }, '1111111111111111'),
        invoiceRecordOf({ sequence: 3, invoiceNumber: '000000003' }, 'ffffffffffffffff'),
        invoiceRecordOf({ sequence: 4, invoiceNumber: '000000004' }, ''),
      ],
    }));
    const db = fixture.inspect();
    expect(keyTable(db)).toEqual([{ key: -1n, run: 1n }, { key: 255n, run: 1n }]);
    db.close();
    expect(() => ledger.recordRun(runRecordOf({
      runId: 'TWICE',
      invoices: [
        invoiceRecordOf({ sequence: 1, invoiceNumber: '000000005' }, '2222222222222222'),
        invoiceRecordOf({ sequence: 2, invoiceNumber: '000000006' }, '2222222222222222'),
      ],
    }))).toThrow(/unique/i);
    expect(ledger.functionalKeyKnown('2222222222222222')).toBe(false);
  });

  // A SQLite file written by an older engine; a PostgreSQL ledger starts at the schema of its time.
  it.skipIf(TEST_LEDGER_BACKEND === 'postgres')('migrating a version-2 ledger copies its paid INTEGER keys into the table and drops their old index', () => {
    fixture = tempLedger();
    const { dataDir } = fixture;
    fixture.ledger.close();
    const v2 = join(dataDir, `${LEDGER_FILE_NAME}.v2`);
    const db = new Database(v2);
    migrate(new SqliteConnection(db), MIGRATIONS.slice(0, 2));
    db.exec(`INSERT INTO runs (id, run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (1, 'A', 20261101, '{}', 's', 'v'), (2, 'B', 20261102, '{}', 's', 'v');
      INSERT INTO files (id, run, sha256, name, size_bytes, received_date) VALUES (1, 1, 'sha-a', 'a.b2', 1, 20261101), (2, 2, 'sha-b', 'b.b2', 1, 20261102);
      INSERT INTO invoices (run, file, lot_number, sequence, practitioner_id, invoice_number, functional_key, status, paid_cents, claimed_cents, motive_codes, accounting_date, care_date) VALUES
        (1, 1, '001', 1, '991023763', '000000001', 42, 'PAID', 100, 100, '', 20261101, 20261030),
        (1, 1, '001', 2, '991023763', '000000002', -7, 'PAID', 100, 100, '', 20261101, 20261030),
        (1, 1, '001', 3, '991023763', '000000003', 99, 'REJECTED', 0, 100, 'X', 20261101, 20261030),
        (2, 2, '001', 1, '991023763', '000000004', NULL, 'PAID', 100, 100, '', 20261102, 20261030),
        (2, 2, '001', 2, '991023763', '000000005', 5, 'PAID', 100, 100, '', 20261102, 20261030);`);
    db.close();
    renameSync(v2, join(dataDir, LEDGER_FILE_NAME));
    const ledger = openLedger(dataDir);
    try {
      expect(ledger.paidFunctionalKeysAmong(['000000000000002a', 'fffffffffffffff9', '0000000000000063', '0000000000000005'])).toEqual(
        new Set(['000000000000002a', 'fffffffffffffff9', '0000000000000005']),
      );
    } finally {
      ledger.close();
    }
    const migrated = new Database(join(dataDir, LEDGER_FILE_NAME), { readonly: true });
    expect(keyTable(new SqliteConnection(migrated))).toEqual([{ key: -7n, run: 1n }, { key: 5n, run: 2n }, { key: 42n, run: 1n }]);
    expect(migrated.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'invoices_paid_by_functional_key_int'").pluck().get()).toBe(0);
    migrated.close();
  });
});
