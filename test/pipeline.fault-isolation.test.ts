import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArl } from '../codecs/arl/arl-reader.js';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import { runParametersOf } from '../engine/cli/run-options.js';
import { PAPER_COLUMNS } from '../engine/intake/paper-invoices.js';
import { LEDGER_FILE_NAME } from '../engine/ledger/ledger.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { runLiquidation, type RunResult } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { fileRecords, lotRecords } from './support/b2-file.js';

/**
 * One bad file dropped into an otherwise valid night (what the operators' fuzzing did): the run
 * ends normally, the bad part is reported with its code and place, the run's invariants hold, and
 * every invoice of the untouched files is decided exactly as in the night without the bad file.
 */
const DATE = '2026-11-23';
/** Receipt instant of the added files (they are not in the day's manifest): a fixed morning. */
const ADDED_AT = new Date('2026-11-23T09:00:00+01:00');
let dir: string;
let snapshot: string;
let baseline: RunResult;
let baselineDecisions: Map<string, string>;

type Decided = Record<string, string>;

const keyOf = (d: Decided): string => `${d.file}:${d.line}`;
const outcomeOf = (d: Decided): string => `${d.status} ${d.paid_amount} ${d.motives}`;

async function runNight(name: string, added: Record<string, string | Buffer>): Promise<{ result: RunResult; decisions: Decided[]; fileErrors: CodecError[] }> {
  const inbox = join(dir, `inbox-${name}`);
  const day = join(dir, 'day', 'inbox');
  mkdirSync(join(inbox, 'paper'), { recursive: true });
  for (const entry of readdirSync(day)) if (statSync(join(day, entry)).isFile()) linkSync(join(day, entry), join(inbox, entry));
  for (const entry of readdirSync(join(day, 'paper'))) linkSync(join(day, 'paper', entry), join(inbox, 'paper', entry));
  for (const [path, content] of Object.entries(added)) {
    writeFileSync(join(inbox, path), content);
    utimesSync(join(inbox, path), ADDED_AT, ADDED_AT);
  }
  const result = await runLiquidation(runParametersOf({ inbox, snapshot, date: DATE, data: join(dir, `data-${name}`), out: join(dir, 'out', name), threads: '2' }));
  const summary = JSON.parse(readFileSync(join(result.outDir, 'summary.json'), 'utf8')) as { inputs: { errors: CodecError[] } };
  return { result, decisions: readCsv(join(result.outDir, 'decisions.csv')), fileErrors: summary.inputs.errors };
}

/** What holds whatever the bad file: invariants, accounting, and the untouched invoices decided as before. */
function expectIsolated(result: RunResult, decisions: Decided[]): void {
  expect(result.summary.invariants.ok).toBe(true);
  expect(result.summary.invoices.paid.count + result.summary.invoices.rejected.count).toBe(result.summary.invoices.count);
  expect(decisions).toHaveLength(result.summary.invoices.count);
  const untouched = new Map(decisions.filter((d) => baselineDecisions.has(keyOf(d))).map((d) => [keyOf(d), outcomeOf(d)] as const));
  expect(untouched).toEqual(baselineDecisions);
  // Nothing was written beside the run's own output folder.
  expect(readdirSync(join(dir, 'out')).filter((n) => !existsSync(join(dir, 'out', n, 'summary.json')))).toEqual([]);
}

/** The first generated paper rows, as a template for bad ones. */
function paperRows(): Array<Record<string, string>> {
  return readCsv(join(dir, 'day', 'inbox', 'paper', readdirSync(join(dir, 'day', 'inbox', 'paper'))[0]!));
}

const csvOf = (rows: Array<Record<string, string>>): string => [PAPER_COLUMNS.join(','), ...rows.map((r) => PAPER_COLUMNS.map((c) => r[c] ?? '').join(','))].join('\n') + '\n';

/** Overwrites `text` at 1-based `column` of line `lineIndex` (0-based) of a fixed-width file. */
function patchLine(content: string, lineIndex: number, column: number, text: string): string {
  const lines = content.split('\r\n');
  const line = lines[lineIndex]!;
  lines[lineIndex] = line.slice(0, column - 1) + text + line.slice(column - 1 + text.length);
  return lines.join('\r\n');
}

const dreText = (): string => readFileSync(join(dir, 'day', 'inbox', readdirSync(join(dir, 'day', 'inbox')).find((n) => n.endsWith('.dre'))!), 'latin1');

describe('fault isolation: one bad file in an otherwise valid night', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-isolation-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 11, targetLines: 3000, accountingDate: DATE, anomalyRate: 0.12 });
    snapshot = join(dir, 'ref.snapshot');
    await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
    const night = await runNight('baseline', {});
    baseline = night.result;
    baselineDecisions = new Map(night.decisions.map((d) => [keyOf(d), outcomeOf(d)] as const));
    expect(baseline.summary.invoices.paid.count).toBeGreaterThan(100);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a paper file with an unclosed quote as a located file error, deciding none of its rows', async () => {
    const rows = paperRows().slice(0, 4);
    const text = csvOf(rows).split('\n');
    text[3] = text[3]!.replace(',', ',"');
    const { result, decisions, fileErrors } = await runNight('quote', { 'paper/zz-quote.csv': text.join('\n') });
    expect(fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_SYNTAX', file: 'paper/zz-quote.csv', line: 4 })]);
    expect(decisions.filter((d) => d.file === 'paper/zz-quote.csv')).toEqual([]);
    expectIsolated(result, decisions);
  });

  it('refuses paper files whose header is not the paper header (";" separator, no header, a column twice) at line 1', async () => {
    const text = csvOf(paperRows().slice(0, 3));
    const lines = text.split('\n');
    const { result, decisions, fileErrors } = await runNight('headers', {
      'paper/zz-semicolon.csv': text.replaceAll(',', ';'),
      'paper/zz-headless.csv': lines.slice(1).join('\n'),
      'paper/zz-doubled.csv': [`${lines[0]},nir`, ...lines.slice(1, -1).map((l) => `${l},x`)].join('\n') + '\n',
    });
    expect(fileErrors.map((e) => [e.code, e.file, e.line])).toEqual([
      ['TPLIQ_PAPER_CSV_HEADER', 'paper/zz-doubled.csv', 1],
      ['TPLIQ_PAPER_CSV_HEADER', 'paper/zz-headless.csv', 1],
      ['TPLIQ_PAPER_CSV_HEADER', 'paper/zz-semicolon.csv', 1],
    ]);
    expect(decisions.filter((d) => (d.file ?? '').startsWith('paper/zz-'))).toEqual([]);
    expectIsolated(result, decisions);
  });

  it('rejects paper invoices with values too long for their zone or a practitioner_id that is no payee id, each at its place, writing nothing outside --out', async () => {
    const [template] = paperRows();
    const invoice = (n: number, changes: Record<string, string>): Record<string, string> => ({ ...template!, invoice_number: String(900000000 + n), ...changes });
    const { result, decisions } = await runNight('values', {
      'paper/zz-values.csv': csvOf([
        invoice(1, { nir: `${template!.nir}123` }),
        invoice(2, { nir_key: '460000000' }),
        invoice(3, { practitioner_id: 'practitioner_id' }),
        invoice(4, { practitioner_id: '../../xy' }),
        invoice(5, { practitioner_id: '99102\u00003763' }),
        // No AMC, and AMC 0000000000: one group of the practitioner's NOEMIE return.
        invoice(6, { amc_number: '' }),
        invoice(7, { amc_number: '0000000000' }),
      ]),
    });
    const bad = decisions.filter((d) => d.file === 'paper/zz-values.csv');
    expect(bad.slice(5).map((d) => [d.line, d.amc_number])).toEqual([['7', ''], ['8', '0000000000']]);
    expect(existsSync(join(result.outDir, 'noemie', `${template!.practitioner_id}-20261123.rsp`))).toBe(true);
    expect(bad.slice(0, 5).map((d) => [d.line, d.status, d.practitioner_id, (d.motives ?? '').split('|')[0]])).toEqual([
      ['2', 'REJECTED', template!.practitioner_id, 'STRUCTURE_INVALIDE:Facture mal formée : TPLIQ_PAPER_VALUE_TOO_LONG ligne 2, colonne 5'],
      ['3', 'REJECTED', template!.practitioner_id, 'STRUCTURE_INVALIDE:Facture mal formée : TPLIQ_PAPER_VALUE_TOO_LONG ligne 3, colonne 6'],
      ['4', 'REJECTED', '', 'STRUCTURE_INVALIDE:Facture mal formée : TPLIQ_B2_PAYEE_ID_FORMAT ligne 4, colonne 1'],
      ['5', 'REJECTED', '', 'STRUCTURE_INVALIDE:Facture mal formée : TPLIQ_B2_PAYEE_ID_FORMAT ligne 5, colonne 1'],
      ['6', 'REJECTED', '', 'STRUCTURE_INVALIDE:Facture mal formée : TPLIQ_B2_PAYEE_ID_FORMAT ligne 6, colonne 1'],
    ]);
    expect(readdirSync(join(result.outDir, 'noemie')).every((name) => /^\d{9}-\d{8}\.rsp$/.test(name))).toBe(true);
    // Paper notices are named after the payee too.
    const notices = readdirSync(join(result.outDir, 'notices'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((name) => /^\d{9}\.(eml|txt)$/.test(name))).toBe(true);
    expect(existsSync(join(dir, 'xy-20261123.rsp'))).toBe(false);
    expectIsolated(result, decisions);
  });

  it('rejects a DRE lot whose trailer counts "-0001" invoices as a lot error (negative ARL with the error)', async () => {
    const text = dreText();
    const trailerIndex = text.split('\r\n').findIndex((l) => l.startsWith('8 '));
    const { result, decisions } = await runNight('trailer', { 'zz-trailer.dre': patchLine(text, trailerIndex, 6, '-0001') });
    const arls = readdirSync(join(result.outDir, 'arl')).filter((n) => n.startsWith('zz-trailer.dre')).sort();
    const first = readArl(readFileSync(join(result.outDir, 'arl', arls[0]!), 'latin1')).file;
    expect(first.status).toBe('N');
    expect(first.errors[0]).toMatchObject({ level: 'lot', code: 'TPLIQ_B2_BAD_NUMBER', line: trailerIndex + 1 });
    const lotOne = decisions.filter((d) => d.file === 'zz-trailer.dre' && d.lot === first.lotNumber);
    expect(lotOne.length).toBeGreaterThan(0);
    expect(lotOne.every((d) => d.status === 'REJECTED' && (d.motives ?? '').startsWith(`LOT_INVALIDE:Lot rejeté à la réception : TPLIQ_B2_BAD_NUMBER ligne ${trailerIndex + 1}`))).toBe(true);
    expectIsolated(result, decisions);
  });

  it('rejects a DRE lot whose emitter id holds a NUL byte, and names no file after it', async () => {
    const { result, decisions } = await runNight('emitter', { 'zz-emitter.dre': patchLine(dreText(), 1, 8, '\u0000') });
    const arl = readArl(readFileSync(join(result.outDir, 'arl', readdirSync(join(result.outDir, 'arl')).find((n) => n.startsWith('zz-emitter.dre'))!), 'latin1')).file;
    expect(arl.status).toBe('N');
    expect(arl.errors[0]).toMatchObject({ code: 'TPLIQ_B2_PAYEE_ID_FORMAT', line: 2 });
    const bad = decisions.filter((d) => d.file === 'zz-emitter.dre' && d.lot === arl.lotNumber);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((d) => d.status === 'REJECTED' && d.practitioner_id === '' && (d.motives ?? '').startsWith('LOT_INVALIDE'))).toBe(true);
    expect(readdirSync(join(result.outDir, 'noemie')).every((name) => /^\d{9}-\d{8}\.rsp$/.test(name))).toBe(true);
    expectIsolated(result, decisions);
  });

  it('refuses the repeated lots of a DRE whose content appears twice, and records one ledger row per file and lot', async () => {
    const text = dreText();
    const { result, decisions } = await runNight('twice', { 'zz-twice.dre': text + text });
    const statuses = readdirSync(join(result.outDir, 'arl')).filter((n) => n.startsWith('zz-twice.dre')).map((n) => readArl(readFileSync(join(result.outDir, 'arl', n), 'latin1')).file);
    const repeats = statuses.filter((a) => a.errors.some((e) => e.code === 'TPLIQ_B2_LOT_REPEATED'));
    expect(repeats.length).toBe(statuses.length / 2);
    expect(repeats.every((a) => a.status === 'N')).toBe(true);
    const ledger = new Database(join(dir, 'data-twice', LEDGER_FILE_NAME), { readonly: true });
    const lots = ledger.prepare("SELECT l.lot_number FROM lots l JOIN files f ON f.id = l.file WHERE f.name = 'zz-twice.dre' ORDER BY l.lot_number").pluck().all() as string[];
    ledger.close();
    expect(lots).toEqual([...new Set(lots)]);
    expect(lots).toHaveLength(statuses.length / 2);
    expect(decisions.filter((d) => d.file === 'zz-twice.dre' && d.status === 'PAID')).toEqual([]);
    expectIsolated(result, decisions);
  });

  it('writes a file name that starts a spreadsheet formula into decisions.csv as text', async () => {
    const { result, decisions } = await runNight('formula', { '=1+1.b2': fileRecords([lotRecords('001', ['000000001'])]).join('\r\n') + '\r\n' });
    const named = decisions.filter((d) => (d.file ?? '').includes('1+1.b2'));
    expect(named.map((d) => d.file)).toEqual(["'=1+1.b2"]);
    expectIsolated(result, decisions);
  });
});
