import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, openLedgerDatabase } from '../engine/ledger/ledger.js';
import { MIGRATIONS, migrate } from '../engine/ledger/migrations.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { generateDay } from '../scripts/generate/index.js';
import { tpliq, type CliResult } from './support/cli-process.js';
import { SqliteConnection } from '../engine/ledger/sql/sqlite-connection.js';
import { TEST_LEDGER_BACKEND } from './support/ledger-backend.js';

/** summary.json, as far as these tests read it. */
interface Summary {
  run: { runId: string; accountingDate: string; executionDate: string; engineVersion: string; snapshotId: string };
  invoices: { count: number; claimedCents: number; paid: { count: number; paidCents: number }; rejected: { count: number; claimedCents: number } };
  transfers: { count: number; totalCents: number };
  inputs: { files: Array<{ name: string; sha256: string; sizeBytes: number; receivedDate: string }> };
}

/** The --json answers, as far as these tests read them. */
interface RunJson {
  runId: string; accountingDate: string; engineVersion: string; snapshotId: string; outDir: string | null; released: boolean;
  status: string; purgedBefore: string | null; archived: boolean; replayable: boolean;
  invoiceCount: number; claimedCents: number; paidCount: number; paidCents: number; rejectedCount: number; rejectedClaimedCents: number; transferCount: number; transferCents: number;
}
interface RunDetailJson extends RunJson {
  parameters: { from: string; values: Record<string, unknown> };
  files: Array<{ name: string; sha256: string; sizeBytes: number; receivedDate: string; receipt?: { at: string; from: string } }>;
  refused: unknown[];
  lots: { count: number; negativeArl: number };
  outputs: Array<{ path: string; sha256: string; sizeBytes: number }>;
}
interface DecisionJson {
  runId: string; invoiceNumber: string; accountingDate: string; file: string; lot: string; sequence: number; status: string; paidCents: number; claimedCents: number;
  motives: Array<{ code: string; label: string }>; motiveLabels: string;
  transfer?: { endToEndId: string; amountCents: number; executionDate: string | null };
}
interface TransfersJson {
  accountingDate: string; count: number; totalCents: number;
  transfers: Array<{ practitionerId: string; amountCents: number; endToEndId: string; runId: string; paidInvoiceCount: number }>;
}

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'] as const;

const ok = (r: CliResult): string => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};
const json = <T>(r: CliResult): T => JSON.parse(ok(r)) as T;
const cents = (euros: string): number => Math.round(Number(euros) * 100);
const euros = (amountCents: number): string => `${Math.trunc(amountCents / 100)}.${String(amountCents % 100).padStart(2, '0')}`;
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file of an output folder but timings.json, '/'-separated, as run_outputs records them. */
function outputFiles(outDir: string): Array<{ path: string; sha256: string; sizeBytes: number }> {
  const found: Array<{ path: string; sha256: string; sizeBytes: number }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name !== 'timings.json') found.push({ path: relative(outDir, path).split('\\').join('/'), sha256: sha256(path), sizeBytes: readFileSync(path).length });
    }
  };
  walk(outDir);
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Per end-to-end id, the amount the payment file sends. */
function paymentFileAmounts(outDir: string, date: string): Map<string, number> {
  const xml = readFileSync(join(outDir, 'sepa', `pain001-${date.replace(/-/g, '')}.xml`), 'utf8');
  const amounts = new Map<string, number>();
  for (const m of xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>[\s\S]*?<InstdAmt Ccy="EUR">([\d.]+)<\/InstdAmt>/g)) amounts.set(m[1]!, cents(m[2]!));
  return amounts;
}

describe('ledger queries on a real ledger: runs, runs show, explain, transfers', () => {
  let dir: string;
  let data: string;
  const outs: string[] = [];
  const summaries: Summary[] = [];
  const decisions: Array<Array<Record<string, string>>> = [];
  /** An invoice paid on the first day whose whole file is delivered again on the third. */
  let resent: { ps: string; invoice: string; file: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-queries-'));
    data = join(dir, 'data');
    for (const [i, seed] of [7, 8].entries()) {
      await generateDay({ outDir: join(dir, `gen-${i}`), seed, targetLines: 400, accountingDate: DAYS[i], anomalyRate: 0.1 });
      await writeSnapshot(join(dir, `gen-${i}`, 'referential'), join(dir, `ref-${i}.snapshot`));
    }
    const run = async (day: number, inbox: string, snapshot: string): Promise<void> => {
      const out = join(dir, `out-${day}`);
      ok(await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', DAYS[day]!, '--data', data, '--out', out, '--quiet', '--threads', '1'));
      outs.push(out);
      summaries.push(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary);
      decisions.push(readCsv(join(out, 'decisions.csv')));
    };
    await run(0, join(dir, 'gen-0', 'inbox'), join(dir, 'ref-0.snapshot'));
    await run(1, join(dir, 'gen-1', 'inbox'), join(dir, 'ref-1.snapshot'));
    // Day 3: one B2 file of day 1 sent again, as received that morning.
    const paid = decisions[0]!.find((row) => row.status === 'PAID' && row.file!.endsWith('.b2'))!;
    resent = { ps: paid.practitioner_id!, invoice: paid.invoice_number!, file: paid.file! };
    const inbox = join(dir, 'resend');
    mkdirSync(inbox);
    copyFileSync(join(dir, 'gen-0', 'inbox', resent.file), join(inbox, resent.file));
    writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ files: [{ file: resent.file, receivedAt: `${DAYS[2]}T10:00:00+01:00` }] }));
    await run(2, inbox, join(dir, 'ref-0.snapshot'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs: one line per run, oldest first, with the totals of each run\'s summary.json', async () => {
    const { runs } = json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--json'));
    expect(runs.map((run) => run.runId)).toEqual(summaries.map((s) => s.run.runId));
    runs.forEach((run, i) => {
      const s = summaries[i]!;
      expect(run).toMatchObject({
        accountingDate: DAYS[i], engineVersion: s.run.engineVersion, snapshotId: s.run.snapshotId, outDir: outs[i], released: true,
        status: 'released', purgedBefore: null, archived: true, replayable: true,
        invoiceCount: s.invoices.count, claimedCents: s.invoices.claimedCents, paidCount: s.invoices.paid.count, paidCents: s.invoices.paid.paidCents,
        rejectedCount: s.invoices.rejected.count, rejectedClaimedCents: s.invoices.rejected.claimedCents,
        transferCount: s.transfers.count, transferCents: s.transfers.totalCents,
      });
    });
    // The day of the resend paid nothing new from that file.
    expect(runs[2]!.rejectedCount).toBeGreaterThan(0);

    const text = ok(await tpliq('runs', '--data', data)).trimEnd().split('\n');
    expect(text[0]!.split(/\s{2,}/)).toEqual(['date', 'run', 'engine', 'invoices', 'paid', 'paid EUR', 'rejected', 'claimed EUR', 'transfers', 'transfers EUR', 'status', 'archived']);
    expect(text.slice(1).map((line) => line.split(/\s+/))).toEqual(runs.map((run) => [
      run.accountingDate, run.runId, run.engineVersion, String(run.invoiceCount), String(run.paidCount), euros(run.paidCents),
      String(run.rejectedCount), euros(run.rejectedClaimedCents), String(run.transferCount), euros(run.transferCents), 'released', 'yes',
    ]));
    // Aligned: every column starts at the same place on every line.
    expect(new Set(text.map((line) => line.indexOf('TPLIQ-') === -1 ? line.indexOf('run') : line.indexOf('TPLIQ-'))).size).toBe(1);
  });

  it('runs --from / --to keep the runs of those accounting days; a range without a run is TPLIQ_HISTORY_NOTHING (exit 2)', async () => {
    const { runs } = json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--from', DAYS[1], '--to', DAYS[1], '--json'));
    expect(runs.map((run) => run.runId)).toEqual([summaries[1]!.run.runId]);
    expect(json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--from', DAYS[1], '--json')).runs).toHaveLength(2);
    expect(json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--to', DAYS[1], '--json')).runs).toHaveLength(2);
    const none = await tpliq('runs', '--data', data, '--from', '2026-12-01');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`tpliq: TPLIQ_HISTORY_NOTHING: no run from 2026-12-01 on: the ledger holds 3 runs, from ${DAYS[0]} to ${DAYS[2]}\n`);
    const backwards = await tpliq('runs', '--data', data, '--from', DAYS[2], '--to', DAYS[0]);
    expect(backwards.code).toBe(2);
    expect((await tpliq('runs', '--from', DAYS[0])).stderr).toMatch(/required option '--data <dir>' not specified/);
  });

  it('runs show: the run\'s totals, archived parameters, input files with their receipt, lots and committed outputs', async () => {
    const s = summaries[0]!;
    const detail = json<RunDetailJson>(await tpliq('runs', 'show', s.run.runId, '--data', data, '--json'));
    expect(detail).toMatchObject({ runId: s.run.runId, accountingDate: DAYS[0], invoiceCount: s.invoices.count, paidCents: s.invoices.paid.paidCents, transferCount: s.transfers.count, transferCents: s.transfers.totalCents, released: true, outDir: outs[0] });
    expect(detail.parameters.from).toBe('archive');
    expect(detail.parameters.values).toMatchObject({ accountingDate: DAYS[0], executionDate: s.run.executionDate, calendar: 'TARGET_AND_FR', threads: 1, outDir: outs[0] });
    expect(detail.files.map(({ receipt: _receipt, ...file }) => file)).toEqual(s.inputs.files);
    const manifest = JSON.parse(readFileSync(join(dir, 'gen-0', 'inbox', 'manifest.json'), 'utf8')) as { files: Array<{ file: string; receivedAt: string }> };
    for (const file of detail.files) {
      const dated = manifest.files.find((entry) => entry.file === file.name)!;
      expect(file.receipt).toEqual({ at: new Date(dated.receivedAt).toISOString(), from: 'manifest' });
    }
    expect(detail.refused).toEqual([]);
    // One ARL per lot received.
    expect(detail.lots.count).toBe(readdirSync(join(outs[0]!, 'arl')).length);
    expect(detail.outputs).toEqual(outputFiles(outs[0]!));

    // The same with the options given to `runs`, and as text.
    expect(json<RunDetailJson>(await tpliq('runs', '--data', data, '--json', 'show', s.run.runId))).toEqual(detail);
    const text = ok(await tpliq('runs', 'show', s.run.runId, '--data', data));
    expect(text).toContain(`run ${s.run.runId}\n  accounting date  ${DAYS[0]}\n  status           released\n`);
    expect(text).toContain(`  paid             ${s.invoices.paid.count}  ${euros(s.invoices.paid.paidCents)} EUR\n`);
    expect(text).toContain(`  transfers        ${s.transfers.count}  ${euros(s.transfers.totalCents)} EUR\n`);
    expect(text).toContain(`  executionDate     ${s.run.executionDate}\n`);
    for (const file of s.inputs.files) expect(text).toMatch(new RegExp(`\\n  ${file.name.replace(/[.]/g, '\\.')} +${file.sha256} +${file.sizeBytes}  ${file.receivedDate}  `));
    for (const output of detail.outputs) expect(text).toMatch(new RegExp(`\\n  ${output.path.replace(/[.]/g, '\\.')} +${output.sha256} +${output.sizeBytes}(\\n|$)`));
  });

  it('runs show of an unknown run is TPLIQ_RUN_UNKNOWN (exit 2)', async () => {
    const r = await tpliq('runs', 'show', 'TPLIQ-20261123-000000000000', '--data', data);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_RUN_UNKNOWN: no run TPLIQ-20261123-000000000000 in the ledger \(the ledger holds 3 runs/);
  });

  it('explain: the invoice paid on day 1, then rejected as DOUBLON on day 3 with its label, each as decisions.csv says', async () => {
    const explained = json<{ practitionerId: string; invoiceNumber: string; decisions: DecisionJson[] }>(await tpliq('explain', '--data', data, '--ps', resent.ps, '--invoice', resent.invoice, '--json'));
    expect(explained.decisions.map((d) => [d.runId, d.accountingDate, d.status])).toEqual([
      [summaries[0]!.run.runId, DAYS[0], 'PAID'],
      [summaries[2]!.run.runId, DAYS[2], 'REJECTED'],
    ]);
    [0, 2].forEach((day, i) => {
      const row = decisions[day]!.find((r) => r.practitioner_id === resent.ps && r.invoice_number === resent.invoice)!;
      const decision = explained.decisions[i]!;
      expect(decision).toMatchObject({ invoiceNumber: resent.invoice, file: resent.file, lot: row.lot, sequence: Number(row.sequence), paidCents: cents(row.paid_amount!), claimedCents: cents(row.claimed_amount!), motiveLabels: 'as decided' });
      expect(decision.motives.map((m) => `${m.code}:${m.label}`).join('|')).toBe(row.motives);
    });
    const [paid, doublon] = explained.decisions as [DecisionJson, DecisionJson];
    expect(doublon.motives).toContainEqual({ code: 'DOUBLON', label: `Facture déjà reçue (facture n° ${resent.invoice} déjà payée)` });
    expect(doublon.transfer).toBeUndefined();
    // The transfer it went out in: the practitioner's one of day 1, as the payment file sends it.
    const endToEndId = `TPLIQ-${DAYS[0].replace(/-/g, '')}-${resent.ps}`;
    expect(paid.transfer).toEqual({ endToEndId, amountCents: paymentFileAmounts(outs[0]!, DAYS[0]).get(endToEndId), executionDate: summaries[0]!.run.executionDate });

    const text = ok(await tpliq('explain', '--data', data, '--ps', resent.ps, '--invoice', resent.invoice));
    expect(text).toContain(`invoice ${resent.invoice} of practitioner ${resent.ps}: 2 decisions, oldest first\n`);
    expect(text).toContain(`\n${DAYS[0]}  run ${paid.runId}\n  invoice   ${resent.invoice} in ${resent.file}, lot ${paid.lot}, sequence ${paid.sequence}\n  status    PAID\n  paid      ${euros(paid.paidCents)} EUR of ${euros(paid.claimedCents)} EUR claimed\n`);
    expect(text).toContain(`  transfer  ${endToEndId}  ${euros(paid.transfer!.amountCents)} EUR (the practitioner's whole day), execution date ${summaries[0]!.run.executionDate}\n`);
    expect(text).toContain(`\n${DAYS[2]}  run ${doublon.runId}\n`);
    expect(text).toContain(`  motive    DOUBLON  Facture déjà reçue (facture n° ${resent.invoice} déjà payée)\n`);
    // Numbers are matched by value, as inspect --invoice does.
    expect(json<{ decisions: DecisionJson[] }>(await tpliq('explain', '--data', data, '--ps', resent.ps, '--invoice', `00${resent.invoice}`, '--json')).decisions).toEqual(explained.decisions);
  });

  it('explain of nothing is TPLIQ_HISTORY_NOTHING (exit 2), saying whether the practitioner is known', async () => {
    const wrongNumber = await tpliq('explain', '--data', data, '--ps', resent.ps, '--invoice', 'NOPE');
    expect(wrongNumber.code).toBe(2);
    expect(wrongNumber.stderr).toMatch(new RegExp(`^tpliq: TPLIQ_HISTORY_NOTHING: no decision on invoice NOPE of practitioner ${resent.ps} in the ledger: the practitioner is known \\(1 transfer to them, from ${DAYS[0]} to ${DAYS[0]}\\): check --invoice\\n$`));
    const stranger = await tpliq('explain', '--data', data, '--ps', '000000000', '--invoice', resent.invoice);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/TPLIQ_HISTORY_NOTHING: .*the practitioner is unknown to the ledger: check --ps\n$/);
  });

  it('transfers: the day\'s transfers, each with the paid invoices of its practitioner in decisions.csv and its payment-file amount', async () => {
    const day = json<TransfersJson>(await tpliq('transfers', '--data', data, '--date', DAYS[0], '--json'));
    expect({ count: day.count, totalCents: day.totalCents }).toEqual({ count: summaries[0]!.transfers.count, totalCents: summaries[0]!.transfers.totalCents });
    const amounts = paymentFileAmounts(outs[0]!, DAYS[0]);
    expect(day.transfers.map((t) => t.endToEndId).sort()).toEqual([...amounts.keys()].sort());
    for (const transfer of day.transfers) {
      const paid = decisions[0]!.filter((row) => row.practitioner_id === transfer.practitionerId && row.status === 'PAID');
      expect(transfer).toEqual({
        practitionerId: transfer.practitionerId, amountCents: amounts.get(transfer.endToEndId), endToEndId: transfer.endToEndId,
        runId: summaries[0]!.run.runId, paidInvoiceCount: paid.length,
      });
      expect(paid.reduce((sum, row) => sum + cents(row.paid_amount!), 0)).toBe(transfer.amountCents);
    }

    const one = json<TransfersJson>(await tpliq('transfers', '--data', data, '--date', DAYS[0], '--ps', resent.ps, '--json'));
    expect(one.transfers).toEqual(day.transfers.filter((t) => t.practitionerId === resent.ps));
    const text = ok(await tpliq('transfers', '--data', data, '--date', DAYS[0])).trimEnd().split('\n');
    expect(text[0]).toBe(`transfers of ${DAYS[0]}: ${day.count}, ${euros(day.totalCents)} EUR`);
    expect(text.slice(2).map((line) => line.split(/\s+/))).toEqual(day.transfers.map((t) => [t.practitionerId, euros(t.amountCents), t.endToEndId, t.runId, String(t.paidInvoiceCount)]));

    const noRun = await tpliq('transfers', '--data', data, '--date', '2026-11-26');
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toMatch(/TPLIQ_HISTORY_NOTHING: no run on 2026-11-26/);
    const notPaid = await tpliq('transfers', '--data', data, '--date', DAYS[1], '--ps', resent.ps);
    expect(notPaid.code).toBe(2);
    expect(notPaid.stderr).toMatch(new RegExp(`TPLIQ_HISTORY_NOTHING: no transfer to practitioner ${resent.ps} on ${DAYS[1]}: no invoice of theirs was decided that day`));
  });

  // Last: it removes the first day's detail from the ledger the tests above read.
  it('after a purge: runs says purged, runs show lists the files the ledger kept, explain what is left', async () => {
    // Days a day apart: a cut-off within the protocol's 90 days needs --force.
    ok(await tpliq('ledger', 'purge', '--data', data, '--before', DAYS[1], '--force'));
    const s = summaries[0]!;
    const { runs } = json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--json'));
    expect(runs.map((run) => [run.status, run.purgedBefore, run.archived, run.replayable, run.paidCents])).toEqual([
      ['purged', DAYS[1], false, false, s.invoices.paid.paidCents],
      ['released', null, true, true, summaries[1]!.invoices.paid.paidCents],
      ['released', null, true, true, summaries[2]!.invoices.paid.paidCents],
    ]);
    const detail = json<RunDetailJson>(await tpliq('runs', 'show', s.run.runId, '--data', data, '--json'));
    expect(detail.files.map(({ receipt: _receipt, ...file }) => file)).toEqual(s.inputs.files);
    expect(detail.lots.count).toBe(0);
    // The files rows outlive the retention; the receipt instants, outputs' digests and lots went with it.
    expect(detail.files.every((file) => file.receipt === undefined)).toBe(true);
    expect(detail.outputs).toEqual([]);
    expect(ok(await tpliq('runs', 'show', s.run.runId, '--data', data))).toContain(`  status           purged before ${DAYS[1]} (rejected invoices, lots, transfers, output digests and archived inputs removed by retention)\n`);
    const explained = json<{ decisions: DecisionJson[] }>(await tpliq('explain', '--data', data, '--ps', resent.ps, '--invoice', resent.invoice, '--json'));
    // The paid decision outlives the retention (its key stops a late resend); the rejection of day 3 is a kept run's.
    expect(explained.decisions.map((d) => [d.runId, d.status])).toEqual([[s.run.runId, 'PAID'], [summaries[2]!.run.runId, 'REJECTED']]);
    expect((await tpliq('transfers', '--data', data, '--date', DAYS[0])).stderr).toMatch(new RegExp(`TPLIQ_HISTORY_NOTHING: the detail of run ${s.run.runId} on ${DAYS[0]} was purged \\(retention\\): its row keeps ${s.transfers.count} transfers for ${euros(s.transfers.totalCents)} EUR in all`));
  });
});

// The SQLite file's side; test/ledger.postgres.test.ts holds PostgreSQL's (no ledger in the database, writes refused).
describe.skipIf(TEST_LEDGER_BACKEND === 'postgres')('ledger queries never create a ledger', () => {
  it('on a folder without tpliq.sqlite, every query is TPLIQ_LEDGER_MISSING (exit 2) and the folder stays empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpliq-queries-empty-'));
    try {
      const missing = join(dir, 'no-such-folder');
      for (const [data, args] of [[dir, ['runs']], [dir, ['runs', 'show', 'X']], [dir, ['explain', '--ps', '1', '--invoice', '1']], [dir, ['transfers', '--date', DAYS[0]]], [missing, ['runs']]] as const) {
        const r = await tpliq(...args, '--data', data);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`tpliq: TPLIQ_LEDGER_MISSING: no ledger in ${data} (${LEDGER_FILE_NAME}): check --data\n`);
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an existing ledger for reading only: a write is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpliq-queries-ro-'));
    try {
      openLedgerDatabase(dir).close();
      const db = openLedgerDatabase(dir, { readOnly: true });
      try {
        expect(() => db.exec("INSERT INTO runs (run_id, accounting_date, parameters_json, snapshot_id, engine_version) VALUES ('R', 20261123, '{}', 's', 'e')")).toThrow(/readonly/);
      } finally {
        db.close();
      }
      expect(() => openLedgerDatabase(join(dir, 'elsewhere'), { readOnly: true })).toThrow();
      expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A SQLite file written by an older engine; a PostgreSQL ledger starts at the schema of its time.
describe.skipIf(TEST_LEDGER_BACKEND === 'postgres')('ledger queries on a ledger of an older schema', () => {
  it('migrates it, then answers: run-row parameters, generic motive labels, purged and unreleased runs', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tpliq-queries-v4-'));
    try {
      const db = new Database(join(data, LEDGER_FILE_NAME));
      migrate(new SqliteConnection(db), MIGRATIONS.slice(0, 4));
      db.exec(`
        INSERT INTO runs (id, run_id, accounting_date, parameters_json, snapshot_id, engine_version, invoice_count, claimed_cents, paid_count, paid_cents,
            rejected_count, rejected_claimed_cents, transfer_count, transfer_cents, out_dir, released, purged_before)
          VALUES (1, 'OLD-1', 20260801, '{"accountingDate":20260801}', 'snap-0', '0.0.9', 4, 4000, 3, 3000, 1, 1000, 2, 3000, NULL, 1, 20260901),
                 (2, 'OLD-2', 20261002, '{"accountingDate":20261002,"calendar":"TARGET"}', 'snap-1', '0.0.9', 2, 3000, 1, 1234, 1, 1766, 1, 1234, '/srv/out/2026-10-02', 1, NULL),
                 (3, 'OLD-3', 20261005, '{"accountingDate":20261005}', 'snap-1', '0.0.9', 0, 0, 0, 0, 0, 0, 0, 0, '/srv/out/2026-10-05', 0, NULL);
        INSERT INTO files (id, run, sha256, name, size_bytes, received_date) VALUES (1, 2, '${'a'.repeat(64)}', 'ps-0001.b2', 1280, 20261001);
        INSERT INTO lots (run, file, lot_number, arl_positive) VALUES (2, 1, '001', 1), (2, 1, '002', 0);
        INSERT INTO invoices (run, file, lot_number, sequence, practitioner_id, invoice_number, status, paid_cents, claimed_cents, motive_codes, accounting_date, care_date)
          VALUES (2, 1, '001', 0, '991023763', '000000042', 'PAID', 1234, 1234, '', 20261002, 20260930),
                 (2, 1, '002', 1, '991023763', '000000042', 'REJECTED', 0, 1766, 'DOUBLON|HORS_DELAI', 20261002, 20260930);
        INSERT INTO transfers (run, practitioner_id, accounting_date, amount_cents, end_to_end_id) VALUES (2, '991023763', 20261002, 1234, 'TPLIQ-20261002-991023763');
        INSERT INTO run_outputs (run, path, sha256, size_bytes) VALUES (2, 'summary.json', '${'b'.repeat(64)}', 99);
      `);
      db.close();

      const { runs } = json<{ runs: RunJson[] }>(await tpliq('runs', '--data', data, '--json'));
      expect(runs.map((run) => [run.runId, run.status, run.purgedBefore, run.archived, run.replayable])).toEqual([
        ['OLD-1', 'purged', '2026-09-01', false, false],
        ['OLD-2', 'released', null, false, false],
        ['OLD-3', 'not released', null, false, false],
      ]);
      expect(ok(await tpliq('runs', '--data', data)).split('\n')[1]).toMatch(/^2026-08-01 +OLD-1 +0\.0\.9 +4 +3 +30\.00 +1 +10\.00 +2 +30\.00 +purged before 2026-09-01 +purged$/);
      // The engine migrated the ledger on the way: the queries read the latest schema.
      const migrated = new Database(join(data, LEDGER_FILE_NAME), { readonly: true });
      expect(migrated.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
      migrated.close();

      const detail = json<RunDetailJson>(await tpliq('runs', 'show', 'OLD-2', '--data', data, '--json'));
      expect(detail).toMatchObject({
        parameters: { from: 'run row', values: { accountingDate: '2026-10-02', calendar: 'TARGET' } },
        files: [{ name: 'ps-0001.b2', sha256: 'a'.repeat(64), sizeBytes: 1280, receivedDate: '2026-10-01' }],
        refused: [], lots: { count: 2, negativeArl: 1 }, outputs: [{ path: 'summary.json', sha256: 'b'.repeat(64), sizeBytes: 99 }],
      });
      expect(detail.files[0]!.receipt).toBeUndefined();
      expect(ok(await tpliq('runs', 'show', 'OLD-3', '--data', data))).toContain('  output folder    /srv/out/2026-10-05 (outputs not confirmed there yet');

      const { decisions } = json<{ decisions: DecisionJson[] }>(await tpliq('explain', '--data', data, '--ps', '991023763', '--invoice', '42', '--json'));
      expect(decisions).toEqual([
        { runId: 'OLD-2', invoiceNumber: '000000042', accountingDate: '2026-10-02', file: 'ps-0001.b2', lot: '001', sequence: 0, status: 'PAID', paidCents: 1234, claimedCents: 1234, motives: [], motiveLabels: 'as decided', transfer: { endToEndId: 'TPLIQ-20261002-991023763', amountCents: 1234, executionDate: null } },
        {
          runId: 'OLD-2', invoiceNumber: '000000042', accountingDate: '2026-10-02', file: 'ps-0001.b2', lot: '002', sequence: 1, status: 'REJECTED', paidCents: 0, claimedCents: 1766,
          motives: [{ code: 'DOUBLON', label: 'Facture déjà reçue' }, { code: 'HORS_DELAI', label: 'Facture reçue hors délai' }], motiveLabels: 'generic',
        },
      ]);
      expect(ok(await tpliq('explain', '--data', data, '--ps', '991023763', '--invoice', '42'))).toContain('  motive    DOUBLON  Facture déjà reçue (label without its values: recorded before they were kept)\n');

      expect(json<TransfersJson>(await tpliq('transfers', '--data', data, '--date', '2026-10-02', '--json')).transfers).toEqual([
        { practitionerId: '991023763', amountCents: 1234, endToEndId: 'TPLIQ-20261002-991023763', runId: 'OLD-2', paidInvoiceCount: 1 },
      ]);
      const purged = await tpliq('transfers', '--data', data, '--date', '2026-08-01');
      expect(purged.code).toBe(2);
      expect(purged.stderr).toBe('tpliq: TPLIQ_HISTORY_NOTHING: the detail of run OLD-1 on 2026-08-01 was purged (retention): its row keeps 2 transfers for 30.00 EUR in all (tpliq runs show OLD-1)\n');
      expect(ok(await tpliq('transfers', '--data', data, '--date', '2026-10-05'))).toBe('transfers of 2026-10-05: 0, 0.00 EUR (the day\'s run paid nobody)\n');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
