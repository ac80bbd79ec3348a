import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPain001 } from '../codecs/sepa/pain001.js';
import { runParametersOf, UsageError } from '../engine/cli/run-options.js';
import type { DateYmd } from '../engine/domain/units.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { runLiquidation } from '../engine/run/liquidation-run.js';
import { defaultExecutionDate, executionDateProblem } from '../engine/settle/execution-date.js';
import { generateDay } from '../scripts/generate/index.js';
import { runChild } from './support/child-run.js';
import { pain001Problems } from './support/pain001-validity.js';

/**
 * ReqdExctnDt is a day the interbank system settles: the accounting date when TARGET is open,
 * else the next TARGET business day, or the day the operator names with --execution-date.
 */
const day = (n: number): DateYmd => n as DateYmd;

describe('the default SEPA execution date: the first TARGET business day on or after the accounting date', () => {
  it.each([
    [20261123, 20261123, 'a Monday: that day'],
    [20261225, 20261228, 'Christmas (Friday): 26 December and the weekend are closed too → Monday 28'],
    [20261224, 20261224, 'Christmas Eve: open'],
    [20261121, 20261123, 'a Saturday → Monday'],
    [20270326, 20270330, 'Good Friday 2027 → past Easter Monday → Tuesday 30 March'],
    [20270101, 20270104, 'New Year (Friday) → Monday 4 January'],
    [20260508, 20260508, '8 May: a French holiday, but TARGET settles'],
  ])('%d → %d (%s)', (accounting, expected) => {
    expect(defaultExecutionDate(day(accounting))).toBe(expected);
  });
});

describe('an execution date the operator names', () => {
  it('is accepted on a TARGET business day on or after the accounting date', () => {
    expect(executionDateProblem(day(20261225), day(20261228))).toBeUndefined();
    expect(executionDateProblem(day(20261123), day(20261123))).toBeUndefined();
    expect(executionDateProblem(day(20261123), day(20261130))).toBeUndefined();
  });

  it('is refused before the accounting date, with TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING', () => {
    expect(executionDateProblem(day(20261123), day(20261120))?.code).toBe('TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING');
  });

  it('is refused on a TARGET closing day, with TPLIQ_RUN_EXECUTION_DATE_CLOSED and the next open day', () => {
    const problem = executionDateProblem(day(20261223), day(20261225));
    expect(problem?.code).toBe('TPLIQ_RUN_EXECUTION_DATE_CLOSED');
    expect(problem?.message).toMatch(/2026-12-25 .* the next open day is 2026-12-28/);
    expect(executionDateProblem(day(20261123), day(20261128))?.code).toBe('TPLIQ_RUN_EXECUTION_DATE_CLOSED'); // a Saturday
  });
});

describe('run parameters', () => {
  const base = { inbox: 'in', snapshot: 's', data: 'd', out: 'o' };

  it('default the execution date from --date, and take --execution-date when given', () => {
    expect(runParametersOf({ ...base, date: '2026-12-25' }).executionDate).toBe(20261228);
    expect(runParametersOf({ ...base, date: '2026-12-25', executionDate: '2026-12-29' }).executionDate).toBe(20261229);
  });

  it.each([
    ['2026-12-24', 'TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING'],
    ['2026-12-26', 'TPLIQ_RUN_EXECUTION_DATE_CLOSED'],
  ])('refuse --execution-date %s for --date 2026-12-25 with %s', (executionDate, code) => {
    let thrown: unknown;
    try {
      runParametersOf({ ...base, date: '2026-12-25', executionDate });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).code).toBe(code);
    expect((thrown as UsageError).message).toMatch(new RegExp(`^${code}: --execution-date`));
  });

  it('refuse an --execution-date that is not a yyyy-mm-dd day', () => {
    expect(() => runParametersOf({ ...base, date: '2026-12-25', executionDate: '28/12/2026' })).toThrow(UsageError);
  });
});

describe('tpliq run --execution-date', () => {
  const CLI = resolve('dist/engine/cli/main.js');
  let dir: string;
  let snapshot: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-execution-date-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 11, targetLines: 1500, accountingDate: '2026-12-25' });
    snapshot = join(dir, 'ref.snapshot');
    await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const args = (out: string, ...more: string[]): string[] => [
    'run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', snapshot, '--date', '2026-12-25', '--data', join(dir, `data-${out}`), '--out', join(dir, out), ...more,
  ];

  it.each([
    ['2026-12-24', 'TPLIQ_RUN_EXECUTION_DATE_BEFORE_ACCOUNTING'],
    ['2026-12-26', 'TPLIQ_RUN_EXECUTION_DATE_CLOSED'],
  ])('is an operator error for %s: exit 2, %s on stderr, nothing run', async (executionDate, code) => {
    const r = await runChild(process.execPath, [CLI, ...args(`refused-${executionDate}`, '--execution-date', executionDate)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^tpliq: ${code}: `));
    expect(r.stderr.trim().split('\n').filter((line) => !line.startsWith('{"level"'))).toHaveLength(1);
    expect(existsSync(join(dir, `refused-${executionDate}`))).toBe(false);
    expect(existsSync(join(dir, `data-refused-${executionDate}`))).toBe(false);
  });

  it('on 25 December asks the bank for Monday 28 December, says so in summary.json, in a valid pain.001', async () => {
    const result = await runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot, date: '2026-12-25', data: join(dir, 'data-default'), out: join(dir, 'default') }));
    expect(result.summary.transfers.count).toBeGreaterThan(0);
    const xml = readFileSync(join(result.outDir, 'sepa', 'pain001-20261225.xml'), 'utf8');
    expect(readPain001(xml).paymentInfos.map((p) => p.requestedExecutionDate)).toEqual(['2026-12-28']);
    expect(await pain001Problems([xml])).toEqual([[]]);
    const summary = JSON.parse(readFileSync(join(result.outDir, 'summary.json'), 'utf8')) as { run: { accountingDate: string; executionDate: string } };
    expect(summary.run).toMatchObject({ accountingDate: '2026-12-25', executionDate: '2026-12-28' });
    // Each practitioner's NOEMIE return gives the same payment day as the transfer.
    const returns = readdirSync(join(result.outDir, 'noemie'));
    const paymentDates = new Set(returns.map((name) => readRsp580(readFileSync(join(result.outDir, 'noemie', name), 'latin1'), { file: name }).file.transfer?.paymentDate));
    paymentDates.delete(undefined);
    expect([...paymentDates]).toEqual([20261228]);
  });

  it('takes the day the operator names', async () => {
    const result = await runLiquidation(runParametersOf({ inbox: join(dir, 'day', 'inbox'), snapshot, date: '2026-12-25', executionDate: '2026-12-29', data: join(dir, 'data-named'), out: join(dir, 'named') }));
    const xml = readFileSync(join(result.outDir, 'sepa', 'pain001-20261225.xml'), 'utf8');
    expect(readPain001(xml).paymentInfos[0]?.requestedExecutionDate).toBe('2026-12-29');
    expect(result.summary.run.executionDate).toBe('2026-12-29');
  });
});
