import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDay } from '../scripts/generate/index.js';

/** SHA-256 of every file of a generated day, by path relative to the day's folder. */
function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

describe('generator determinism', () => {
  const base = mkdtempSync(join(tmpdir(), 'tpliq-gen-det-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const day = (name: string, seed: number): Promise<Map<string, string>> =>
    generateDay({ outDir: join(base, name), seed, targetLines: 6000 }).then(() => hashTree(join(base, name)));

  it('the same seed writes the same bytes in every file, wherever the day is written', async () => {
    const a = await day('a', 42);
    const b = await day('b', 42);
    expect(a.size).toBeGreaterThan(10);
    expect([...a.keys()]).toContain('inbox/manifest.json');
    expect([...a.keys()]).toContain('generation.json');
    for (const file of ['previous/inbox/manifest.json', 'previous/expected.csv', 'previous/generation.json']) expect([...a.keys()]).toContain(file);
    expect(b).toEqual(a);
  });

  it('another seed gives other invoices, referential and expectations', async () => {
    const a = await day('c', 42);
    const other = await day('d', 43);
    for (const file of ['expected.csv', 'referential/beneficiaries.csv', 'referential/practitioners.csv', 'inbox/ps-0001.b2', 'previous/inbox/ps-0001.b2']) {
      expect(other.get(file), file).toBeDefined();
      expect(other.get(file), file).not.toBe(a.get(file));
    }
  });
});
