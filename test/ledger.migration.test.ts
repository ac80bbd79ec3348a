import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { MIGRATIONS, migrate } from '../engine/ledger/migrations.js';
import type { DateYmd } from '../engine/domain/units.js';

const tempDir = tempDirs('tpliq-ledger-');

const tablesOf = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
};

describe('ledger migrations', () => {
  it('creates tpliq.sqlite with every table on a fresh data directory (created if missing)', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    openLedger(dataDir).close();
    const file = join(dataDir, LEDGER_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    expect(tablesOf(file)).toEqual(['files', 'invoices', 'lots', 'paid_functional_keys', 'pecs_consumed', 'runs', 'schema_migrations', 'transfers']);
  });

  it('records each applied migration once, and opens the database in WAL mode', () => {
    const dataDir = tempDir();
    openLedger(dataDir).close();
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('re-opens an existing ledger without re-applying migrations and keeps its data', () => {
    const dataDir = tempDir();
    const first = openLedger(dataDir);
    first.recordRun({
      runId: 'RUN-1',
      accountingDate: 20261123 as DateYmd,
      parameters: {},
      snapshotId: 'snap',
      engineVersion: '0.1.0',
      files: [{ sha256: 'aa', name: 'a.b2', sizeBytes: 10, receivedDate: 20261120 as DateYmd }],
      lots: [],
      invoices: [],
      transfers: [],
      pecsConsumed: [],
    });
    first.close();

    const again = openLedger(dataDir);
    expect(again.fileAlreadyReceived('aa')).toEqual({ runId: 'RUN-1', name: 'a.b2' });
    again.close();
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('applies only the migrations a database does not have yet', () => {
    const db = new Database(':memory:');
    const next = MIGRATIONS.length + 1;
    const later = { version: next, name: 'later', sql: 'CREATE TABLE later (x INTEGER) STRICT' };
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, [...MIGRATIONS, later])).toEqual([next]);
    expect(migrate(db, [...MIGRATIONS, later])).toEqual([]);
    db.close();
  });

  it('refuses a ledger written by a newer engine', () => {
    const dataDir = tempDir();
    openLedger(dataDir).close();
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(MIGRATIONS.length + 1, 'future');
    db.close();
    expect(() => openLedger(dataDir)).toThrow(/newer engine/);
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const broken = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); CREATE TABLE runs (y INTEGER);' };
    migrate(db);
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });
});
