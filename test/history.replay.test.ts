import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSqlOf, tpliq } from './support/cli-process.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * Five accounting days liquidated one after the other on one ledger, from the files of one
 * generated day: files resent on later days (their invoices come back DOUBLON, their PECs
 * already consumed), receipt instants on both sides of the 17:00 cut-off. Then every day is
 * replayed from the archive and must give back every output byte for byte — day 3 among them,
 * with days 4 and 5 (which resend its files) already in the ledger.
 */
interface DayPlan {
  date: string;
  /** A file without `receivedAt` is left out of the manifest: its mtime (set to `mtime`) dates it. */
  files: Array<{ from: string; as: string; receivedAt?: string; mtime?: string }>;
  /** What else the inbox holds that a run refuses or reports: a folder with an inbox name, a manifest entry for no file. */
  oddities?: true;
}

const DAYS: readonly DayPlan[] = [
  { date: '2026-11-23', files: [
    { from: 'ps-0001.b2', as: 'ps-0001.b2', receivedAt: '2026-11-23T16:59:59+01:00' },
    { from: 'paper/paper-0001.csv', as: 'paper/paper-0001.csv', receivedAt: '2026-11-23T11:06:18+01:00' },
  ] },
  { date: '2026-11-24', files: [
    { from: 'etab-0001.b2', as: 'etab-0001.b2', receivedAt: '2026-11-23T17:00:00+01:00' },
    { from: 'ps-0001.b2', as: 'ps-0001-resend.b2', receivedAt: '2026-11-24T09:00:00+01:00' },
  ], oddities: true },
  { date: '2026-11-25', files: [
    { from: 'dre-0001.dre', as: 'dre-0001.dre', receivedAt: '2026-11-24T17:00:01+01:00' },
  ] },
  { date: '2026-11-26', files: [
    { from: 'dre-0001.dre', as: 'dre-0001-resend.dre', receivedAt: '2026-11-26T10:00:00+01:00' },
    { from: 'paper/paper-0001.csv', as: 'paper/paper-0001-resend.csv', receivedAt: '2026-11-25T16:59:59+01:00' },
  ] },
  { date: '2026-11-27', files: [
    { from: 'etab-0001.b2', as: 'etab-0001-resend.b2', receivedAt: '2026-11-26T16:59:59+01:00' },
    { from: 'ps-0001.b2', as: 'ps-0001-again.b2', mtime: '2026-11-27T08:00:00+01:00' },
  ] },
];

const folders = new TempFolders();
let root: string;
let data: string;
let snapshot: string;
const runIds: string[] = [];

interface Summary {
  run: { runId: string };
  invoices: { count: number; paid: { count: number }; rejected: { count: number } };
  motives: Record<string, { count: number }>;
}

const summaryOf = (day: number): Summary => JSON.parse(readFileSync(join(root, `out-${day}`, 'summary.json'), 'utf8')) as Summary;

function inboxOf(day: number, plan: DayPlan, generated: string): string {
  const inbox = join(root, `inbox-${day}`);
  mkdirSync(join(inbox, 'paper'), { recursive: true });
  const manifest: Record<string, string> = {};
  for (const file of plan.files) {
    copyFileSync(join(generated, file.from), join(inbox, file.as));
    if (file.receivedAt !== undefined) manifest[file.as] = file.receivedAt;
    if (file.mtime !== undefined) utimesSync(join(inbox, file.as), new Date(file.mtime), new Date(file.mtime));
  }
  if (plan.oddities) {
    mkdirSync(join(inbox, 'folder.b2'));
    manifest['ghost.b2'] = '2026-11-24T10:00:00+01:00';
  }
  writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ files: manifest }));
  return inbox;
}

beforeAll(async () => {
  root = folders.make('tpliq-history-');
  data = join(root, 'data');
  expect((await tpliq('gen', '--out', join(root, 'gen'), '--lines', '4000', '--seed', '5', '--anomaly-rate', '0.05')).code).toBe(0);
  snapshot = join(root, 'ref.snapshot');
  expect((await tpliq('referential', 'compile', '--from', join(root, 'gen', 'referential'), '--out', snapshot)).code).toBe(0);
  for (const [day, plan] of DAYS.entries()) {
    const inbox = inboxOf(day, plan, join(root, 'gen', 'inbox'));
    const r = await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', plan.date, '--data', data, '--out', join(root, `out-${day}`), '--quiet', '--threads', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    runIds.push(summaryOf(day).run.runId);
  }
});

afterAll(() => folders.removeAll());

const replay = (...args: string[]): ReturnType<typeof tpliq> => tpliq('replay', '--data', data, '--threads', '2', ...args);

describe('five days liquidated, then replayed from the archive', () => {
  it('liquidated what the plan says: the resent files come back as duplicates, the PECs as consumed', () => {
    const db = ledgerSqlOf(data);
    try {
      const paidFrom = (...names: string[]): number =>
        db.prepare(`SELECT count(*) FROM invoices JOIN files ON files.id = invoices.file WHERE status = 'PAID' AND files.name IN (${names.map(() => '?').join(', ')})`).pluck().get(...names) as number;
      // Every invoice paid from a file comes back DOUBLON when the file is resent on a later day.
      expect(paidFrom('ps-0001.b2')).toBeGreaterThan(100);
      expect(summaryOf(1).motives.DOUBLON?.count ?? 0).toBeGreaterThanOrEqual(paidFrom('ps-0001.b2'));
      expect(summaryOf(3).motives.DOUBLON?.count ?? 0).toBeGreaterThanOrEqual(paidFrom('dre-0001.dre', 'paper/paper-0001.csv'));
      // Days 4 and 5 only resend: nothing of them is paid again — but a rectificative refused the
      // first time as premature (it named an invoice of its own run), which regularises it now.
      for (const day of [3, 4]) expect(summaryOf(day).invoices.paid.count).toBe(summaryOf(day).motives.REGULARISATION?.count ?? 0);
      const pecsByRun = db.prepare('SELECT run, count(*) AS n FROM pecs_consumed GROUP BY run ORDER BY run').all() as Array<{ run: number; n: number }>;
      // PECs are consumed on the days that pay new invoices (day 1 among them), never by the resends of days 4 and 5.
      const runsConsuming = pecsByRun.map((p) => p.run);
      expect(runsConsuming).toContain(1);
      expect(runsConsuming.every((run) => run <= 3)).toBe(true);
      const received = db.prepare("SELECT name, received_date AS d FROM files WHERE name IN ('ps-0001.b2', 'etab-0001.b2', 'dre-0001.dre') ORDER BY name").all();
      const inputs = JSON.parse(readFileSync(join(root, 'out-1', 'summary.json'), 'utf8')) as { inputs: { rejected: Array<{ code: string; name: string }>; manifest: Array<{ code: string }> } };
      expect(inputs.inputs.rejected).toMatchObject([{ code: 'TPLIQ_INBOX_NOT_A_FILE', name: 'folder.b2' }]);
      expect(inputs.inputs.manifest).toMatchObject([{ code: 'TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE' }]);
      const dated = db.prepare('SELECT inputs_json FROM run_archives WHERE run = 5').pluck().get() as string;
      expect((JSON.parse(dated) as { files: Array<{ name: string; receivedFrom: string }> }).files.map((f) => [f.name, f.receivedFrom])).toEqual([['etab-0001-resend.b2', 'manifest'], ['ps-0001-again.b2', 'mtime']]);
      // Up to 17:00:00 a file counts that day; from 17:00:01 the next banking day (rules.md §4.4).
      expect(received).toEqual([{ name: 'dre-0001.dre', d: 20261125 }, { name: 'etab-0001.b2', d: 20261123 }, { name: 'ps-0001.b2', d: 20261123 }]);
    } finally {
      db.close();
    }
  });

  it('keeps the archive readable by its owner only, whatever the inputs\' own modes', () => {
    chmodSync(join(root, 'gen', 'inbox', 'ps-0001.b2'), 0o644);
    const blobs = join(data, 'archive', 'sha256');
    const modes = readdirSync(blobs).flatMap((prefix) => [
      statSync(join(blobs, prefix)).mode & 0o777,
      ...readdirSync(join(blobs, prefix)).map((name) => statSync(join(blobs, prefix, name)).mode & 0o777),
    ]);
    expect(modes.length).toBeGreaterThan(5);
    expect(new Set(modes)).toEqual(new Set([0o700, 0o600]));
    expect(statSync(join(data, 'archive')).mode & 0o777).toBe(0o700);
  });

  it('replays every day byte for byte, each against the ledger as it stood before it', async () => {
    const r = await replay('--from', '2026-11-23', '--to', '2026-11-27', '--scratch', join(root, 'replay-all'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const reports = JSON.parse(r.stdout) as Array<{ runId: string; identical: boolean; mode: string; outputsCompared: number; differences: unknown[]; recordedFolder: { state: string } }>;
    expect(reports.map((x) => x.runId)).toEqual(runIds);
    for (const report of reports) {
      expect(report).toMatchObject({ mode: 'exact', identical: true, differences: [], recordedFolder: { state: 'intact' } });
      expect(report.outputsCompared).toBeGreaterThan(3);
    }
  });

  it('replays day 3 alone, unaffected by days 4 and 5 which resend its files, and writes nothing to the ledger', async () => {
    const before = ledgerRowCounts(data);
    const r = await replay(runIds[2]!, '--scratch', join(root, 'replay-3'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('identical');
    // The replay's decisions are day 3's: had the view leaked day 4, its invoices would be DOUBLON.
    const replayed = readFileSync(join(root, 'replay-3', 'out', 'decisions.csv'));
    expect(replayed.equals(readFileSync(join(root, 'out-2', 'decisions.csv')))).toBe(true);
    expect(ledgerRowCounts(data)).toEqual(before);
  });

  it('still replays a run whose output folder was deleted, and says the folder is gone', async () => {
    renameSync(join(root, 'out-0'), join(root, 'out-0.away'));
    try {
      const r = await replay(runIds[0]!, '--scratch', join(root, 'replay-gone'), '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ identical: true, recordedFolder: { state: 'absent' } });
    } finally {
      renameSync(join(root, 'out-0.away'), join(root, 'out-0'));
    }
  });

  it('names an output file altered since the run (TPLIQ_OUTPUT_TAMPERED, exit 6)', async () => {
    const csv = join(root, 'out-1', 'decisions.csv');
    const original = readFileSync(csv);
    chmodSync(csv, 0o600);
    writeFileSync(csv, Buffer.concat([original, Buffer.from('forged\r\n')]));
    try {
      const r = await replay(runIds[1]!, '--scratch', join(root, 'replay-forged'));
      expect(r.code).toBe(6);
      expect(r.stdout).toContain(`TPLIQ_OUTPUT_TAMPERED: ${csv}`);
    } finally {
      writeFileSync(csv, original);
    }
  });

  it('refuses a tampered archived input, naming it (TPLIQ_ARCHIVE_TAMPERED, exit 2), and leaves no scratch folder', async () => {
    const blob = archivedBlob('dre-0001.dre');
    const original = readFileSync(blob);
    chmodSync(blob, 0o600);
    const forged = Buffer.from(original);
    forged[200] = forged[200] === 0x30 ? 0x31 : 0x30;
    writeFileSync(blob, forged);
    try {
      const scratch = join(root, 'replay-tampered');
      const r = await replay(runIds[2]!, '--scratch', scratch);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/TPLIQ_ARCHIVE_TAMPERED: archived input dre-0001\.dre/);
      expect(existsSync(scratch)).toBe(false);
    } finally {
      writeFileSync(blob, original);
    }
  });

  it('refuses a run whose archived input is missing (TPLIQ_ARCHIVE_MISSING, exit 2), naming the file', async () => {
    const blob = archivedBlob('etab-0001.b2');
    renameSync(blob, `${blob}.away`);
    try {
      const r = await replay(runIds[1]!, '--scratch', join(root, 'replay-missing'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/TPLIQ_ARCHIVE_MISSING: archived inbox etab-0001\.b2/);
    } finally {
      renameSync(`${blob}.away`, blob);
    }
  });

  it('refuses an archive of another ledger (TPLIQ_ARCHIVE_FOREIGN), an unknown run, a missing ledger: exit 2, nothing created', async () => {
    const owner = join(data, 'archive', 'LEDGER');
    const original = readFileSync(owner);
    writeFileSync(owner, '0123456789abcdef0123456789abcdef\n');
    try {
      const r = await replay(runIds[0]!, '--scratch', join(root, 'replay-foreign'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('TPLIQ_ARCHIVE_FOREIGN');
    } finally {
      writeFileSync(owner, original);
    }
    const unknown = await replay('TPLIQ-20261123-000000000000', '--scratch', join(root, 'replay-unknown'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('TPLIQ_REPLAY_UNKNOWN_RUN');
    const empty = join(root, 'no-ledger');
    const missing = await tpliq('replay', runIds[0]!, '--data', empty);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TPLIQ_LEDGER_MISSING');
    expect(existsSync(empty)).toBe(false);
  });

  it('compares a what-if snapshot invoice by invoice: exactly the invoices whose decision changed, with their deltas', async () => {
    // Another referential: the medical domain's TM guarantee halved for one contract.
    const changed = join(root, 'ref-changed');
    rmSync(changed, { recursive: true, force: true });
    mkdirSync(changed);
    for (const name of ['amc.csv', 'practitioners.csv', 'beneficiaries.csv', 'guarantees.csv', 'pecs.csv']) copyFileSync(join(root, 'gen', 'referential', name), join(changed, name));
    const guarantees = readFileSync(join(changed, 'guarantees.csv'), 'utf8');
    expect(guarantees).toMatch(/^RESP-TM100,MEDE,TM,100,/m);
    writeFileSync(join(changed, 'guarantees.csv'), guarantees.replace(/^RESP-TM100,MEDE,TM,100,/m, 'RESP-TM100,MEDE,TM,50,'));
    const otherSnapshot = join(root, 'ref-changed.snapshot');
    expect((await tpliq('referential', 'compile', '--from', changed, '--out', otherSnapshot)).code).toBe(0);

    const scratch = join(root, 'what-if');
    const r = await replay(runIds[0]!, '--snapshot', otherSnapshot, '--scratch', scratch);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The oracle: the recorded and the what-if decisions.csv, joined by sequence.
    const recorded = decisionsBySequence(join(root, 'out-0', 'decisions.csv'));
    const replayed = decisionsBySequence(join(scratch, 'out', 'decisions.csv'));
    const changedSequences = [...recorded.keys()].filter((seq) => {
      const a = recorded.get(seq)!;
      const b = replayed.get(seq)!;
      return a.status !== b.status || a.paid !== b.paid || a.motives !== b.motives;
    });
    expect(changedSequences.length).toBeGreaterThan(0);
    const comparison = readFileSync(join(scratch, 'comparison.csv'), 'utf8').trimEnd().split('\r\n');
    expect(comparison[0]).toBe('sequence,file,lot,invoice_number,practitioner_id,amc_number,recorded_status,recorded_paid_amount,replayed_status,replayed_paid_amount,paid_delta,recorded_motives,replayed_motives');
    const listed = comparison.slice(1).map((line) => Number(line.slice(0, line.indexOf(','))));
    expect(listed).toEqual(changedSequences);
    let expectedDelta = 0;
    const byAmc = new Map<string, number>();
    for (const seq of changedSequences) {
      const delta = cents(replayed.get(seq)!.paid) - cents(recorded.get(seq)!.paid);
      expectedDelta += delta;
      const amc = replayed.get(seq)!.amc;
      byAmc.set(amc, (byAmc.get(amc) ?? 0) + delta);
    }
    const totals = JSON.parse(readFileSync(join(scratch, 'comparison.json'), 'utf8')) as { invoicesChanged: number; paidDeltaCents: number; byAmc: Record<string, { paidDeltaCents: number }> };
    expect(totals.invoicesChanged).toBe(changedSequences.length);
    expect(totals.paidDeltaCents).toBe(expectedDelta);
    expect(expectedDelta).toBeLessThan(0);
    for (const [amc, delta] of byAmc) expect(totals.byAmc[amc]?.paidDeltaCents).toBe(delta);
  });
});

/** The path of the archived blob an inbox file of the plan was stored as. */
function archivedBlob(inboxName: string): string {
  const db = ledgerSqlOf(data);
  try {
    const sha = db.prepare("SELECT sha256 FROM run_input_blobs WHERE role = 'inbox' AND name = ? LIMIT 1").pluck().get(inboxName) as string;
    return resolve(data, 'archive', 'sha256', sha.slice(0, 2), sha);
  } finally {
    db.close();
  }
}

function ledgerRowCounts(dataDir: string): Record<string, number> {
  const db = ledgerSqlOf(dataDir);
  try {
    const counts: Record<string, number> = {};
    for (const table of ['runs', 'files', 'lots', 'invoices', 'transfers', 'pecs_consumed', 'paid_functional_keys', 'run_outputs', 'run_archives', 'run_input_blobs']) {
      counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return counts;
  } finally {
    db.close();
  }
}

interface CsvDecision {
  status: string;
  paid: string;
  motives: string;
  amc: string;
}

/** decisions.csv by sequence (a small RFC 4180 reader: the motives field may be quoted). */
function decisionsBySequence(path: string): Map<number, CsvDecision> {
  const rows = new Map<number, CsvDecision>();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n').slice(1);
  for (const line of lines) {
    const fields = splitCsv(line);
    rows.set(Number(fields[0]), { amc: fields[6]!, status: fields[7]!, paid: fields[8]!, motives: fields[10]! });
  }
  return rows;
}

function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let end = at + 1;
      let text = '';
      for (;;) {
        const quote = line.indexOf('"', end);
        text += line.slice(end, quote);
        if (line[quote + 1] === '"') {
          text += '"';
          end = quote + 2;
        } else {
          at = quote + 2;
          break;
        }
      }
      fields.push(text);
    } else {
      const comma = line.indexOf(',', at);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return fields;
}

/** `12.34` → 1234, exactly (decisions.csv writes two decimals). */
function cents(amount: string): number {
  const [units = '', hundredths = ''] = amount.split('.');
  const value = Number(units.replace('-', '')) * 100 + Number(hundredths);
  return amount.startsWith('-') ? -value : value;
}
