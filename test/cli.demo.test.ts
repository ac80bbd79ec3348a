import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { tpliq, type CliResult } from './support/cli-process.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * `tpliq demo` on a small day: the generated previous day is liquidated first, then the day, which
 * regularises some of its invoices, into the same ledger, and both are checked against the
 * generator's expected outcomes.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());
let dir = '';
let demo: CliResult;

beforeAll(async () => {
  dir = folders.make('tpliq-demo-');
  demo = await tpliq('demo', '--dir', dir, '--lines', '1500', '--seed', '8', '--threads', '1');
});

describe('tpliq demo', () => {
  it('liquidates the previous day, then the day, and every invoice of both agrees with the generator (exit 0)', () => {
    expect(demo.code, demo.stdout + demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/3\. liquidated the previous day 2026-11-20:[\s\S]*4\. liquidated the day 2026-11-23:/);
    const agreements = [...demo.stdout.matchAll(/expected outcome: (\d+)\/(\d+) invoices agree\n/g)];
    expect(agreements).toHaveLength(2);
    for (const [, matched, total] of agreements) expect(matched).toBe(total);
    const [previous, day] = agreements.map((m) => Number(m[2]));
    expect(previous).toBe(readCsv(join(dir, 'day', 'previous', 'expected.csv')).length);
    expect(day).toBe(readCsv(join(dir, 'day', 'expected.csv')).length);
  });

  it('the day regularises invoices the previous day paid, in one ledger holding both runs', () => {
    const decisions = readCsv(join(dir, 'out', '2026-11-23', 'decisions.csv'));
    expect(decisions.filter((d) => d.status === 'PAID' && (d.motives ?? '').startsWith('REGULARISATION:')).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'out', '2026-11-20', 'decisions.csv'))).toBe(true);
    const db = new Database(join(dir, 'data', 'tpliq.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT accounting_date FROM runs ORDER BY id').pluck().all()).toEqual([20261120, 20261123]);
    } finally {
      db.close();
    }
  });

  it('gives the replay command of the day', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'out', '2026-11-23', 'summary.json'), 'utf8')) as { run: { runId: string } };
    expect(summary.run.runId).toMatch(/^TPLIQ-20261123-/);
    expect(demo.stdout).toContain(`replay it:   npx tpliq replay ${summary.run.runId} --data ${join(dir, 'data')}`);
  });
});
