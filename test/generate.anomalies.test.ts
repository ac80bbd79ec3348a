import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANOMALY_CATEGORIES, generateDay } from '../scripts/generate/index.js';
import { readCsv } from './generate.day-reader.js';

describe('anomaly mix of a generated day', () => {
  const base = mkdtempSync(join(tmpdir(), 'tpliq-gen-anom-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const categoriesOf = async (name: string, anomalyRate: number): Promise<Map<string, number>> => {
    const outDir = join(base, name);
    const summary = await generateDay({ outDir, seed: 99, targetLines: 20_000, anomalyRate });
    const counts = new Map<string, number>();
    for (const row of readCsv(join(outDir, 'expected.csv'))) counts.set(row['category'] ?? '', (counts.get(row['category'] ?? '') ?? 0) + 1);
    // generation.json counts and expected.csv agree.
    for (const [category, count] of Object.entries(summary.categories)) expect(counts.get(category) ?? 0, category).toBe(count);
    return counts;
  };

  it('on a 20 000-line day every category is present, at the requested rate split evenly', async () => {
    const rate = 0.05;
    const counts = await categoriesOf('five', rate);
    const invoices = [...counts.values()].reduce((a, b) => a + b, 0);
    const anomalies = invoices - (counts.get('VALID') ?? 0);
    expect(anomalies / invoices).toBeGreaterThan(rate * 0.9);
    expect(anomalies / invoices).toBeLessThan(rate * 1.1);
    const share = (invoices * rate) / ANOMALY_CATEGORIES.length;
    for (const category of ANOMALY_CATEGORIES) {
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
  });
});
