import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParametersOf } from '../engine/cli/run-options.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { compareWithExpected } from '../engine/run/expected-outcomes.js';
import { runLiquidation, type RunResult } from '../engine/run/liquidation-run.js';
import { generateDay, PREVIOUS_DAY_FOLDER } from '../scripts/generate/index.js';

/**
 * A night in June 2029: children on the cards were born up to 2027, whose hospital B2 birth dates
 * end in "27" — the pivot that read them as 1927 is gone, so every invoice, theirs included, is
 * decided as the generator expects (after the generated previous day, which the day regularises).
 */
describe('a generated day with beneficiaries born from 2027 on', () => {
  let dir: string;
  let result: RunResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-newborn-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 3, targetLines: 6000, accountingDate: '2029-06-01', anomalyRate: 0.1 });
    await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
    // Friday 1 June 2029: the previous TARGET business day is Thursday 31 May.
    await runLiquidation(runParametersOf({
      inbox: join(dir, 'day', PREVIOUS_DAY_FOLDER, 'inbox'), snapshot: join(dir, 'ref.snapshot'), date: '2029-05-31', data: join(dir, 'data'), out: join(dir, 'out-previous'), threads: '2',
    }));
    result = await runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot: join(dir, 'ref.snapshot'), date: '2029-06-01', data: join(dir, 'data'), out: join(dir, 'out'), threads: '2' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has beneficiaries born in 2027 on its cards', () => {
    const rows = readFileSync(join(dir, 'day', 'referential', 'beneficiaries.csv'), 'utf8').trim().split('\n');
    const birthColumn = rows[0]!.split(',').indexOf('birth_date');
    expect(rows.slice(1).some((row) => row.split(',')[birthColumn]?.startsWith('2027-'))).toBe(true);
  });

  it('decides every invoice as the generator expected', () => {
    const check = compareWithExpected(join(dir, 'day', 'expected.csv'), join(result.outDir, 'decisions.csv'));
    expect(check.mismatches).toEqual([]);
    expect(check.matched).toBe(check.total);
    expect(check.total).toBeGreaterThan(1000);
  });
});
