import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOutputFolder, outputDifferences } from '../engine/run/output-digests.js';
import { LEDGER_WRITER_LOCK } from '../engine/ledger/ledger-busy.js';
import { PostgresConnection } from '../engine/ledger/sql/postgres-connection.js';
import { tpliq } from './support/cli-process.js';
import { runCli } from '../scripts/crash/crash-trial.js';
import { freshPostgresDatabase, TEST_LEDGER_BACKEND } from './support/ledger-backend.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * The same two accounting days liquidated by the CLI on the SQLite ledger and on a PostgreSQL
 * ledger (`--ledger`): the second day resends the first day's files, so that it depends on what
 * the ledger recorded (duplicates, PECs consumed). Every output must be the same bytes; then the
 * PostgreSQL ledger answers the history commands and replays both days byte for byte.
 */
const folders = new TempFolders();
let root: string;
let snapshot: string;
let database: ReturnType<typeof freshPostgresDatabase>;
const DAYS = ['2026-11-23', '2026-11-24'] as const;

function inboxOf(day: number): string {
  const inbox = join(root, `inbox-${day}`);
  mkdirSync(inbox, { recursive: true });
  copyFileSync(join(root, 'gen', 'inbox', 'ps-0001.b2'), join(inbox, day === 0 ? 'ps-0001.b2' : `ps-0001-resend-${day}.b2`));
  copyFileSync(join(root, 'gen', 'inbox', 'dre-0001.dre'), join(inbox, day === 0 ? 'dre-0001.dre' : `dre-0001-resend-${day}.dre`));
  return inbox;
}

describe.skipIf(TEST_LEDGER_BACKEND !== 'postgres')('a run on a PostgreSQL ledger', () => {
  beforeAll(async () => {
    root = folders.make('tpliq-pg-run-');
    database = freshPostgresDatabase();
    expect((await tpliq('gen', '--out', join(root, 'gen'), '--lines', '3000', '--seed', '7', '--anomaly-rate', '0.05')).code).toBe(0);
    snapshot = join(root, 'ref.snapshot');
    expect((await tpliq('referential', 'compile', '--from', join(root, 'gen', 'referential'), '--out', snapshot)).code).toBe(0);
    for (const [day, date] of DAYS.entries()) {
      const inbox = inboxOf(day);
      for (const [ledger, extra] of [['sqlite', []], ['postgres', ['--ledger', database.url]]] as const) {
        const r = await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', date, '--data', join(root, `data-${ledger}`), '--out', join(root, `out-${ledger}-${day}`), '--quiet', '--threads', '2', ...extra);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
    }
  });

  afterAll(() => {
    database?.drop();
    folders.removeAll();
  });

  it('writes every output byte for byte as on SQLite, both days', () => {
    for (const day of [0, 1]) {
      const sqlite = digestOutputFolder(join(root, `out-sqlite-${day}`));
      expect(sqlite.length).toBeGreaterThan(5);
      expect(outputDifferences(sqlite, digestOutputFolder(join(root, `out-postgres-${day}`)))).toEqual([]);
    }
  });

  it('keeps no ledger file in the data folder: the ledger is the server', async () => {
    const listed = await tpliq('runs', '--data', join(root, 'data-postgres'), '--ledger', database.url);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('2026-11-24');
    const sqliteListing = await tpliq('runs', '--data', join(root, 'data-sqlite'));
    expect(listed.stdout).toBe(sqliteListing.stdout);
    const runId = /TPLIQ-20261124-[0-9A-F]+/.exec(listed.stdout)?.[0] ?? '';
    const shown = await tpliq('runs', 'show', runId, '--data', join(root, 'data-postgres'), '--ledger', database.url);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    // The same run but for its folders, named after the ledger in this test.
    expect(shown.stdout.replaceAll('-postgres', '-sqlite')).toBe((await tpliq('runs', 'show', runId, '--data', join(root, 'data-sqlite'))).stdout);
  });

  it('answers explain and transfers as the SQLite ledger does', async () => {
    const pg = ['--data', join(root, 'data-postgres'), '--ledger', database.url];
    const lite = ['--data', join(root, 'data-sqlite')];
    const transfers = await tpliq('transfers', '--date', DAYS[0], '--json', ...pg);
    expect(transfers.code).toBe(0);
    expect(transfers.stdout).toBe((await tpliq('transfers', '--date', DAYS[0], '--json', ...lite)).stdout);
    // A paid invoice of the first day, from its decisions file (ps-0001.b2 is resent on day 2).
    const paid = readFileSync(join(root, 'out-sqlite-0', 'decisions.csv'), 'utf8').split('\n').map((line) => line.split(',')).find((f) => f[1] === 'ps-0001.b2' && f[7] === 'PAID')!;
    const [invoice, practitioner] = [paid[4]!, paid[5]!];
    const explained = await tpliq('explain', '--ps', practitioner, '--invoice', invoice, '--json', ...pg);
    expect(explained.code).toBe(0);
    // Decided on day 1, then a DOUBLON on day 2 (its file resent): both decisions, from either ledger.
    expect(explained.stdout.replaceAll('-postgres', '-sqlite')).toBe((await tpliq('explain', '--ps', practitioner, '--invoice', invoice, '--json', ...lite)).stdout);
    expect((JSON.parse(explained.stdout) as { decisions: unknown[] }).decisions.length).toBeGreaterThanOrEqual(2);
  });

  it('lets one command at a time write the ledger, from any data folder: the second stops with TPLIQ_LEDGER_BUSY (exit 3)', async () => {
    const holder = new PostgresConnection(database.url);
    try {
      holder.prepare(`SELECT pg_advisory_lock(${LEDGER_WRITER_LOCK})`).get();
      const out = join(root, 'out-busy');
      const r = await tpliq('run', '--inbox', inboxOf(2), '--snapshot', snapshot, '--date', '2026-11-25', '--data', join(root, 'data-elsewhere'), '--out', out, '--quiet', '--ledger', database.url);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/TPLIQ_LEDGER_BUSY/);
      expect(existsSync(out)).toBe(false);
      const purge = await tpliq('ledger', 'purge', '--data', join(root, 'data-postgres'), '--ledger', database.url);
      expect(purge.code).toBe(3);
      expect(purge.stderr).toMatch(/TPLIQ_LEDGER_BUSY/);
    } finally {
      holder.close();
    }
    expect((await tpliq('runs', '--data', join(root, 'data-postgres'), '--ledger', database.url)).stdout).not.toContain('2026-11-25');
  });

  it('replays both days from the PostgreSQL ledger byte for byte', async () => {
    const r = await tpliq('replay', '--data', join(root, 'data-postgres'), '--ledger', database.url, '--threads', '2', '--from', DAYS[0], '--to', DAYS[1], '--scratch', join(root, 'replay'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Array<{ identical: boolean; outputsCompared: number }>;
    expect(report).toHaveLength(2);
    expect(report.every((run) => run.identical && run.outputsCompared > 5)).toBe(true);
  });
});

describe.skipIf(TEST_LEDGER_BACKEND !== 'postgres')('two coordinators on one PostgreSQL ledger', () => {
  afterAll(() => folders.removeAll());

  it('two runs from two data folders, started together on days D and D+1 with the same invoices, never pay them twice', async () => {
    const dir = folders.make('tpliq-pg-two-');
    expect((await tpliq('gen', '--out', join(dir, 'gen'), '--lines', '3000', '--seed', '7')).code).toBe(0);
    const ref = join(dir, 'ref.snapshot');
    expect((await tpliq('referential', 'compile', '--from', join(dir, 'gen', 'referential'), '--out', ref)).code).toBe(0);
    const args = (date: string, data: string): string[] => ['run', '--inbox', join(dir, 'gen', 'inbox'), '--snapshot', ref, '--date', date, '--data', join(dir, data), '--out', join(dir, `out-${data}`), '--quiet'];
    const paidIn = (url: string): number => {
      const db = new PostgresConnection(url);
      try {
        return db.prepare<[], number>("SELECT count(*) FROM invoices WHERE status = 'PAID'").pluck().get()!;
      } finally {
        db.close();
      }
    };
    const alone = freshPostgresDatabase();
    const shared = freshPostgresDatabase();
    try {
      expect((await tpliq(...args('2026-11-23', 'alone'), '--ledger', alone.url)).code).toBe(0);
      const paidAlone = paidIn(alone.url);
      expect(paidAlone).toBeGreaterThan(100);
      const [d, d1] = await Promise.all([runCli([...args('2026-11-23', 'first'), '--ledger', shared.url]), runCli([...args('2026-11-24', 'second'), '--ledger', shared.url])]);
      // Whichever came second was refused as busy, or ran after the first and found every invoice paid.
      expect([d.code, d1.code].sort()).toSatisfy((codes: Array<number | null>) => codes[0] === 0 && (codes[1] === 0 || codes[1] === 3));
      for (const r of [d, d1]) if (r.code === 3) expect(r.stderr).toMatch(/TPLIQ_LEDGER_BUSY/);
      expect(paidIn(shared.url)).toBe(paidAlone);
    } finally {
      alone.drop();
      shared.drop();
    }
  });
});
