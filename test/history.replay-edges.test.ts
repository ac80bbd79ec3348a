import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineVersion } from '../engine/cli/engine-version.js';
import type { ReplayReport } from '../engine/history/replay-run.js';
import { MIGRATIONS, migrate } from '../engine/ledger/migrations.js';
import { tpliq } from './support/cli-process.js';
import { callInChild } from './support/in-child.js';
import { TempFolders } from './support/temp-dirs.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';

/**
 * A data folder whose ledger was written by an engine of schema version 4 (before the archive):
 * the next run migrates it, and is replayed like any other; the run recorded before has no
 * archive, and replay says so. Then a replay by an engine of another version: a what-if.
 */
const folders = new TempFolders();
let root: string;
let data: string;
let newRunId: string;
const OLD_RUN_ID = 'TPLIQ-20261120-0123456789AB';

beforeAll(async () => {
  root = folders.make('tpliq-replay-edges-');
  data = join(root, 'data');
  mkdirSync(data);
  const db = new Database(join(data, 'tpliq.sqlite'));
  migrate(new SqliteConnection(db), MIGRATIONS.slice(0, 4));
  db.prepare("INSERT INTO runs (run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES (?, 20261120, '{}', 'old', 'tpliq/0.0.9')").run(OLD_RUN_ID);
  db.close();
  expect((await tpliq('gen', '--out', join(root, 'gen'), '--lines', '800', '--seed', '9')).code).toBe(0);
  expect((await tpliq('referential', 'compile', '--from', join(root, 'gen', 'referential'), '--out', join(root, 'ref.snapshot'))).code).toBe(0);
  const run = await tpliq('run', '--inbox', join(root, 'gen', 'inbox'), '--snapshot', join(root, 'ref.snapshot'), '--date', '2026-11-23', '--data', data, '--out', join(root, 'out'), '--quiet');
  expect(run.code).toBe(0);
  newRunId = (JSON.parse(readFileSync(join(root, 'out', 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
});

afterAll(() => folders.removeAll());

describe('replay on a ledger migrated from before the archive', () => {
  it('migrates the ledger, and replays the run recorded after byte for byte (its view counts the older run)', async () => {
    const db = new Database(join(data, 'tpliq.sqlite'), { readonly: true });
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    db.close();
    const r = await tpliq('replay', newRunId, '--data', data, '--scratch', join(root, 'replay-new'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('identical');
  });

  it('refuses the run recorded before the archive (TPLIQ_REPLAY_NOT_ARCHIVED, exit 2), writing nothing', async () => {
    const r = await tpliq('replay', OLD_RUN_ID, '--data', data, '--scratch', join(root, 'replay-old'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`TPLIQ_REPLAY_NOT_ARCHIVED: run ${OLD_RUN_ID}`);
  });

  it('replays with another engine version as a what-if: every decision compared, none changed', async () => {
    const report = await callInChild<ReplayReport>('engine/history/replay-run.js', 'replayRun', [{ dataDir: data, runId: newRunId, scratchDir: join(root, 'replay-upgrade'), engineVersion: 'tpliq/9.9.9', threads: 2 }], 60_000);
    expect(report.mode).toBe('what-if');
    expect(report.whatIf).toEqual({ recordedEngine: engineVersion(), replayEngine: 'tpliq/9.9.9' });
    // The run id names the engine version: the files that carry it differ, the decisions do not.
    expect(report.replayRunId).not.toBe(newRunId);
    expect(report.comparison).toMatchObject({ invoicesChanged: 0, paidDeltaCents: 0, byAmc: {}, byPractitioner: {} });
    expect(report.comparison?.invoicesCompared).toBeGreaterThan(300);
    expect(readFileSync(join(root, 'replay-upgrade', 'comparison.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(1);
  });
});

describe('replay of a run with an operator layout', () => {
  it('archives the layout as the run resolved it (includes merged): the replay needs neither file', async () => {
    const layouts = join(root, 'my-layouts');
    mkdirSync(layouts);
    for (const name of ['dre.json', 'b2-envelope.json']) copyFileSync(join('codecs', 'layouts', name), join(layouts, name));
    const dataDir = join(root, 'data-profile');
    const run = await tpliq('run', '--inbox', join(root, 'gen', 'inbox'), '--snapshot', join(root, 'ref.snapshot'), '--date', '2026-11-23', '--data', dataDir, '--out', join(root, 'out-profile'), '--quiet', '--profile', `dre=${join(layouts, 'dre.json')}`);
    expect(run.code).toBe(0);
    rmSync(layouts, { recursive: true });
    const runId = (JSON.parse(readFileSync(join(root, 'out-profile', 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
    const r = await tpliq('replay', runId, '--data', dataDir, '--scratch', join(root, 'replay-profile'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ identical: true, mode: 'exact' });
    const archived = JSON.parse(readFileSync(join(root, 'replay-profile', 'layouts', 'dre.json'), 'utf8')) as { include?: unknown; records: Record<string, unknown> };
    expect(archived.include).toBeUndefined();
    // The envelope's records (file and lot headers) came with the profile's own.
    expect(Object.keys(archived.records).length).toBeGreaterThan(6);
  });

  it('a layout that cannot be read stops the run as the operator\'s error (exit 2, TPLIQ_LAYOUT_INVALID), not as a bug', async () => {
    writeFileSync(join(root, 'broken.json'), '{');
    const r = await tpliq('run', '--inbox', join(root, 'gen', 'inbox'), '--snapshot', join(root, 'ref.snapshot'), '--date', '2026-11-24', '--data', join(root, 'data-broken'), '--out', join(root, 'out-broken'), '--quiet', '--profile', `dre=${join(root, 'broken.json')}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_LAYOUT_INVALID /);
    expect(existsSync(join(root, 'out-broken.staging'))).toBe(false);
  });
});

describe('a run on a data folder whose archive is another ledger\'s', () => {
  it('stops before any work (TPLIQ_ARCHIVE_FOREIGN, exit 2): no staging, no run recorded', async () => {
    const dataDir = join(root, 'data-foreign');
    mkdirSync(join(dataDir, 'archive'), { recursive: true });
    writeFileSync(join(dataDir, 'archive', 'LEDGER'), '00112233445566778899aabbccddeeff\n');
    const out = join(root, 'out-foreign');
    const r = await tpliq('run', '--inbox', join(root, 'gen', 'inbox'), '--snapshot', join(root, 'ref.snapshot'), '--date', '2026-11-23', '--data', dataDir, '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_ARCHIVE_FOREIGN: the archive in \S+ belongs to ledger 00112233445566778899aabbccddeeff/);
    expect(existsSync(`${out}.staging`)).toBe(false);
    expect(existsSync(out)).toBe(false);
    const db = new Database(join(dataDir, 'tpliq.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    db.close();
  });
});
