import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liquidatedDay, tpliq } from './support/cli-process.js';

interface Summary {
  format: string;
  lots: Array<{ lot: string; invoices: number; claimedAmcCents: number; claimedAmc: string; paidAmcCents?: number }>;
  totals: { lots: number; invoices: number; claimedAmcCents: number; claimedAmc: string; paidAmcCents?: number };
}

interface NoemieJson {
  file: { groups: Array<{ invoices: Array<{ invoiceNumber: string; lot: string; nir: string; claimedCents: number; paidCents: number }> }> };
}

interface B2Json {
  records: Array<{ line: number; role: string; lot?: string; invoice?: string; values: Record<string, unknown> }>;
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await tpliq('inspect', '--json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** "12.34" → 1234, by text: the CSV's amounts are euros with 2 decimals. */
function cents(euros: string): number {
  const [whole = '0', decimals = '0'] = euros.split('.');
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

describe('tpliq inspect --summary, --lot, --invoice', () => {
  let dir: string;
  let day: { inbox: string; snapshot: string; out: string };
  let decisions: Array<{ file: string; lot: string; invoice: string; claimedCents: number }>;
  const inboxFile = (pattern: RegExp): string => readdirSync(day.inbox).find((f) => pattern.test(f))!;
  const noemieFiles = (): string[] => readdirSync(join(day.out, 'noemie')).sort().map((f) => join(day.out, 'noemie', f));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-inspect-'));
    day = await liquidatedDay(dir, { seed: 13 });
    const [header, ...rows] = readFileSync(join(day.out, 'decisions.csv'), 'utf8').trim().split('\r\n');
    const column = (name: string): number => header!.split(',').indexOf(name);
    decisions = rows.map((row) => row.split(',')).map((f) => ({
      file: f[column('file')]!, lot: f[column('lot')]!, invoice: f[column('invoice_number')]!, claimedCents: cents(f[column('claimed_amount')]!),
    }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('B2 and DRE: each lot sums the AMC its invoices claim, as the run decided them; the file total sums the lots', async () => {
    for (const name of [inboxFile(/^etab-.*\.b2$/), inboxFile(/^ps-.*\.b2$/), inboxFile(/\.dre$/)]) {
      const summary = await json<Summary>('--summary', join(day.inbox, name));
      const ofFile = decisions.filter((d) => d.file === name);
      const lots = [...new Set(ofFile.map((d) => d.lot))];
      expect(summary.lots.map((l) => [l.lot, l.invoices, l.claimedAmcCents])).toEqual(
        lots.map((lot) => {
          const ofLot = ofFile.filter((d) => d.lot === lot);
          return [lot, ofLot.length, ofLot.reduce((s, d) => s + d.claimedCents, 0)];
        }),
      );
      const total = ofFile.reduce((s, d) => s + d.claimedCents, 0);
      expect(summary.totals).toMatchObject({ lots: lots.length, invoices: ofFile.length, claimedAmcCents: total });
      expect(cents(summary.totals.claimedAmc)).toBe(total);
      const text = (await tpliq('inspect', '--summary', join(day.inbox, name))).stdout;
      expect(text.trim().split('\n').at(-1)).toBe(`  total: ${lots.length} lots, ${ofFile.length} invoices, claimed AMC ${summary.totals.claimedAmc} EUR`);
    }
  });

  it('NOEMIE: each lot sums its invoices claimed and paid, and the totals equal the sum over every invoice of the return', async () => {
    for (const path of noemieFiles().slice(0, 5)) {
      const invoices = (await json<NoemieJson>(path)).file.groups.flatMap((g) => g.invoices);
      const summary = await json<Summary>('--summary', path);
      expect(summary.format).toBe('NOEMIE');
      expect(summary.totals).toMatchObject({
        invoices: invoices.length,
        claimedAmcCents: invoices.reduce((s, i) => s + i.claimedCents, 0),
        paidAmcCents: invoices.reduce((s, i) => s + i.paidCents, 0),
      });
      for (const lot of summary.lots) expect(lot.invoices).toBe(invoices.filter((i) => i.lot === lot.lot).length);
    }
  });

  it('--lot keeps the records of one lot, its header and trailer included; --summary --lot is that lot alone', async () => {
    // A file of several lots: those before the one kept and the file trailer after it must be left out.
    let several: readonly [string, B2Json['records']] | undefined;
    for (const p of readdirSync(day.inbox).filter((f) => /\.(b2|dre)$/.test(f)).map((f) => join(day.inbox, f))) {
      const records = (await json<B2Json>(p)).records;
      if (records.filter((r) => r.role === 'lot-header').length >= 2) {
        several = [p, records];
        break;
      }
    }
    const [path, all] = several!;
    const lot = all.filter((r) => r.role === 'lot-header').at(-1)!.lot!;
    const kept = (await json<B2Json>('--lot', String(Number(lot)), path)).records;
    expect(kept.map((r) => r.line)).toEqual(all.filter((r) => r.lot === lot).map((r) => r.line));
    expect(kept[0]!.role).toBe('lot-header');
    expect(kept.at(-1)!.role).toBe('lot-trailer');
    expect(kept.length).toBeLessThan(all.length - 2);
    const full = await json<Summary>('--summary', path);
    const one = await json<Summary>('--summary', '--lot', lot, path);
    expect(one.lots).toEqual(full.lots.filter((l) => l.lot === lot));
    expect(one.totals).toMatchObject({ lots: 1, invoices: one.lots[0]!.invoices, claimedAmcCents: one.lots[0]!.claimedAmcCents });
  });

  it('--invoice keeps the records of one invoice (B2) or the one invoice (NOEMIE), NIRs still masked', async () => {
    const path = join(day.inbox, inboxFile(/^etab-.*\.b2$/));
    const wanted = decisions.find((d) => d.file === inboxFile(/^etab-.*\.b2$/))!;
    const kept = (await json<B2Json>('--invoice', wanted.invoice, path)).records;
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept[0]!.role).toBe('invoice-header');
    expect(kept.at(-1)!.role).toBe('invoice-trailer');
    expect(new Set(kept.map((r) => r.invoice))).toEqual(new Set([wanted.invoice]));
    for (const r of kept) if (typeof r.values['nir'] === 'string') expect(r.values['nir']).toMatch(/^\d\*{12}$/);
    const summary = await json<Summary>('--summary', '--invoice', wanted.invoice, path);
    expect(summary.totals).toMatchObject({ lots: 1, invoices: 1, claimedAmcCents: wanted.claimedCents });

    const noemie = noemieFiles()[0]!;
    const first = (await json<NoemieJson>(noemie)).file.groups[0]!.invoices[0]!;
    const one = (await json<NoemieJson>('--invoice', first.invoiceNumber, noemie)).file.groups.flatMap((g) => g.invoices);
    expect(one.map((i) => i.invoiceNumber)).toEqual([first.invoiceNumber]);
    expect(one[0]!.nir).toMatch(/^\d\*{12}$/);
    expect((await json<NoemieJson>('--invoice', first.invoiceNumber, '--show-nir', noemie)).file.groups[0]!.invoices[0]!.nir).toMatch(/^\d{13}$/);
  });

  it('--summary and the filters refuse an ARL with one coded line (exit 2)', async () => {
    const arl = join(day.out, 'arl', readdirSync(join(day.out, 'arl'))[0]!);
    const r = await tpliq('inspect', '--summary', arl);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_USAGE_INSPECT_FORMAT: /);
  });
});
