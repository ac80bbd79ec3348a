import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { generateDay } from '../scripts/generate/index.js';
import { readDay, type GeneratedDay } from './generate.day-reader.js';

describe('generated B2 / DRE files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-gen-rec-'));
  let day: GeneratedDay;
  beforeAll(async () => {
    await generateDay({ outDir: dir, seed: 11, targetLines: 20_000, invoicesPerLotMax: 120, lotsPerFileMax: 12 });
    day = readDay(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectedCategory = (file: string, invoiceNumber: string): string[] =>
    day.expected.filter((r) => r['file'] === file && r['invoice_number'] === invoiceNumber).map((r) => r['category'] ?? '');

  it('every record decodes under the profile its file header names, except the lines of STRUCTURE_INVALIDE invoices', () => {
    const malformed = new Set<string>();
    let decoded = 0;
    for (const f of day.files) {
      const layout = loadLayout(f.profile);
      const records = readFileSync(join(dir, 'inbox', f.file), 'latin1').split('\r\n').slice(0, -1);
      for (const record of records) {
        const r = decodeRecord(layout, record);
        if (r.ok) {
          // The generator's fast path wrote exactly what encodeRecord writes for the same values.
          expect(encodeRecord(layout, r.value.code, r.value.values)).toBe(record);
          decoded++;
          continue;
        }
        // Only invoice lines are broken on purpose, and only in invoices expected STRUCTURE_INVALIDE.
        expect(['3', '4']).toContain(record.slice(0, 2).trimEnd());
        const number = record.slice(29, 38);
        expect(expectedCategory(f.file, number)).toContain('STRUCTURE_INVALIDE');
        malformed.add(`${f.file}#${number}`);
      }
    }
    const listed = day.expected.filter((r) => r['category'] === 'STRUCTURE_INVALIDE');
    expect(listed.length).toBeGreaterThan(0);
    expect(malformed.size).toBe(listed.length);
    expect(decoded).toBeGreaterThan(20_000);
  });

  it('each STRUCTURE_INVALIDE invoice has exactly one bad record: a letter in an amount, or a record one character short', () => {
    const structural = day.invoices.filter((i) => expectedCategory(i.file, i.invoiceNumber).includes('STRUCTURE_INVALIDE'));
    for (const inv of structural) expect(inv.badRecords).toBe(1);
    for (const inv of day.invoices.filter((i) => !structural.includes(i))) expect(inv.badRecords).toBe(0);
  });

  it('invoice trailers total their lines (Type 5 = Σ Types 3/4)', () => {
    for (const inv of day.invoices) {
      if (inv.badRecords > 0 || inv.channel === 'PAPER') continue;
      expect(inv.totalAmc).toBe(inv.lines.reduce((s, l) => s + l.amc, 0));
      expect(inv.totalFee).toBe(inv.lines.reduce((s, l) => s + l.fee, 0));
      expect(inv.totalAmo).toBe(inv.lines.reduce((s, l) => s + l.amo, 0));
    }
  });

  it('lot trailers count their invoices and records and total their amounts — except the broken lots, whose invoices are all LOT_INVALIDE', () => {
    let broken = 0;
    for (const f of day.files) {
      for (const lot of f.lots) {
        expect(lot.trailer['recordCount']).toBe(lot.records);
        expect(lot.trailer['totalAmcDeclared']).toBe(lot.amc);
        expect(lot.trailer['totalFee']).toBe(lot.fee);
        const invoices = day.invoices.filter((i) => i.lot === `${f.file}#${lot.lot}`);
        const categories = invoices.map((i) => expectedCategory(i.file, i.invoiceNumber).at(-1));
        if (lot.trailer['invoiceCount'] === lot.invoices) {
          expect(categories).not.toContain('LOT_INVALIDE');
        } else {
          broken++;
          expect(Math.abs(Number(lot.trailer['invoiceCount']) - lot.invoices)).toBe(1);
          expect(new Set(categories)).toEqual(new Set(['LOT_INVALIDE']));
        }
      }
    }
    expect(broken).toBeGreaterThan(0);
  });

  it('file trailers count the lots and every record, and total the AMC declared', () => {
    for (const f of day.files) {
      expect(f.trailer['lotCount']).toBe(f.lots.length);
      expect(f.trailer['recordCount']).toBe(f.records);
      expect(f.trailer['totalAmcDeclared']).toBe(f.amc);
    }
  });

  it('expected.csv has one row per invoice, in file order, with the lot emitter as practitioner', () => {
    expect(day.expected).toHaveLength(day.invoices.length);
    day.invoices.forEach((inv, i) => {
      const row = day.expected[i];
      expect(row?.['file']).toBe(inv.file);
      expect(row?.['invoice_number']).toBe(inv.invoiceNumber);
      expect(row?.['practitioner_id']).toBe(inv.practitionerId);
      expect(inv.invoiceNumber).toMatch(/^\d{9}$/);
      expect(inv.invoiceNumber).not.toBe('000000000');
    });
  });

  it('the line records add up to about the requested number, spread over the three fixed-width profiles', () => {
    const lines = day.invoices.filter((i) => i.channel !== 'PAPER').reduce((s, i) => s + i.lines.length + i.badRecords, 0);
    expect(lines).toBe(day.generation.lineRecords);
    expect(lines).toBeGreaterThanOrEqual(20_000);
    expect(lines).toBeLessThan(20_000 * 1.01);
    // The funds' C2S claims files (c2s-amo) come on top of the target, a few dozen lines.
    expect(new Set(day.files.map((f) => f.profile))).toEqual(new Set(['b2-ps', 'b2-etablissements', 'dre', 'c2s-amo']));
    expect(day.invoices.some((i) => i.channel === 'PAPER')).toBe(true);
  });

  it('the manifest gives every inbox file a receipt instant with its offset, some after the 17:00 cut-off', () => {
    const inbox = join(dir, 'inbox');
    const onDisk = [
      ...readdirSync(inbox).filter((n) => n.endsWith('.b2') || n.endsWith('.dre')),
      ...readdirSync(join(inbox, 'paper')).map((n) => `paper/${n}`),
    ].sort();
    expect(day.manifest.files.map((f) => f.file).sort()).toEqual(onDisk);
    expect(day.manifest.accountingDate).toBe('2026-11-23');
    const times = day.manifest.files.map((f) => {
      expect(f.receivedAt).toMatch(/^2026-11-23T\d{2}:\d{2}:\d{2}\+01:00$/);
      return f.receivedAt.slice(11, 19);
    });
    // "Après 17 heures" is strictly after 17:00:00 (rules.md §4.4).
    expect(times.some((t) => t > '17:00:00')).toBe(true);
    expect(times.filter((t) => t <= '17:00:00').length).toBeGreaterThan(times.length / 2);
  });
});
