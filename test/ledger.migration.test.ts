import { execFile } from 'node:child_process';
import { chmodSync, existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { tpliq } from './support/cli-process.js';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './support/temp-dirs.js';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { MIGRATIONS, migrate } from '../engine/ledger/migrations.js';
import type { DateYmd } from '../engine/domain/units.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';

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
    expect(tablesOf(file)).toEqual([
      'counter_consumption', 'debt_offsets', 'debts', 'files', 'invoices', 'ledger_identity', 'lots', 'paid_functional_keys', 'pecs_consumed', 'regularisations',
      'run_archives', 'run_input_blobs', 'run_outputs', 'runs', 'schema_migrations', 'transfers',
    ]);
  });

  it('creates the ledger readable by its owner only, whatever the umask, and narrows an older wider one', () => {
    const dataDir = join(tempDir(), 'data');
    const umask = process.umask(0o022);
    try {
      openLedger(dataDir).close();
    } finally {
      process.umask(umask);
    }
    const file = join(dataDir, LEDGER_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    chmodSync(file, 0o644);
    openLedger(dataDir).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lets two processes open a new ledger at the same moment: each finds it migrated once', async () => {
    // Two first runs on an empty data folder used to race on the migrations ("table runs already exists").
    const opener = `import('${pathToFileURL(resolve('dist/engine/ledger/ledger.js')).href}').then((m) => m.openLedger(process.argv[1]).close())`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const dataDir = tempDir();
      const ends = await Promise.all([0, 1, 2].map(() => new Promise<{ code: number; stderr: string }>((done) => {
        execFile(process.execPath, ['-e', opener, dataDir], (error, _stdout, stderr) => done({ code: error === null ? 0 : (error as { code?: number }).code ?? 1, stderr }));
      })));
      // The children's stderr in the failure's message: a lost race names its SQLite error.
      expect(ends.map((end) => end.code), ends.map((end) => end.stderr).join('\n')).toEqual([0, 0, 0]);
      const db = new Database(join(dataDir, LEDGER_FILE_NAME), { readonly: true });
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
      db.close();
    }
  });

  it('lets six threads open new ledgers at the same moment, round after round: none finds it locked', async () => {
    // Two connections switching one new database to WAL at once can meet where SQLite answers
    // SQLITE_BUSY without waiting (each reads the header, then both ask to write it). Before
    // openLedgerDatabase tried again, 65 of this test's 3 600 opens failed there on one run.
    const ledgerModule = pathToFileURL(resolve('dist/engine/ledger/ledger.js')).href;
    const source = `const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(ledgerModule)}).then((m) => {
        parentPort.on('message', (dir) => {
          try { m.openLedgerDatabase(dir).close(); parentPort.postMessage('ok'); }
          catch (error) { parentPort.postMessage(String(error.code) + ' ' + error.message); }
        });
        parentPort.postMessage('ready');
      });`;
    const threads = [0, 1, 2, 3, 4, 5].map(() => new Worker(source, { eval: true }));
    const answer = (thread: Worker, dir?: string): Promise<string> => new Promise((done) => {
      thread.once('message', done);
      if (dir !== undefined) thread.postMessage(dir);
    });
    try {
      expect(await Promise.all(threads.map((thread) => answer(thread)))).toEqual(threads.map(() => 'ready'));
      const failures: string[] = [];
      const roundsDir = tempDir();
      for (let round = 0; round < 600; round++) {
        const dataDir = join(roundsDir, String(round));
        for (const end of await Promise.all(threads.map((thread) => answer(thread, dataDir)))) if (end !== 'ok') failures.push(end);
        rmSync(dataDir, { recursive: true });
      }
      expect(failures).toEqual([]);
    } finally {
      await Promise.all(threads.map((thread) => thread.terminate()));
    }
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
    expect(migrate(new SqliteConnection(db))).toEqual([]);
    db.close();
  });

  it('applies only the migrations a database does not have yet', () => {
    const db = new Database(':memory:');
    const next = MIGRATIONS.length + 1;
    const later = { version: next, name: 'later', sql: 'CREATE TABLE later (x INTEGER) STRICT' };
    expect(migrate(new SqliteConnection(db))).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(new SqliteConnection(db), [...MIGRATIONS, later])).toEqual([next]);
    expect(migrate(new SqliteConnection(db), [...MIGRATIONS, later])).toEqual([]);
    db.close();
  });

  it('refuses a ledger written by a newer engine', async () => {
    const dataDir = tempDir();
    openLedger(dataDir).close();
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(MIGRATIONS.length + 1, 'future');
    db.close();
    expect(() => openLedger(dataDir)).toThrow(/newer engine/);
    // Through the CLI: the operator's to sort out, a coded error and exit 2, not a bug's exit 1.
    const r = await tpliq('runs', '--data', dataDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_LEDGER_SCHEMA_NEWER: ledger schema is at version \d+/);
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const broken = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); CREATE TABLE runs (y INTEGER);' };
    migrate(new SqliteConnection(db));
    expect(() => migrate(new SqliteConnection(db), [...MIGRATIONS, broken])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });
});
