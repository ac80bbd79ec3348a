import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { C2S_CATEGORIES, generateDay, REGULARISATION_CATEGORIES, SCHEDULED_CATEGORIES, SIGNALEMENT_CATEGORIES } from '../scripts/generate/index.js';
import { readCsv } from './generate.day-reader.js';

describe('anomaly mix of a generated day', () => {
  const base = mkdtempSync(join(tmpdir(), 'tpliq-gen-anom-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  /**
   * The practitioners' invoices by category. The funds' C2S claims and the invoices built to carry a
   * signalement are shares of their own, whatever the anomaly rate (docs/development.md): they are
   * counted apart, in `claims` and `signalements`.
   */
  const claims = new Map<string, Map<string, number>>();
  const signalements = new Map<string, Map<string, number>>();
  const categoriesOf = async (name: string, anomalyRate: number): Promise<Map<string, number>> => {
    const outDir = join(base, name);
    const summary = await generateDay({ outDir, seed: 99, targetLines: 20_000, anomalyRate });
    const counts = new Map<string, number>();
    for (const row of readCsv(join(outDir, 'expected.csv'))) counts.set(row['category'] ?? '', (counts.get(row['category'] ?? '') ?? 0) + 1);
    // generation.json counts and expected.csv agree.
    for (const [category, count] of Object.entries(summary.categories)) expect(counts.get(category) ?? 0, category).toBe(count);
    const c2s = new Map<string, number>();
    for (const category of C2S_CATEGORIES) {
      c2s.set(category, counts.get(category) ?? 0);
      counts.delete(category);
    }
    claims.set(name, c2s);
    const signalementCounts = new Map<string, number>();
    for (const category of SIGNALEMENT_CATEGORIES) {
      signalementCounts.set(category, counts.get(category) ?? 0);
      counts.delete(category);
    }
    signalements.set(name, signalementCounts);
    return counts;
  };

  it('on a 20 000-line day every category (rejections and regularisations) is present, at the requested rate split evenly', async () => {
    const rate = 0.05;
    const counts = await categoriesOf('five', rate);
    const invoices = [...counts.values()].reduce((a, b) => a + b, 0);
    const anomalies = invoices - (counts.get('VALID') ?? 0);
    expect(anomalies / invoices).toBeGreaterThan(rate * 0.9);
    expect(anomalies / invoices).toBeLessThan(rate * 1.1);
    expect(SCHEDULED_CATEGORIES).toEqual(expect.arrayContaining(['FACTURE_RECTIFIEE_INCONNUE', 'RECTIFICATIVE_PREMATUREE', ...REGULARISATION_CATEGORIES]));
    const share = (invoices * rate) / SCHEDULED_CATEGORIES.length;
    for (const category of SCHEDULED_CATEGORIES) {
      const n = counts.get(category) ?? 0;
      expect(n, category).toBeGreaterThan(share * 0.6);
      expect(n, category).toBeLessThan(share * 1.4);
    }
  });

  it('a higher rate gives proportionally more anomalies, and a rate of 0 none', async () => {
    const high = await categoriesOf('twenty', 0.2);
    const highTotal = [...high.values()].reduce((a, b) => a + b, 0);
    expect(1 - (high.get('VALID') ?? 0) / highTotal).toBeGreaterThan(0.17);
    const none = await categoriesOf('zero', 0);
    expect([...none.keys()]).toEqual(['VALID']);
    // The claims and the signalement invoices keep their mix: a rate of 0 is about the practitioners' invoices.
    expect(claims.get('zero')).toEqual(claims.get('twenty'));
    expect(signalements.get('zero')).toEqual(signalements.get('twenty'));
    expect([...(signalements.get('zero') ?? new Map<string, number>()).values()].every((n) => n > 0)).toBe(true);
  });

  it('regularisations are expected PAID with the one motive REGULARISATION, and the previous day holds only valid invoices', async () => {
    await categoriesOf('regularisations', 0.05);
    const rows = readCsv(join(base, 'regularisations', 'expected.csv'));
    const regularisations = rows.filter((r) => (REGULARISATION_CATEGORIES as readonly string[]).includes(r['category'] ?? ''));
    expect(regularisations.length).toBeGreaterThan(0);
    for (const r of regularisations) expect([r['expected_status'], r['expected_motives']]).toEqual(['PAID', 'REGULARISATION']);
    // An indu or an annulation pays nothing; a complement pays something.
    for (const r of regularisations) expect(r['expected_amount'] === '0.00', `${r['category']} ${r['expected_amount']}`).toBe(r['category'] !== 'RECTIFICATIVE_COMPLEMENT');
    const previous = readCsv(join(base, 'regularisations', 'previous', 'expected.csv'));
    expect(previous.length).toBeGreaterThan(50);
    expect(new Set(previous.map((r) => `${r['category']} ${r['expected_status']}`))).toEqual(new Set(['VALID PAID']));
  });
});
