import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParametersOf } from '../engine/cli/run-options.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { runLiquidation } from '../engine/run/liquidation-run.js';
import { parseEuros, parseEurosFr } from '../engine/money/euros.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { REJECTED_PRACTITIONERS_LISTED_MAX } from '../engine/settle/report-tally.js';
import type { RunSummary } from '../engine/settle/summary.js';
import { generateDay } from '../scripts/generate/index.js';
import { chromiumVersion, openInChromium, pngPixels, screenshotInChromium, type PageView } from './support/headless-chromium.js';
import { chartPoints, fieldText, rowsOf, shownText } from './support/report-reading.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * report.html as a person sees it: three accounting days liquidated on one data folder, the last
 * day's report opened in headless Chromium with no network. What the browser shows must be what
 * the run counted (summary.json, decisions.csv), the 30-day charts must hold the three days, and
 * the page must ask nothing of the network. Set TPLIQ_REPORT_SCREENSHOT=/some/file.png to keep a
 * screenshot of it.
 */
const DAYS = [
  { date: '2026-11-20', seed: 31, targetLines: 1_500, anomalyRate: 0.05 },
  { date: '2026-11-23', seed: 32, targetLines: 2_500, anomalyRate: 0.15 },
  { date: '2026-11-24', seed: 33, targetLines: 2_000, anomalyRate: 0.3 },
] as const;

const folders = new TempFolders();
afterAll(() => folders.removeAll());

interface LiquidatedDay {
  date: string;
  outDir: string;
  referentialDir: string;
  summary: RunSummary;
}

/** An amount as the page shows it ("1 234,56 €"), back in integer cents. */
const centsShown = (text: string): number => parseEurosFr(text.replace(/ €.*$/, '').replaceAll(' ', ''));
const countShown = (text: string): number => Number(text.replaceAll(' ', ''));

describe('report.html in a real browser (headless Chromium, no network)', () => {
  let days: LiquidatedDay[];
  let last: LiquidatedDay;
  let opened: PageView | Error;
  /** The page as Chromium showed it; without Chromium, every test fails saying what to install (never skips). */
  const view = (): PageView => {
    if (opened instanceof Error) throw opened;
    return opened;
  };

  beforeAll(async () => {
    try {
      chromiumVersion();
    } catch (error) {
      opened = error as Error;
      return;
    }
    const dir = folders.make('tpliq-report-browser-');
    days = [];
    for (const day of DAYS) {
      const generated = join(dir, `day-${day.date}`);
      await generateDay({ outDir: generated, seed: day.seed, targetLines: day.targetLines, accountingDate: day.date, anomalyRate: day.anomalyRate });
      const snapshot = join(generated, 'ref.snapshot');
      await writeSnapshot(join(generated, 'referential'), snapshot);
      const outDir = join(dir, `out-${day.date}`);
      await runLiquidation(runParametersOf({ inbox: join(generated, 'inbox'), snapshot, date: day.date, data: join(dir, 'data'), out: outDir, threads: '2' }));
      const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as RunSummary;
      days.push({ date: day.date, outDir, referentialDir: join(generated, 'referential'), summary });
    }
    last = days[days.length - 1]!;
    opened = await openInChromium(join(last.outDir, 'report.html'));
  });

  it('shows the totals of summary.json: invoices, paid count and amount, rejected, transfers, SLA breaches', () => {
    const { invoices, transfers, sla } = last.summary;
    expect(invoices.rejected.count).toBeGreaterThan(0);
    expect(countShown(fieldText(view().dom, 'totals', 'invoice-count'))).toBe(invoices.count);
    expect(countShown(fieldText(view().dom, 'totals', 'paid-count'))).toBe(invoices.paid.count);
    expect(centsShown(fieldText(view().dom, 'totals', 'paid-amount'))).toBe(invoices.paid.paidCents);
    expect(countShown(fieldText(view().dom, 'totals', 'rejected-count'))).toBe(invoices.rejected.count);
    expect(centsShown(fieldText(view().dom, 'totals', 'rejected-amount'))).toBe(invoices.rejected.claimedCents);
    expect(countShown(fieldText(view().dom, 'totals', 'transfer-count'))).toBe(transfers.count);
    expect(centsShown(fieldText(view().dom, 'totals', 'transfer-amount'))).toBe(transfers.totalCents);
    expect(countShown(fieldText(view().dom, 'totals', 'sla-breach-count'))).toBe(sla.breachCount);
    expect(shownText(view().dom)).toContain(`Run ${last.summary.run.runId}`);
  });

  it('shows one row per channel with its counts and amounts', () => {
    const rows = rowsOf(view().dom, 'channels', 'channel');
    expect([...rows.keys()].sort()).toEqual(Object.keys(last.summary.channels).sort());
    for (const [channel, tally] of Object.entries(last.summary.channels)) {
      const row = rows.get(channel)!;
      expect([countShown(row['invoice-count']!), countShown(row['paid-count']!), centsShown(row['paid-amount']!), countShown(row['rejected-count']!), centsShown(row['rejected-amount']!)])
        .toEqual([tally.count, tally.paid.count, tally.paid.paidCents, tally.rejected.count, tally.rejected.claimedCents]);
    }
  });

  it('shows one row per AMC of decisions.csv, named from the referential, with its counts and amounts', () => {
    const expected = new Map<string, { invoices: number; paid: number; paidCents: number; rejected: number }>();
    for (const d of readCsv(join(last.outDir, 'decisions.csv'))) {
      const amc = expected.get(d.amc_number!) ?? { invoices: 0, paid: 0, paidCents: 0, rejected: 0 };
      amc.invoices += 1;
      if (d.status === 'PAID') {
        amc.paid += 1;
        amc.paidCents += parseEuros(d.paid_amount!);
      } else amc.rejected += 1;
      expected.set(d.amc_number!, amc);
    }
    const names = new Map(readCsv(join(last.referentialDir, 'amc.csv')).map((a) => [a.amc_number!, a.name!]));
    const rows = rowsOf(view().dom, 'amcs', 'amc');
    expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [amcNumber, amc] of expected) {
      const row = rows.get(amcNumber)!;
      expect(row.name).toBe(names.get(amcNumber) ?? '(unknown to the referential)');
      expect([countShown(row['invoice-count']!), countShown(row['paid-count']!), centsShown(row['paid-amount']!), countShown(row['rejected-count']!)])
        .toEqual([amc.invoices, amc.paid, amc.paidCents, amc.rejected]);
    }
  });

  it('shows the motives of summary.json with their French labels', () => {
    const rows = rowsOf(view().dom, 'motives', 'motive');
    expect([...rows.keys()].sort()).toEqual(Object.keys(last.summary.motives).sort());
    for (const [code, motive] of Object.entries(last.summary.motives)) {
      expect(rows.get(code)).toMatchObject({ label: motive.label, noemie: motive.noemie });
      expect(countShown(rows.get(code)!['invoice-count']!)).toBe(motive.count);
    }
  });

  it('lists the practitioners with the most rejected invoices in decisions.csv, most first', () => {
    const rejections = new Map<string, number>();
    for (const d of readCsv(join(last.outDir, 'decisions.csv'))) {
      if (d.status === 'REJECTED') rejections.set(d.practitioner_id!, (rejections.get(d.practitioner_id!) ?? 0) + 1);
    }
    const worst = [...rejections].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1)).slice(0, REJECTED_PRACTITIONERS_LISTED_MAX);
    const rows = rowsOf(view().dom, 'practitioners', 'practitioner');
    expect([...rows].map(([id, row]) => [id, countShown(row['rejected-count']!)])).toEqual(worst);
    const names = new Map(readCsv(join(last.referentialDir, 'practitioners.csv')).map((p) => [p.billing_id!, p.name!]));
    const [worstId] = worst[0]!;
    expect(rows.get(worstId)?.name).toBe(names.get(worstId) ?? '(unknown to the referential)');
  });

  it('charts the last 30 days from the ledger: one point per liquidated day, each with that day’s figures', () => {
    const invoicePoints = chartPoints(view().dom, 'chart-invoices');
    expect(invoicePoints).toEqual(days.map((d) => ({ date: d.date, value: d.summary.invoices.count })));
    expect(chartPoints(view().dom, 'chart-paid')).toEqual(days.map((d) => ({ date: d.date, value: d.summary.invoices.paid.paidCents })));
    expect(chartPoints(view().dom, 'chart-rejection-rate')).toHaveLength(days.length);
    expect([...rowsOf(view().dom, 'history', 'day').keys()]).toEqual(days.map((d) => d.date).reverse());
    // The first day's report had no history yet: its own day only.
    expect(chartPoints(readFileSync(join(days[0]!.outDir, 'report.html'), 'utf8'), 'chart-invoices')).toHaveLength(1);
  });

  it('asks nothing of the network, and names no URL', () => {
    expect(view().pageRequests).toEqual([]);
    const file = readFileSync(join(last.outDir, 'report.html'), 'utf8');
    expect(file).not.toMatch(/https?:|\/\/[a-z]|\bsrc=|\bhref=|url\(|@import|<script/i);
  });

  it('shows no beneficiary’s NIR, name or birth date', () => {
    const page = shownText(view().dom);
    const file = readFileSync(join(last.outDir, 'report.html'), 'utf8');
    // Practitioners' names are the report's business: a beneficiary named like one is not a leak.
    const practitionerNames = readCsv(join(last.referentialDir, 'practitioners.csv')).map((p) => p.name!);
    let checked = 0;
    for (const b of readCsv(join(last.referentialDir, 'beneficiaries.csv'))) {
      const [year, month, day] = b.birth_date!.split('-');
      // Birth dates inside the run's days could be a file's reception day: only older ones can only be a leak.
      const birthDates = b.birth_date! < '2026-10-01' ? [b.birth_date!, `${day}/${month}/${year}`] : [];
      const name = practitionerNames.some((p) => p.includes(b.name!)) ? [] : [b.name!];
      for (const secret of [b.nir!, ...name, ...birthDates]) {
        expect(page.includes(secret) || file.includes(secret), `${secret} of a beneficiary is in the report`).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('renders to a screenshot the size of the window', async () => {
    view();
    const png = join(folders.make('tpliq-report-png-'), 'report.png');
    await screenshotInChromium(join(last.outDir, 'report.html'), png, { width: 1280, height: 2400 });
    const pixels = pngPixels(png);
    expect([pixels.width, pixels.height]).toEqual([1280, 2400]);
    // Not a blank page: text, rules and bars make many shades.
    expect(pixels.distinctByteValues).toBeGreaterThan(50);
    const keep = process.env.TPLIQ_REPORT_SCREENSHOT;
    if (keep !== undefined && keep !== '') copyFileSync(png, keep);
  });
});
