import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RspFile, RspInvoice } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { MOTIVES } from '../engine/domain/motive.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { tpliq } from './support/cli-process.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * The act lines (070) of real returns: a generated previous day is liquidated, then the day (half
 * of its invoices anomalous: rejections, regularisations of the previous day's invoices, ceilings
 * it meets) into the same data folder, as `tpliq demo` does. Every return is read with the reader
 * `tpliq validate` uses, which holds a paid invoice's acts to what it pays and to its AMO part.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());
const returns: Array<{ path: string; file: RspFile; errors: unknown[] }> = [];
const exits: number[] = [];
/**
 * The kinds of input file (b2, dre, csv) each returned invoice may have come from, by return,
 * practitioner and invoice number, from the day's decisions.csv: a number sent twice (a duplicate)
 * may name two files.
 */
const kindsOf = new Map<string, Set<string>>();
const invoiceKey = (path: string, practitioner: string, invoiceNumber: string): string => `${dirname(dirname(path))}|${practitioner}|${invoiceNumber}`;

beforeAll(async () => {
  const dir = folders.make('tpliq-acts-');
  const day = join(dir, 'day');
  exits.push((await tpliq('gen', '--out', day, '--lines', '2000', '--seed', '3', '--anomaly-rate', '0.5')).code);
  const snapshot = join(dir, 'ref.snapshot');
  exits.push((await tpliq('referential', 'compile', '--from', join(day, 'referential'), '--out', snapshot)).code);
  for (const [inbox, date] of [[join(day, 'previous', 'inbox'), '2026-11-20'], [join(day, 'inbox'), '2026-11-23']] as const) {
    const out = join(dir, 'out', date);
    exits.push((await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', date, '--data', join(dir, 'data'), '--out', out, '--threads', '2', '--quiet')).code);
    for (const row of readCsv(join(out, 'decisions.csv'))) {
      const key = invoiceKey(join(out, 'noemie', 'x'), row.practitioner_id ?? '', row.invoice_number ?? '');
      const kinds = kindsOf.get(key) ?? new Set<string>();
      kinds.add((row.file ?? '').split('.').pop() ?? '');
      kindsOf.set(key, kinds);
    }
    for (const name of readdirSync(join(out, 'noemie'))) {
      const path = join(out, 'noemie', name);
      const read = readRsp580(readFileSync(path, 'latin1'), { file: path });
      returns.push({ path, file: read.file, errors: read.errors });
    }
  }
});

const invoicesOf = (file: RspFile): RspInvoice[] => file.groups.flatMap((g) => g.invoices);
const allInvoices = (): RspInvoice[] => returns.flatMap((r) => invoicesOf(r.file));
const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('NOEMIE act lines (070) in the returns of a real run', () => {
  it('every return of both days reads without error: acts add up on every paid invoice', () => {
    expect(exits).toEqual([0, 0, 0, 0]);
    expect(returns.length).toBeGreaterThan(10);
    for (const r of returns) expect({ path: r.path, errors: r.errors }).toEqual({ path: r.path, errors: [] });
  });

  it('every invoice has its lines as acts; a paid one\'s AMC amounts add up to what it pays (less a C2S increase), or to its regularisation\'s new amount', () => {
    const invoices = allInvoices();
    const withoutActs = invoices.filter((i) => (i.acts ?? []).length === 0);
    // Only an invoice whose records could not be read may come without lines.
    expect(withoutActs.filter((i) => !i.motives.some((m) => m.code === MOTIVES.STRUCTURE_INVALIDE.noemie))).toEqual([]);
    const paid = invoices.filter((i) => i.status === 'P');
    expect(paid.length).toBeGreaterThan(100);
    for (const i of paid) {
      const due = i.regularisation?.newCents ?? i.paidCents - (i.c2sIncrease?.increaseCents ?? 0);
      expect({ invoice: i.invoiceNumber, amc: sumOf((i.acts ?? []).map((a) => a.amcCents)) }).toEqual({ invoice: i.invoiceNumber, amc: due });
    }
    // The day's late C2S claims: each 067 is 10 % of what its acts add up to, half-up.
    const increased = paid.filter((i) => i.c2sIncrease !== undefined);
    expect(increased.length).toBeGreaterThan(0);
    for (const i of increased) {
      const acts = sumOf((i.acts ?? []).map((a) => a.amcCents));
      expect(i.c2sIncrease!.increaseCents).toBe(Math.floor((acts * 10 + 50) / 100));
    }
    const regularised = paid.filter((i) => i.regularisation !== undefined);
    expect(regularised.length).toBeGreaterThan(0);
    // A complement is paid on some, and an indu leaves the 060 at 0 while its acts say what is due now.
    expect(regularised.some((i) => i.paidCents === 0 && sumOf((i.acts ?? []).map((a) => a.amcCents)) > 0)).toBe(true);
  });

  it('an invoice paid under a ceiling (held to what the counter left) still adds up', () => {
    const capped = allInvoices().filter((i) => i.status === 'P' && i.motives.some((m) => m.code === MOTIVES.PLAFOND_PROCHE.noemie));
    expect(capped.length).toBeGreaterThan(0);
    for (const i of capped) expect(sumOf((i.acts ?? []).map((a) => a.amcCents))).toBe(i.paidCents);
  });

  it('a rejected invoice\'s acts carry the AMC parts it declared: they add up to its claim when its totals agreed', () => {
    const incoherent = new Set<string>([MOTIVES.TOTAL_INCOHERENT.noemie, MOTIVES.STRUCTURE_INVALIDE.noemie]);
    const rejected = allInvoices().filter((i) => i.status === 'R' && !i.motives.some((m) => incoherent.has(m.code)));
    expect(rejected.length).toBeGreaterThan(10);
    for (const i of rejected) expect({ invoice: i.invoiceNumber, amc: sumOf((i.acts ?? []).map((a) => a.amcCents)) }).toEqual({ invoice: i.invoiceNumber, amc: i.claimedCents });
  });

  it('tpliq validate accepts a return with a regularisation (exit 0), and inspect lists its acts', async () => {
    const withRegularisation = returns.find((r) => invoicesOf(r.file).some((i) => i.regularisation !== undefined));
    expect(withRegularisation).toBeDefined();
    const path = withRegularisation!.path;
    expect((await tpliq('validate', path)).code).toBe(0);
    const human = await tpliq('inspect', path);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/\n {6}regularises \d{9} \([RA]\): /);
    expect(human.stdout).toMatch(/\n {6}act \S+ \d{8} \d+ x \d+\.\d\d base \d+\.\d\d AMO \d+\.\d\d AMC \d+\.\d\d/);
  });
});

describe('the lot\'s date (050) and the nature d\'assurance (060) in the returns of a real run', () => {
  /** Each returned invoice with the kind of file it came from (b2 / dre / csv), when that is one kind. */
  const withSource = (): Array<{ invoice: RspInvoice; kind: string }> => returns.flatMap((r) => invoicesOf(r.file).flatMap((invoice) => {
    const kinds = [...(kindsOf.get(invoiceKey(r.path, r.file.practitioner.billingId, invoice.invoiceNumber)) ?? [])];
    return kinds.length === 1 ? [{ invoice, kind: kinds[0]! }] : [];
  }));

  it('a B2 or DRE invoice\'s lot carries the date of its lot header; a paper invoice\'s none', () => {
    const all = withSource();
    expect(all.length).toBeGreaterThan(allInvoices().length * 0.9);
    expect(new Set(all.map((s) => s.kind))).toEqual(new Set(['b2', 'dre', 'csv']));
    for (const { invoice, kind } of all) {
      const date = invoice.lotSendDate;
      if (kind === 'csv') expect({ invoice: invoice.invoiceNumber, date }).toEqual({ invoice: invoice.invoiceNumber, date: undefined });
      // The generator dates its lots a few days before the accounting day.
      else expect({ invoice: invoice.invoiceNumber, dated: date !== undefined && date >= 20261001 && date <= 20261123 }).toEqual({ invoice: invoice.invoiceNumber, dated: true });
    }
  });

  it('a B2 invoice\'s 060 carries the nature d\'assurance it was sent with (the generator writes 10, and 41 on the stays without their accident number); DRE and paper have none', () => {
    const all = withSource();
    const accidentMissing = (invoice: (typeof all)[number]['invoice']): boolean =>
      invoice.motives.some((m) => m.code === MOTIVES.MENTION_MANQUANTE.noemie && m.label.includes('ACCIDENT'));
    expect(all.filter(({ invoice }) => accidentMissing(invoice)).length).toBeGreaterThan(0);
    for (const { invoice, kind } of all) {
      const expected = kind === 'b2' ? (accidentMissing(invoice) ? '41' : '10') : undefined;
      // An invoice whose records could not be read may have lost its header's zones.
      if (invoice.motives.some((m) => m.code === MOTIVES.STRUCTURE_INVALIDE.noemie)) continue;
      expect({ invoice: invoice.invoiceNumber, kind, nature: invoice.natureAssurance }).toEqual({ invoice: invoice.invoiceNumber, kind, nature: expected });
    }
  });
});
