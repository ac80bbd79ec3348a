import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger, openLedgerDatabase } from '../engine/ledger/ledger.js';
import { migrate, MIGRATIONS } from '../engine/ledger/migrations.js';
import { POSTGRES_MIGRATIONS } from '../engine/ledger/postgres-migrations.js';
import { PostgresConnection } from '../engine/ledger/sql/postgres-connection.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import { freshPostgresDatabase, TEST_LEDGER_BACKEND } from './support/ledger-backend.js';
import { invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';
import { tempDirs } from './support/temp-dirs.js';

const freshDir = tempDirs('tpliq-pg-');

/** What PostgreSQL adds to the ledger's suite: the parts only a server has. */
describe.skipIf(TEST_LEDGER_BACKEND !== 'postgres')('the ledger on PostgreSQL', () => {
  let database: ReturnType<typeof freshPostgresDatabase>;
  beforeEach(() => {
    database = freshPostgresDatabase();
  });
  afterEach(() => database.drop());

  it('has the same migrations as SQLite, and the same tables, columns and index names once migrated', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    const sqlite = new Database(':memory:');
    migrate(new SqliteConnection(sqlite));
    const sqliteColumns = sqlite
      .prepare<[], { t: string; c: string }>("SELECT m.name AS t, p.name AS c FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, 2")
      .all()
      .map((r) => `${r.t}.${r.c}`);
    const sqliteIndexes = sqlite.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY 1").pluck().all();
    sqlite.close();
    const pg = openLedgerDatabase('', { url: database.url });
    try {
      const pgColumns = pg
        .prepare<[], { t: string; c: string }>("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2")
        .all()
        .map((r) => `${r.t}.${r.c}`);
      // PostgreSQL names its own indexes for keys and UNIQUE constraints (SQLite's are sqlite_autoindex_…).
      const pgIndexes = pg
        .prepare<[], string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY 1")
        .pluck()
        .all();
      expect(pgColumns).toEqual(sqliteColumns);
      expect(pgIndexes).toEqual(sqliteIndexes);
      expect(pg.prepare<[], number>('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
      expect(pg.prepare<[], string>('SELECT ledger_id FROM ledger_identity').pluck().get()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      pg.close();
    }
  });

  it('lets two connections open a new ledger at once: each finds it migrated once', () => {
    const first = new PostgresConnection(database.url);
    const second = new PostgresConnection(database.url);
    try {
      expect(migrate(first)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(migrate(second)).toEqual([]);
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses a ledger written by a newer engine (TPLIQ_LEDGER_SCHEMA_NEWER), and rolls a failing migration back entirely', () => {
    openLedger('', { url: database.url }).close();
    const raw = new PostgresConnection(database.url);
    try {
      const broken = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x BIGINT); CREATE TABLE runs (y BIGINT);' };
      expect(() => migrate(raw, [...POSTGRES_MIGRATIONS, broken])).toThrow(/already exists/);
      expect(raw.prepare<[], string | null>("SELECT to_regclass('half')::text").pluck().get()).toBeNull();
      expect(raw.prepare<[], number>('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
      raw.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(MIGRATIONS.length + 1, 'future');
    } finally {
      raw.close();
    }
    expect(() => openLedger('', { url: database.url })).toThrow(/^TPLIQ_LEDGER_SCHEMA_NEWER: ledger schema is at version \d+/);
  });

  it('answers a reader with TPLIQ_LEDGER_MISSING on a database that holds no ledger, creating nothing', () => {
    expect(() => openLedgerDatabase('', { url: database.url, readOnly: true })).toThrow(/TPLIQ_LEDGER_MISSING/);
    const raw = new PostgresConnection(database.url);
    try {
      expect(raw.prepare<[], string | null>("SELECT to_regclass('runs')::text").pluck().get()).toBeNull();
    } finally {
      raw.close();
    }
  });

  it('refuses every write through a reader, as SQLite query_only does', () => {
    openLedger('', { url: database.url }).close();
    const reader = openLedgerDatabase('', { url: database.url, readOnly: true });
    try {
      expect(() => reader.exec("UPDATE ledger_identity SET ledger_id = 'x'")).toThrow(/read-only/);
    } finally {
      reader.close();
    }
  });

  it('stores any text through COPY as it was given: tabs, newlines, backslashes, quotes, accents', () => {
    const ledger = openLedger('', { url: database.url });
    const label = 'Motif\tà «tabulation»\nligne 2 \\ fin \\N "guillemets" \'apostrophe\'\r';
    try {
      ledger.recordRun(runRecordOf({ invoices: [invoiceRecordOf({ status: 'REJECTED', motives: [{ code: 'DOUBLON', label }] })] }));
    } finally {
      ledger.close();
    }
    const reader = openLedgerDatabase('', { url: database.url, readOnly: true });
    try {
      const stored = reader.prepare<[], string>('SELECT motives_json FROM invoices').pluck().get()!;
      expect(JSON.parse(stored)).toEqual([{ code: 'DOUBLON', label }]);
    } finally {
      reader.close();
    }
  });

  it('reads a large result through a cursor, every row once and in order', () => {
    const db = new PostgresConnection(database.url);
    try {
      const rows = [...db.prepare<[number], { n: number; half: number }>('SELECT n, n / 2 AS half FROM generate_series(1, ?) AS n ORDER BY n').iterate(25_001)];
      expect(rows).toHaveLength(25_001);
      expect(rows[0]).toEqual({ n: 1, half: 0 });
      expect(rows.at(-1)).toEqual({ n: 25_001, half: 12_500 });
      expect(rows.every((row, i) => row.n === i + 1)).toBe(true);
      expect(db.inTransaction).toBe(false);
    } finally {
      db.close();
    }
  });

  it('gives integers beyond 2^53 back exactly, as bigint', () => {
    const db = new PostgresConnection(database.url);
    try {
      expect(db.prepare('SELECT CAST(? AS BIGINT) AS k').safeIntegers().get(-9_223_372_036_854_775_808n)).toEqual({ k: -9_223_372_036_854_775_808n });
      expect(db.prepare<[], unknown>('SELECT 9223372036854775807::bigint').pluck().get()).toBe(9_223_372_036_854_775_807n);
      expect(db.prepare<[], unknown>('SELECT sum(x) FROM (VALUES (1::bigint), (2::bigint)) AS v (x)').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });

  it('says TPLIQ_LEDGER_UNREACHABLE, without the password, when no server answers', () => {
    const url = 'postgres://tpliq:s3cret@127.0.0.1:1/none';
    let message = '';
    try {
      openLedger(freshDir(), { url });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^TPLIQ_LEDGER_UNREACHABLE/);
    expect(message).not.toContain('s3cret');
  });
});
