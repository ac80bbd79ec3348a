import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DateYmd } from '../engine/domain/units.js';
import { functionalKeyInteger } from '../engine/ledger/functional-key-column.js';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { migrate, MIGRATIONS } from '../engine/ledger/migrations.js';
import { invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

// 16 hex digits, as the engine writes them; the second has the top bit set (a negative INTEGER).
const LOW = '00000000000000ff';
const HIGH = 'fedcba9876543210';

describe('functional keys in the ledger (schema version 2: INTEGER)', () => {
  it('maps 16 hex digits to the same 64 bits as a signed INTEGER, and nothing else', () => {
    expect(functionalKeyInteger(LOW)).toBe(255n);
    expect(functionalKeyInteger(HIGH)).toBe(BigInt.asIntN(64, 0xfedcba9876543210n));
    expect(functionalKeyInteger('ffffffffffffffff')).toBe(-1n);
    for (const other of ['', 'fk-1', 'FEDCBA9876543210', '0123456789abcde', '0123456789abcdef0']) expect(functionalKeyInteger(other)).toBeUndefined();
  });

  it('stores hex keys as INTEGER and finds paid ones, one by one and in batches', () => {
    fixture = tempLedger();
    const { ledger } = fixture;
    ledger.recordRun(runRecordOf({
      invoices: [
        invoiceRecordOf({ sequence: 1, invoiceNumber: '000000001' }, LOW),
        invoiceRecordOf({ sequence: 2, invoiceNumber: '000000002' }, HIGH),
        invoiceRecordOf({ sequence: 3, invoiceNumber: '000000003', status: 'REJECTED' }, '1111111111111111'),
        invoiceRecordOf({ sequence: 4, invoiceNumber: '000000004' }, 'fk-odd-shape'),
      ],
    }));
    const db = fixture.inspect();
    const stored = db.prepare('SELECT functional_key_hash AS text, functional_key AS int FROM invoices ORDER BY sequence').safeIntegers().all();
    db.close();
    expect(stored).toEqual([
      { text: null, int: 255n },
      { text: null, int: BigInt.asIntN(64, 0xfedcba9876543210n) },
      { text: null, int: 0x1111111111111111n },
      { text: 'fk-odd-shape', int: null },
    ]);
    expect([LOW, HIGH, '1111111111111111', 'fk-odd-shape', '2222222222222222'].map((k) => ledger.functionalKeyKnown(k))).toEqual([true, true, false, true, false]);
    expect(ledger.paidFunctionalKeysAmong([LOW, HIGH, '1111111111111111', 'fk-odd-shape', '2222222222222222', ''])).toEqual(new Set([LOW, HIGH, 'fk-odd-shape']));
    // The engine asks with the INTEGER itself: the same answers, a key past 2^63 included.
    const asIntegers = [LOW, HIGH, '1111111111111111', '2222222222222222'].map((k) => functionalKeyInteger(k)!);
    expect(ledger.paidFunctionalKeyIntegersAmong(asIntegers)).toEqual(new Set([255n, BigInt.asIntN(64, 0xfedcba9876543210n)]));
    expect(ledger.paidFunctionalKeyIntegersAmong([])).toEqual(new Set());
  });

  // A SQLite file written by an older engine; a PostgreSQL ledger starts at the schema of its time.
  it.skipIf(TEST_LEDGER_BACKEND === 'postgres')('still finds keys a version-1 ledger stored as text, after migrating it', () => {
    fixture = tempLedger();
    const { dataDir } = fixture;
    fixture.ledger.close();
    // Rebuild the file as a version-1 ledger holding one paid invoice with a text key.
    const db = new Database(join(dataDir, `${LEDGER_FILE_NAME}.v1`));
    migrate(new SqliteConnection(db), MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO runs (id, run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (1, 'OLD', 20261101, '{}', 's', 'v');
      INSERT INTO files (id, run, sha256, name, size_bytes, received_date) VALUES (1, 1, 'sha-old', 'old.b2', 1, 20261101);
      INSERT INTO invoices (run, file, lot_number, sequence, practitioner_id, invoice_number, functional_key_hash, status, paid_cents, claimed_cents, motive_codes, accounting_date, care_date)
        VALUES (1, 1, '001', 1, '991023763', '000000009', '${HIGH}', 'PAID', 100, 100, '', 20261101, 20261030);`);
    db.close();
    renameSync(join(dataDir, `${LEDGER_FILE_NAME}.v1`), join(dataDir, LEDGER_FILE_NAME));
    const ledger = openLedger(dataDir);
    try {
      ledger.recordRun(runRecordOf({ runId: 'NEW', accountingDate: 20261123 as DateYmd, invoices: [invoiceRecordOf({ invoiceNumber: '000000001' }, LOW)] }));
      expect(ledger.functionalKeyKnown(HIGH)).toBe(true);
      expect(ledger.functionalKeyKnown(LOW)).toBe(true);
      expect(ledger.paidFunctionalKeysAmong([HIGH, LOW, '3333333333333333'])).toEqual(new Set([HIGH, LOW]));
      // The version-1 text key answers the INTEGER question too.
      expect(ledger.paidFunctionalKeyIntegersAmong([HIGH, LOW, '3333333333333333'].map((k) => functionalKeyInteger(k)!))).toEqual(new Set([functionalKeyInteger(HIGH), 255n]));
    } finally {
      ledger.close();
    }
  });
});
