import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { tpliq } from './support/cli-process.js';
import { ADULT, CHILD, PAPER_PS as PS, runPaperDay, writePaperReferential, type PaperDay } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * R871-2 3° through the real CLI and ledger: a contrat responsable pays one optical equipment per
 * 2 years. A classe B frame (80.00 €, AMO 0.03) is paid on day 1; on day 2 the same beneficiary's
 * next frame is too early: declared at 79.97 it is refused, declared at 0.00 it is accepted with
 * nothing to pay; another beneficiary's frame is paid. A replay of day 2 reads the counter as it
 * stood before it.
 */
// The B2 PS act zone is 5 characters: an LPP code (7 digits) does not fit, so the frame is billed
// under the placeholder MON (engine/referential/act-domains.csv), which the operator's table classifies.
const FRAME = 'MON';
const OTHER = CHILD;

const folders = new TempFolders();
afterAll(() => folders.removeAll());
let root = '';

const referential = (dir: string): string => writePaperReferential(dir, {
  name: 'OPTIQUE FOURNIER', specialty: '28', contract: 'RESP-OPT', cardTo: '2027-12-31', guarantees: ['RESP-OPT,OPTI,FR,100,,0,1,2020-01-01,'],
  files: { 'equipment-limits.csv': `act_code,kind,class,lens_grade,price_limit,valid_from,valid_to\n${FRAME},FRAME,B,,,2020-01-01,\n` },
});

const row = (invoice: string, beneficiary: string, actDate: string, amc: string): string =>
  `${PS},${invoice},${beneficiary},${actDate},0,,${actDate},${FRAME},1,1.00,80.00,0.05,60,0.03,80.00,${amc},,`;

const runDay = (name: string, date: string, rows: string[]): Promise<PaperDay> => runPaperDay(root, name, date, rows);

const decided = (out: string): string[][] => readCsv(join(out, 'decisions.csv')).map((d) => [d.invoice_number ?? '', d.status ?? '', d.paid_amount ?? '', (d.motives ?? '').split(':')[0] ?? '']);

let day1: PaperDay;
let day2: PaperDay;

beforeAll(async () => {
  root = folders.make('tpliq-renewals-');
  const compiled = await tpliq('referential', 'compile', '--from', referential(join(root, 'referential')), '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  day1 = await runDay('day1', '2026-11-23', [row('000000101', ADULT, '2026-11-02', '79.97')]);
  day2 = await runDay('day2', '2026-11-24', [
    row('000000201', ADULT, '2026-11-16', '79.97'), // two weeks later: too early
    row('000000202', ADULT, '2026-11-17', '0.00'), // too early, and declared so: nothing to pay
    row('000000203', OTHER, '2026-11-16', '79.97'), // another beneficiary's first equipment
    row('000000204', OTHER, '2026-11-18', '79.97'), // … and her second, two days after, in the same run
  ]);
});

describe('renewal periods through the CLI (R871-2 3°, rules.md §2.6)', () => {
  it('day 1 pays the first equipment', () => {
    expect(day1.code, day1.stderr).toBe(0);
    expect(decided(day1.out)).toEqual([['000000101', 'PAID', '79.97', '']]);
  });

  it('day 2 holds every equipment against the ledger and against the run itself', () => {
    expect(day2.code, day2.stderr).toBe(0);
    expect(decided(day2.out)).toEqual([
      ['000000201', 'REJECTED', '0.00', 'RENOUVELLEMENT_ANTICIPE'],
      ['000000202', 'PAID', '0.00', ''],
      ['000000203', 'PAID', '79.97', ''],
      ['000000204', 'REJECTED', '0.00', 'RENOUVELLEMENT_ANTICIPE'],
    ]);
    const summary = JSON.parse(readFileSync(join(day2.out, 'summary.json'), 'utf8')) as { invariants: { ok: boolean } };
    expect(summary.invariants.ok).toBe(true);
  });

  it('day 2 replays byte for byte: the counters are read as they stood before it', async () => {
    const runId = (JSON.parse(readFileSync(join(day2.out, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
    const replay = await tpliq('replay', runId, '--data', join(root, 'data'), '--scratch', join(root, 'replay-day2'));
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });
});
