import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { recordDayBare } from '../bench/baselines/bare-table.js';
import { recordDayAlone } from '../bench/baselines/ledger-floor.js';
import { LEDGER_FILE_NAME } from '../engine/ledger/ledger.js';
import { ymd } from '../engine/domain/units.js';

const tempDir = tempDirs('tpliq-ledger-floor-');

describe('the ledger floor (bench)', () => {
  it('records the day it is given: every invoice, the paid ones keyed, one transfer per practitioner', () => {
    const dir = join(tempDir(), 'data');
    const recorded = recordDayAlone(dir, { invoices: 1_000, paidCount: 900, practitioners: 7, files: 3, accountingDate: ymd(20261123) });
    expect(recorded).toEqual({ invoices: 1_000, paidCount: 900 });
    const db = new Database(join(dir, LEDGER_FILE_NAME), { readonly: true });
    try {
      const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
      expect(count('SELECT count(*) FROM invoices')).toBe(1_000);
      expect(count("SELECT count(*) FROM invoices WHERE status = 'PAID'")).toBe(900);
      expect(count('SELECT count(DISTINCT practitioner_id) FROM invoices')).toBe(7);
      expect(count('SELECT count(*) FROM files')).toBe(3);
      expect(count('SELECT count(*) FROM paid_functional_keys')).toBe(900);
      expect(count('SELECT count(*) FROM transfers')).toBe(7);
      expect(count('SELECT sum(amount_cents) FROM transfers')).toBe(count("SELECT sum(paid_cents) FROM invoices WHERE status = 'PAID'"));
      expect(count('SELECT paid_count FROM runs')).toBe(900);
    } finally {
      db.close();
    }
  });

  it('refuses a day that cannot exist', () => {
    const dir = join(tempDir(), 'data');
    expect(() => recordDayAlone(dir, { invoices: 10, paidCount: 11, practitioners: 1, files: 1, accountingDate: ymd(20261123) })).toThrow(RangeError);
  });

  it('the bare table holds the same rows, with the ledger\'s invoice columns and no index', () => {
    const day = { invoices: 1_000, paidCount: 900, practitioners: 7, files: 3, accountingDate: ymd(20261123) };
    const floorDir = join(tempDir(), 'data');
    const bareDir = join(tempDir(), 'bare');
    recordDayAlone(floorDir, day);
    const bare = recordDayBare(bareDir, day);
    expect(bare).toMatchObject({ invoices: 1_000, paidCount: 900 });
    const floor = new Database(join(floorDir, LEDGER_FILE_NAME), { readonly: true });
    const table = new Database(join(bareDir, 'bare.sqlite'), { readonly: true });
    try {
      const columns = (db: Database.Database): string[] => db.prepare("SELECT name FROM pragma_table_info('invoices') WHERE name <> 'id' ORDER BY cid").pluck().all() as string[];
      expect(columns(table)).toEqual(columns(floor));
      expect(bare.columns).toBe(columns(floor).length);
      expect(table.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index'").pluck().get()).toBe(0);
      // The same rows: every column the ledger floor fills, compared row for row.
      const rows = 'SELECT sequence, practitioner_id, invoice_number, functional_key, status, paid_cents, claimed_cents, motive_codes, care_date FROM invoices ORDER BY sequence';
      expect(table.prepare(rows).all()).toEqual(floor.prepare(rows).all());
    } finally {
      floor.close();
      table.close();
    }
  });
});
