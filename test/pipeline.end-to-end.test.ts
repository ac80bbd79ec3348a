import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, openLedger } from '../engine/ledger/ledger.js';
import { runParametersOf } from '../engine/cli/run-options.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { compareWithExpected, readCsv } from '../engine/run/expected-outcomes.js';
import { RunAborted, runLiquidation, type RunResult } from '../engine/run/liquidation-run.js';
import { openPaidKeyFilter, PAID_KEY_FILTER_FILE } from '../engine/run/paid-key-filter-file.js';
import { generateDay, PREVIOUS_DAY_FOLDER } from '../scripts/generate/index.js';
import { readArl, validateArl } from '../codecs/arl/arl-reader.js';
import { pain001Problems, paymentFilesUnder } from './support/pain001-validity.js';

/**
 * The whole nightly job on a generated day with every anomaly category: the engine's decision
 * must equal the generator's expected outcome for every invoice, the outputs must be the same
 * bytes whatever the thread count, and a file delivered twice must never be paid twice. Every ledger
 * first liquidates the generated previous day, whose invoices the day regularises.
 */
const DATE = '2026-11-23';
/** The generated previous day: the TARGET business day before DATE. */
const PREVIOUS_DATE = '2026-11-20';
const NEXT_DATE = '2026-11-24';
let dir: string;
let snapshot: string;

function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'timings.json') out[relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

/** Data folders whose ledger already holds the previous day. */
const withPreviousDay = new Set<string>();

async function liquidatePreviousDay(dataDir: string): Promise<void> {
  if (withPreviousDay.has(dataDir)) return;
  withPreviousDay.add(dataDir);
  const inbox = join(dir, 'day', PREVIOUS_DAY_FOLDER, 'inbox');
  const out = join(dir, 'previous-out', relative(dir, dataDir));
  const previous = await runLiquidation(runParametersOf({ inbox, snapshot, date: PREVIOUS_DATE, data: dataDir, out, threads: '2' }));
  expect(compareWithExpected(join(dir, 'day', PREVIOUS_DAY_FOLDER, 'expected.csv'), join(previous.outDir, 'decisions.csv')).mismatches).toEqual([]);
}

async function run(name: string, threads: number, dataDir = join(dir, `data-${name}`), date = DATE): Promise<RunResult> {
  await liquidatePreviousDay(dataDir);
  return runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot, date, data: dataDir, out: join(dir, 'out', name), threads: String(threads) }));
}

describe('tpliq run, end to end on a generated day', () => {
  let one: RunResult;
  let two: RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-e2e-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 7, targetLines: 12_000, accountingDate: DATE, anomalyRate: 0.12 });
    snapshot = join(dir, 'ref.snapshot');
    await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
    one = await run('one-thread', 1);
    two = await run('two-threads', 2);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decides every invoice as the generator expected (status, amount and motives)', () => {
    const check = compareWithExpected(join(dir, 'day', 'expected.csv'), join(one.outDir, 'decisions.csv'));
    expect(check.mismatches).toEqual([]);
    expect(check.matched).toBe(check.total);
    expect(check.total).toBeGreaterThan(2000);
  });

  it('meets every anomaly category of the generator at least once', () => {
    const categories = new Set(readCsv(join(dir, 'day', 'expected.csv')).map((r) => r.category));
    for (const c of ['VALID', 'BENEF_INCONNU', 'CARTE_INVALIDE', 'DROITS_FERMES', 'DOMAINE_NON_COUVERT', 'PEC_ABSENTE', 'HORS_DELAI', 'DOUBLON', 'DOUBLON_FONCTIONNEL', 'MONTANT_AMC_DIFFERENT', 'NIR_INVALIDE', 'STRUCTURE_INVALIDE', 'LOT_INVALIDE',
      'FACTURE_RECTIFIEE_INCONNUE', 'RECTIFICATIVE_PREMATUREE', 'RECTIFICATIVE_COMPLEMENT', 'RECTIFICATIVE_INDU', 'ANNULATION']) {
      expect(categories).toContain(c);
    }
  });

  it('writes the same bytes with 1 and 2 worker threads', () => {
    expect(hashTree(two.outDir)).toEqual(hashTree(one.outDir));
    expect(two.runId).toBe(one.runId);
  });

  it('accounts for every invoice: in = paid + rejected, transfers = paid − the indus recovered by set-off', () => {
    const s = one.summary;
    expect(s.invariants.ok).toBe(true);
    expect(s.invoices.paid.count + s.invoices.rejected.count).toBe(s.invoices.count);
    const recoveredCents = s.debts?.debts.recovered.cents ?? 0;
    expect(recoveredCents).toBeGreaterThan(0);
    expect(s.transfers.totalCents).toBe(s.invoices.paid.paidCents - recoveredCents);
    const decisions = readCsv(join(one.outDir, 'decisions.csv')).filter((d) => d.status !== 'OFFSET');
    expect(decisions).toHaveLength(s.invoices.count);
  });

  it('counts every channel, and answers paper invoices with notices as well as NOEMIE (protocol §8)', () => {
    // C2S: the AMO funds' claims the generated day carries (scripts/generate/c2s-claims.ts).
    expect(Object.keys(one.summary.channels).sort()).toEqual(['B2_ETAB', 'B2_PS', 'C2S', 'DRE', 'PAPER']);
    const notices: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        if (statSync(join(d, name)).isDirectory()) walk(join(d, name));
        else notices.push(name);
      }
    };
    walk(join(one.outDir, 'notices'));
    expect(notices.length).toBeGreaterThan(0);
    expect(readdirSync(join(one.outDir, 'noemie')).length).toBeGreaterThan(0);
    expect(readdirSync(join(one.outDir, 'arl')).length).toBeGreaterThan(0);
  });

  it('writes one ARL per received lot: negative exactly for the lots rejected at reception, all valid', () => {
    const arlDir = join(one.outDir, 'arl');
    const statuses = readdirSync(arlDir).map((name) => {
      const text = readFileSync(join(arlDir, name), 'latin1');
      expect(validateArl(text)).toEqual([]);
      return readArl(text).file.status;
    });
    const rejectedLots = new Set(readCsv(join(one.outDir, 'decisions.csv')).filter((d) => (d.motives ?? '').startsWith('LOT_INVALIDE')).map((d) => `${d.file}#${d.lot}`));
    expect(statuses.filter((s) => s === 'N')).toHaveLength(rejectedLots.size);
    expect(rejectedLots.size).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 'P').length).toBeGreaterThan(rejectedLots.size);
  });

  it('never pays the same inbox twice: a second delivery comes back as duplicates', async () => {
    const data = join(dir, 'data-twice');
    const first = await run('first-delivery', 2, data);
    const again = await run('second-delivery', 2, data, NEXT_DATE);
    expect(first.summary.invoices.paid.count).toBeGreaterThan(0);
    // Only the rectificatives refused the first time as premature (they named an invoice of that
    // same run) pass now: the invoice they name was paid on an earlier day. Nothing else is paid.
    const keyOf = (d: Record<string, string>): string => `${d.file}:${d.line}`;
    const premature = new Set(readCsv(join(first.outDir, 'decisions.csv')).filter((d) => (d.motives ?? '').startsWith('RECTIFICATIVE_PREMATUREE')).map(keyOf));
    const paidAgain = readCsv(join(again.outDir, 'decisions.csv')).filter((d) => d.status === 'PAID');
    expect(premature.size).toBeGreaterThan(0);
    expect(paidAgain.filter((d) => !premature.has(keyOf(d)) || !(d.motives ?? '').startsWith('REGULARISATION:'))).toEqual([]);
    expect(again.summary.invoices.paid.count).toBe(paidAgain.length);
    expect(again.summary.motives.DOUBLON?.count ?? 0).toBeGreaterThanOrEqual(first.summary.invoices.paid.count - (first.summary.debts?.regularisations.annulations ?? 0) - (first.summary.debts?.regularisations.rectificatives ?? 0));
    // Every PEC the first delivery consumed is found consumed (the workers ask the ledger).
    const ledger = new Database(join(data, LEDGER_FILE_NAME), { readonly: true });
    // The PECs of the first delivery's run (the previous day consumed its own).
    const pecsConsumed = ledger.prepare('SELECT count(*) FROM pecs_consumed WHERE run = (SELECT id FROM runs WHERE run_id = ?)').pluck().get(first.runId) as number;
    ledger.close();
    expect(pecsConsumed).toBeGreaterThan(0);
    expect(again.summary.motives.PEC_DEJA_UTILISEE?.count ?? 0).toBe(pecsConsumed);
  });

  it('decides a second delivery the same whatever the state of the data folder\'s filter of paid keys', async () => {
    const data = join(dir, 'data-paid-keys');
    await liquidatePreviousDay(data);
    const filterPath = join(data, PAID_KEY_FILTER_FILE);
    // Saved by the previous day's run once committed: it holds that run's paid keys.
    const previousDays = readFileSync(filterPath);
    const first = await run('paid-keys-first', 2, data);
    expect(statSync(filterPath).mode & 0o777).toBe(0o600);
    // The ledger thread saved it covering the first delivery: the next run has nothing to catch up.
    const saved = readFileSync(filterPath);
    const header = JSON.parse(saved.subarray(0, saved.indexOf(0x0a)).toString('utf8')) as { coveredRun: { runId: string } };
    expect(header.coveredRun.runId).toBe(first.runId);
    // It holds exactly what the ledger holds: the same bytes as a filter rebuilt from the ledger.
    const rebuiltData = join(dir, 'data-paid-keys-rebuilt');
    cpSync(data, rebuiltData, { recursive: true });
    rmSync(join(rebuiltData, PAID_KEY_FILTER_FILE));
    const rebuiltLedger = openLedger(rebuiltData);
    try {
      expect(openPaidKeyFilter(rebuiltData, rebuiltLedger.paidKeySource()!).origin).toBe('rebuilt');
    } finally {
      rebuiltLedger.close();
    }
    expect(readFileSync(join(rebuiltData, PAID_KEY_FILTER_FILE)).equals(saved)).toBe(true);
    // Each copy of the data folder has its filter in another state; each must be made whole from the ledger.
    const states: Record<string, (path: string) => void> = {
      'as the first delivery left it': () => undefined,
      missing: (path) => rmSync(path),
      'from the previous day (one run to catch up)': (path) => writeFileSync(path, previousDays),
      'with one byte changed': (path) => {
        const bytes = readFileSync(path);
        bytes[bytes.length >> 1]! ^= 0x40;
        writeFileSync(path, bytes);
      },
    };
    const trees: Record<string, Record<string, string>> = {};
    for (const [state, alter] of Object.entries(states)) {
      const copy = join(dir, `data-paid-keys-${Object.keys(trees).length}`);
      cpSync(data, copy, { recursive: true });
      alter(join(copy, PAID_KEY_FILTER_FILE));
      const again = await runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot, date: NEXT_DATE, data: copy, out: join(dir, 'out', `paid-keys-again-${Object.keys(trees).length}`), threads: '2' }));
      expect(again.summary.motives.DOUBLON?.count ?? 0, state).toBeGreaterThan(0);
      trees[state] = hashTree(again.outDir);
    }
    const reference = trees['as the first delivery left it'];
    for (const [state, tree] of Object.entries(trees)) expect(tree, state).toEqual(reference);
  });

  it('refuses a second run on an accounting day already liquidated, and writes nothing', async () => {
    const data = join(dir, 'data-same-day');
    const first = await run('same-day-first', 2, data);
    const runRows = (): unknown[] => {
      const ledger = new Database(join(data, LEDGER_FILE_NAME), { readonly: true });
      try {
        return ledger.prepare('SELECT run_id, accounting_date, paid_count, transfer_count FROM runs ORDER BY id').all();
      } finally {
        ledger.close();
      }
    };
    const before = runRows();
    const second = run('same-day-second', 2, data);
    await expect(second).rejects.toBeInstanceOf(RunAborted);
    await expect(second).rejects.toThrow(`TPLIQ_ACCOUNTING_DAY_LIQUIDATED: accounting day ${DATE} was already liquidated by run ${first.runId}`);
    expect(existsSync(join(dir, 'out', 'same-day-second'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'same-day-second.staging'))).toBe(false);
    expect(runRows()).toEqual(before);
    // The next day is open.
    const next = await run('same-day-next', 2, data, NEXT_DATE);
    expect(next.summary.run.accountingDate).not.toBe(first.summary.run.accountingDate);
    expect(runRows()).toHaveLength(3); // the previous day, the day, the next day
  });

  it('decides a night delivered in two runs as in one', async () => {
    // The first half of the B2 files, then the rest and the paper files: the same input order as
    // the whole night (listInbox), in two runs on one ledger.
    const inbox = join(dir, 'day', 'inbox');
    const b2 = readdirSync(inbox).filter((f) => /\.(b2|dre)$/i.test(f)).sort();
    const halves = [b2.slice(0, b2.length >> 1), b2.slice(b2.length >> 1)];
    const inboxes = halves.map((names, h) => {
      const half = join(dir, `split-inbox-${h}`);
      mkdirSync(join(half, 'paper'), { recursive: true });
      for (const name of names) linkSync(join(inbox, name), join(half, name));
      if (existsSync(join(inbox, 'manifest.json'))) copyFileSync(join(inbox, 'manifest.json'), join(half, 'manifest.json'));
      return half;
    });
    for (const name of readdirSync(join(inbox, 'paper'))) linkSync(join(inbox, 'paper', name), join(inboxes[1]!, 'paper', name));
    // The second run is the next accounting day's: one transfer per practitioner a day (P7).
    const runOn = (half: number, date: string, data: string, name: string): Promise<RunResult> =>
      runLiquidation(runParametersOf({ inbox: inboxes[half]!, snapshot, date, data, out: join(dir, 'out', name), threads: '2' }));
    await liquidatePreviousDay(join(dir, 'data-split'));
    const first = await runOn(0, DATE, join(dir, 'data-split'), 'split-first');
    const second = await runOn(1, NEXT_DATE, join(dir, 'data-split'), 'split-second');

    // Invoices only: what set-off recovers depends on what each run pays, so its OFFSET rows differ.
    const decided = (outDirs: string[]): Map<string, string> =>
      new Map(outDirs.flatMap((out) => readCsv(join(out, 'decisions.csv')).filter((d) => d.status !== 'OFFSET').map((d) => [`${d.file}:${d.line}`, `${d.status} ${d.paid_amount} ${d.motives}`] as const)));
    const whole = decided([one.outDir]);
    const split = decided([first.outDir, second.outDir]);
    expect(split.size).toBe(whole.size);
    expect(split).toEqual(whole);
  });

  // Runs last, so it sees the payment file of every run above (one, two, second deliveries, split nights).
  it('writes, in every run, a payment file the EPC XSD and usage rules accept, executed on the accounting day (a TARGET day)', async () => {
    const files = paymentFilesUnder(join(dir, 'out'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const problems = await pain001Problems(files.map((f) => readFileSync(f, 'utf8')));
    expect(problems.flatMap((list, i) => list.map((p) => `${relative(dir, files[i]!)}: ${p}`))).toEqual([]);
    expect(one.summary.run.executionDate).toBe(DATE);
    expect(readFileSync(join(one.outDir, 'sepa', 'pain001-20261123.xml'), 'utf8')).toContain(`<ReqdExctnDt>\n        <Dt>${DATE}</Dt>`);
  });
});
