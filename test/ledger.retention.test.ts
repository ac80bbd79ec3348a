import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from './support/child-run.js';
import { ledgerSqlOf, ledgerUrlOfDataDir, tpliq, type CliResult } from './support/cli-process.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';

/**
 * `tpliq ledger purge` on a real data folder: generated days liquidated by the compiled CLI at
 * accounting dates months apart, one referential snapshot for all (a blob every run shares).
 *
 *   2026-01-05  FIRST: a generated day (B2, DRE, paper), anomalies included
 *   2026-02-16  KEPT:  new paper invoices, and FIRST's DRE file delivered again (a shared blob)
 *   2026-05-04  LAST:  new paper invoices, and one of FIRST's paid paper invoices resent
 *   2026-05-05  LATER, after the purge: that invoice resent again
 *
 * The default retention counts 90 days back from LAST: FIRST is purged (119 days before), KEPT
 * (77 days) and LAST stay. A kept run cannot be replayed here (`tpliq replay` is not written yet),
 * so what its replay would read — the ledger as it stood before it — is compared row by row.
 */

const FIRST = '2026-01-05';
const KEPT = '2026-02-16';
const LAST = '2026-05-04';
const LATER = '2026-05-05';
/** The run rows' ids, in the order the days are liquidated. */
const RUN_ROW = { [FIRST]: 1, [KEPT]: 2, [LAST]: 3 } as const;

let root: string;
let data: string;
let snapshot: string;
/** A paid paper invoice of FIRST, resent on LAST and LATER. */
let resent: { practitionerId: string; invoiceNumber: string };
/** FIRST's inbox files, by name relative to the inbox. */
let firstFiles: string[];

type Rows = Record<string, unknown>[];

function sql(query: string, ...params: unknown[]): Rows {
  const db = ledgerSqlOf(data);
  try {
    // Functional keys are 64-bit: compared exactly, as BigInt.
    return db.prepare(query).safeIntegers(true).all(...params) as Rows;
  } finally {
    db.close();
  }
}

/** Every table's row count: a refused purge leaves them all as they were. */
function tableCounts(): Record<string, unknown> {
  const tables = sql(TEST_LEDGER_BACKEND === 'postgres'
    ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((row) => row.name as string);
  return Object.fromEntries(tables.map((table) => [table, sql(`SELECT count(*) AS n FROM ${table}`)[0]!.n]));
}

/**
 * What a replay of the run with row id `run` reads (engine/ledger/ledger.ts, asOfRunRowId): the
 * rows of earlier runs in files, PAID invoices, paid_functional_keys, pecs_consumed and runs.
 * Left out: the two columns purge changes and no lookup reads (the motive labels of paid rows,
 * the purge mark of run rows).
 */
function viewBefore(run: number): { files: Rows; paidInvoices: Rows; paidFunctionalKeys: Rows; pecsConsumed: Rows; runs: Rows } {
  const without = (rows: Rows, column: string): Rows => rows.map(({ [column]: _dropped, ...rest }) => rest);
  return {
    files: sql('SELECT * FROM files WHERE run < ? ORDER BY id', run),
    paidInvoices: without(sql("SELECT * FROM invoices WHERE status = 'PAID' AND run < ? ORDER BY id", run), 'motives_json'),
    paidFunctionalKeys: sql('SELECT * FROM paid_functional_keys WHERE run < ? ORDER BY functional_key, run', run),
    pecsConsumed: sql('SELECT * FROM pecs_consumed WHERE run < ? ORDER BY pec_number', run),
    runs: without(sql('SELECT * FROM runs WHERE id < ? ORDER BY id', run), 'purged_before'),
  };
}

/** The archive's blobs, by digest (the LEDGER owner file and temporaries left out). */
function archivedBlobs(): string[] {
  const blobs = join(data, 'archive', 'sha256');
  return readdirSync(blobs).flatMap((prefix) => readdirSync(join(blobs, prefix))).sort();
}

/** A decisions.csv as rows (quoted cells hold commas: motive labels). */
function decisions(out: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(out, 'decisions.csv'), 'utf8').trimEnd().split('\n').map(csvCells);
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

function csvCells(line: string): string[] {
  const cells: string[] = [];
  for (let at = 0; at <= line.length;) {
    if (line[at] === '"') {
      let end = at + 1;
      while (!(line[end] === '"' && line[end + 1] !== '"')) end += line[end] === '"' ? 2 : 1;
      cells.push(line.slice(at + 1, end).replaceAll('""', '"'));
      at = end + 2;
    } else {
      const end = line.indexOf(',', at) === -1 ? line.length : line.indexOf(',', at);
      cells.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return cells;
}

function run(inbox: string, date: string, dataDir: string, out: string): Promise<CliResult> {
  return tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', date, '--data', dataDir, '--out', out, '--quiet');
}

/** `tpliq ledger purge --json` on the test's data folder, parsed. */
async function purgeJson(...args: string[]): Promise<Record<string, unknown>> {
  const r = await tpliq('ledger', 'purge', '--data', data, '--json', ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** A paper file: the header, then each row with its invoice number or RO sending date changed. */
function paperFile(header: string, rows: string[][], change: (cells: string[]) => void): string {
  return [header, ...rows.map((cells) => {
    const copy = [...cells];
    change(copy);
    return copy.join(',');
  })].join('\n') + '\n';
}

/** An inbox of paper files (and copies of other files), each received on `date` at 08:30 Paris time. */
function inbox(name: string, date: string, offset: string, files: Record<string, string | Buffer>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'paper'), { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  const manifest = { files: Object.keys(files).map((file) => ({ file, receivedAt: `${date}T08:30:00${offset}` })) };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tpliq-retention-'));
  data = join(root, 'data');
  const gen = async (date: string): Promise<string> => {
    const dir = join(root, `gen-${date}`);
    expect((await tpliq('gen', '--out', dir, '--lines', '200', '--seed', '7', '--date', date, '--anomaly-rate', '0.1')).code).toBe(0);
    return dir;
  };
  const first = await gen(FIRST);
  snapshot = join(root, 'ref.snapshot');
  expect((await tpliq('referential', 'compile', '--from', join(first, 'referential'), '--out', snapshot)).code).toBe(0);
  const firstInbox = join(first, 'inbox');
  firstFiles = (readdirSync(firstInbox, { recursive: true }) as string[]).filter((f) => /\.(b2|dre|csv)$/.test(f)).sort();
  // The runs below resend the DRE file and read the paper file; the other files are whatever the day holds.
  expect(firstFiles).toEqual(expect.arrayContaining(['dre-0001.dre', 'paper/paper-0001.csv', 'ps-0001.b2']));

  // The same seed on later days gives the same invoice numbers with later care dates: moved to
  // other numbers (a bijection), they are new invoices billed by the same practitioners.
  const [paperHeader, ...paperRows] = readFileSync(join(firstInbox, 'paper', 'paper-0001.csv'), 'utf8').trimEnd().split('\n');
  const laterPaper = async (date: string, shift: number): Promise<string> => {
    const [, ...rows] = readFileSync(join(await gen(date), 'inbox', 'paper', 'paper-0001.csv'), 'utf8').trimEnd().split('\n');
    return paperFile(paperHeader!, rows.map((row) => row.split(',')), (cells) => {
      cells[1] = String((Number(cells[1]) + shift * 100_000_000) % 1_000_000_000).padStart(9, '0');
    });
  };
  // A paid paper invoice of FIRST, resent with a recent RO sending date: in time, it would be
  // paid again but for the ledger's memory of the first payment.
  const expected = readFileSync(join(first, 'expected.csv'), 'utf8').split('\n').map((line) => line.split(','));
  const paid = expected.find((cells) => cells[0] === 'paper/paper-0001.csv' && cells[3] === 'PAID')!;
  resent = { invoiceNumber: paid[1]!, practitionerId: paid[2]! };
  const resentRows = paperRows.map((row) => row.split(',')).filter((cells) => cells[0] === resent.practitionerId && cells[1] === resent.invoiceNumber);
  const resend = (roSentDate: string): string => paperFile(paperHeader!, resentRows, (cells) => (cells[8] = roSentDate));

  const inboxes: Array<[string, string]> = [
    [firstInbox, FIRST],
    [inbox('in-kept', KEPT, '+01:00', { 'paper/new.csv': await laterPaper(KEPT, 1), 'dre-0001.dre': readFileSync(join(firstInbox, 'dre-0001.dre')) }), KEPT],
    [inbox('in-last', LAST, '+02:00', { 'paper/new.csv': await laterPaper(LAST, 2), 'paper/resend.csv': resend('2026-04-30') }), LAST],
  ];
  for (const [dir, date] of inboxes) expect((await run(dir, date, data, join(root, `out-${date}`))).code).toBe(0);
  inbox('in-later', LATER, '+02:00', { 'paper/resend.csv': resend('2026-05-04') });
  const resentOnLast = decisions(join(root, `out-${LAST}`)).filter((d) => d.file === 'paper/resend.csv');
  expect(resentOnLast.map((d) => [d.status, d.motives])).toEqual([['REJECTED', `DOUBLON:Facture déjà reçue (facture n° ${resent.invoiceNumber} déjà payée)`]]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tpliq ledger purge (retention, protocol §9-2-1)', () => {
  it('refuses a retention shorter than 90 days, or a cut-off within them, without --force: exit 2, nothing changed', async () => {
    const counts = tableCounts();
    const blobs = archivedBlobs();
    for (const args of [['--retention-days', '30'], ['--before', '2026-03-01'], ['--retention-days', '89', '--json']]) {
      const r = await tpliq('ledger', 'purge', '--data', data, ...args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^tpliq: TPLIQ_RETENTION_TOO_SHORT: .*--force to purge anyway\n$/);
    }
    expect((await tpliq('ledger', 'purge', '--data', data, '--before', '2026-01-01', '--retention-days', '90')).code).toBe(2);
    expect(tableCounts()).toEqual(counts);
    expect(archivedBlobs()).toEqual(blobs);
  });

  it('by default purges the runs more than 90 days before the latest accounting date, and counts exactly what it removed', async () => {
    const out = join(root, `out-${FIRST}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { transfers: { count: number }; inputs: { files: unknown[] } };
    const outputs = (readdirSync(out, { recursive: true }) as string[]).filter((f) => statSync(join(out, f)).isFile() && f !== 'timings.json');
    // FIRST's inbox files no kept run read again: the DRE file came again on KEPT, and the snapshot serves every run.
    const gone = firstFiles.filter((f) => f !== 'dre-0001.dre');
    const goneDigests = sql("SELECT sha256 FROM run_input_blobs WHERE run = ? AND role = 'inbox' AND name != 'dre-0001.dre' ORDER BY name", RUN_ROW[FIRST]).map((row) => row.sha256 as string);
    const keptViews = [RUN_ROW[KEPT], RUN_ROW[LAST]].map(viewBefore);
    const blobsBefore = archivedBlobs();

    expect(await purgeJson()).toEqual({
      cutoff: '2026-02-03',
      latestAccountingDate: LAST,
      runs: 1,
      invoicesRemoved: decisions(out).filter((d) => d.status === 'REJECTED').length,
      // The labels of the paid invoices' signalements (the day's late C2S claims: MAJORATION_C2S).
      labelsCleared: decisions(out).filter((d) => d.status === 'PAID' && d.motives !== '').length,
      lots: readdirSync(join(out, 'arl')).length,
      transfers: summary.transfers.count,
      outputs: outputs.length,
      archives: 1,
      inputBlobs: summary.inputs.files.length + 1,
      blobsRemoved: gone.length,
      bytesFreed: gone.reduce((total, f) => total + statSync(join(root, `gen-${FIRST}`, 'inbox', f)).size, 0),
      temporariesRemoved: 0,
    });
    expect(sql('SELECT purged_before FROM runs ORDER BY id').map((row) => row.purged_before)).toEqual([20260203n, null, null]);

    // (b) The purged run's archive rows are gone, and the blobs only it read; shared blobs stay.
    expect(sql('SELECT count(*) AS n FROM run_archives WHERE run = ?', RUN_ROW[FIRST])).toEqual([{ n: 0n }]);
    expect(sql('SELECT count(*) AS n FROM run_input_blobs WHERE run = ?', RUN_ROW[FIRST])).toEqual([{ n: 0n }]);
    expect(archivedBlobs()).toEqual(blobsBefore.filter((sha256) => !goneDigests.includes(sha256)));
    expect(goneDigests).toHaveLength(gone.length);
    const stillNamed = sql('SELECT DISTINCT sha256 FROM run_input_blobs ORDER BY sha256').map((row) => row.sha256 as string);
    expect(archivedBlobs()).toEqual(stillNamed);
    expect(sql("SELECT count(DISTINCT run) AS n FROM run_input_blobs WHERE role = 'snapshot'")).toEqual([{ n: 2n }]);

    // What purge removed of FIRST: its rejected invoices, lots, transfers, outputs.
    for (const [table, also] of [['invoices', " AND status = 'REJECTED'"], ['lots', ''], ['transfers', ''], ['run_outputs', '']] as const) {
      expect({ table, rows: sql(`SELECT count(*) AS n FROM ${table} WHERE run = ?${also}`, RUN_ROW[FIRST]) }).toEqual({ table, rows: [{ n: 0n }] });
    }
    expect(sql('SELECT count(*) AS n FROM invoices WHERE run = ? AND motives_json IS NOT NULL', RUN_ROW[FIRST])).toEqual([{ n: 0n }]);

    // Every kept run would replay against the same ledger: what it reads of the past is unchanged,
    // FIRST's files, paid invoices and keys included.
    const keptViewsAfter = [RUN_ROW[KEPT], RUN_ROW[LAST]].map(viewBefore);
    expect(keptViewsAfter).toEqual(keptViews);
    expect(keptViews[0]!.files).toHaveLength(firstFiles.length);
    // Every invoice FIRST paid, and its care, is still known to the runs after it.
    const paidOnFirst = decisions(out).filter((d) => d.status === 'PAID').length;
    expect(paidOnFirst).toBeGreaterThan(50);
    expect(keptViews[0]!.paidInvoices).toHaveLength(paidOnFirst);
    expect(keptViews[0]!.paidFunctionalKeys).toHaveLength(paidOnFirst);
  });

  it('after the purge every kept run replays byte for byte, and the purged one says it was purged', async () => {
    const runIdOf = (date: string): string => (JSON.parse(readFileSync(join(root, `out-${date}`, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
    for (const date of [KEPT, LAST]) {
      const r = await tpliq('replay', runIdOf(date), '--data', data, '--scratch', join(root, `replay-${date}`), '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'exact', identical: true, differences: [] });
    }
    const purged = await tpliq('replay', runIdOf(FIRST), '--data', data, '--scratch', join(root, `replay-${FIRST}`));
    expect(purged.code).toBe(2);
    expect(purged.stderr).toContain(`TPLIQ_REPLAY_RUN_PURGED: run ${runIdOf(FIRST)} was purged`);
  });

  it('an invoice paid on the first day and resent after the purge is still a DOUBLON; a ledger without its keys would pay it', async () => {
    const later = join(root, 'in-later');
    expect((await run(later, LATER, data, join(root, `out-${LATER}`))).code).toBe(0);
    const resentLater = decisions(join(root, `out-${LATER}`)).map((d) => [d.invoice_number, d.practitioner_id, d.status, d.motives]);
    expect(resentLater).toEqual([[resent.invoiceNumber, resent.practitionerId, 'REJECTED', `DOUBLON:Facture déjà reçue (facture n° ${resent.invoiceNumber} déjà payée)`]]);
    // The same inbox on a fresh ledger: nothing else stops the payment. The resend's RO date is
    // months after the care, so it is paid with the late-transmission signalement (R. 161-47).
    expect((await run(later, LATER, join(root, 'fresh-data'), join(root, 'fresh-out'))).code).toBe(0);
    expect(decisions(join(root, 'fresh-out')).map((d) => [d.invoice_number, d.status, (d.motives ?? '').split(':')[0]])).toEqual([[resent.invoiceNumber, 'PAID', 'TRANSMISSION_TARDIVE']]);
  });

  it('the same command again for a purged day is refused as a day liquidated: its outputs can no longer be proved', async () => {
    const again = await run(join(root, `gen-${FIRST}`, 'inbox'), FIRST, data, join(root, `out-${FIRST}`));
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/TPLIQ_ACCOUNTING_DAY_LIQUIDATED: accounting day 2026-01-05 was already liquidated by run \S+ \(its control data since purged\)/);
  });

  it('--force lets a shorter retention through; a crash between its ledger commit and the sweep leaves blobs that the next purge removes', async () => {
    const kept = sql("SELECT sha256 FROM run_input_blobs WHERE run = ? AND role = 'inbox' ORDER BY name", RUN_ROW[KEPT]).map((row) => row.sha256 as string);
    const laterRow = Number(sql('SELECT max(id) AS id FROM runs')[0]!.id);
    const keptViews = [RUN_ROW[LAST], laterRow].map(viewBefore);
    const temporary = join(data, 'archive', 'tmp', '4242-crashed');
    mkdirSync(join(data, 'archive', 'tmp'), { recursive: true });
    writeFileSync(temporary, 'half a blob');
    const crashed = await runChild(process.execPath, [resolve('dist/engine/cli/main.js'), 'ledger', 'purge', '--data', data, '--retention-days', '30', '--force'], {
      env: { ...process.env, TPLIQ_TEST_KILL_AT: 'purge-before-sweep', TPLIQ_LEDGER_URL: ledgerUrlOfDataDir(data) ?? '' },
    });
    expect(crashed.signal).toBe('SIGKILL');
    // KEPT (78 days before LATER) is purged in the ledger; its blobs are still on disk, named by no row.
    expect(sql('SELECT purged_before FROM runs WHERE id = ?', RUN_ROW[KEPT])).toEqual([{ purged_before: 20260405n }]);
    expect(sql('SELECT count(*) AS n FROM run_input_blobs WHERE run = ?', RUN_ROW[KEPT])).toEqual([{ n: 0n }]);
    expect(kept.every((sha256) => archivedBlobs().includes(sha256))).toBe(true);

    const again = await purgeJson('--retention-days', '30', '--force');
    expect(again).toMatchObject({ cutoff: '2026-04-05', latestAccountingDate: LATER, runs: 0, invoicesRemoved: 0, blobsRemoved: kept.length, temporariesRemoved: 1 });
    expect(kept.some((sha256) => archivedBlobs().includes(sha256))).toBe(false);
    expect(existsSync(temporary)).toBe(false);
    expect(archivedBlobs()).toEqual(sql('SELECT DISTINCT sha256 FROM run_input_blobs ORDER BY sha256').map((row) => row.sha256 as string));
    // Forced or not, a purge leaves what the runs it keeps would read of the past as it was.
    expect([RUN_ROW[LAST], laterRow].map(viewBefore)).toEqual(keptViews);
    // The resend is a DOUBLON whatever was purged: the keys outlive every retention.
    expect(sql("SELECT count(*) AS n FROM invoices WHERE status = 'PAID' AND practitioner_id = ? AND invoice_number = ?", resent.practitionerId, resent.invoiceNumber)).toEqual([{ n: 1n }]);
  });

  it('a folder without a ledger is refused (exit 2) and nothing is created in it', async () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    for (const dir of [empty, join(root, 'no-such-folder')]) {
      const r = await tpliq('ledger', 'purge', '--data', dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(TEST_LEDGER_BACKEND === 'postgres' ? /^tpliq: TPLIQ_LEDGER_MISSING: the PostgreSQL ledger named by --ledger holds no tpliq ledger yet/ : /^tpliq: TPLIQ_LEDGER_MISSING: no ledger in .* \(tpliq\.sqlite\): check --data\n$/);
    }
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(root, 'no-such-folder'))).toBe(false);
  });
});
