import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { tpliq } from './support/cli-process.js';
import { ADULT, PAPER_PS as PS, runPaperDay, writePaperReferential, type PaperDay } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * rules.md §2.9's worked example through the real CLI and ledger: ostéopathie (hors nomenclature,
 * AMO 0), "40 € par séance, 160 €/an/bénéficiaire". Day 1 takes 140.00 of the 2026 counter; on
 * day 2 a 60.00 session gets min(40.00, 60.00, 20.00) = 20.00, and the next none; on day 3 an
 * annulation gives back what its session took, and a new session fits again.
 */
const BENEFICIARY = ADULT;

const folders = new TempFolders();
afterAll(() => folders.removeAll());
let root = '';

const referential = (dir: string, limits: string): string => writePaperReferential(dir, {
  name: 'FOURNIER PIERRE OSTEOPATHE', specialty: '99', contract: 'OSTEO-40', guarantees: ['OSTEO-40,XCMP,FORFAIT,,40,0,1,2020-01-01,'],
  files: { 'limits.csv': `contract,domain,limit_id,amount,count,period,years,valid_from,valid_to\n${limits}\n` },
});

/** One osteopathy session (act HN, no AMO): fee and declared AMC part in euros. */
const session = (invoice: string, actDate: string, fee: string, amc: string, nature = '', refersTo = ''): string =>
  `${PS},${invoice},${BENEFICIARY},,0,,${actDate},HN,1,1.00,${fee},0.00,0,0.00,${fee},${amc},${nature},${refersTo}`;

const runDay = (name: string, date: string, rows: string[]): Promise<PaperDay> => runPaperDay(root, name, date, rows);

const decided = (out: string): string[][] => readCsv(join(out, 'decisions.csv')).map((d) => [d.invoice_number ?? '', d.status ?? '', d.paid_amount ?? '', d.motives ?? '']);

let days: Array<PaperDay> = [];

beforeAll(async () => {
  root = folders.make('tpliq-ceilings-');
  const compiled = await tpliq('referential', 'compile', '--from', referential(join(root, 'referential'), 'OSTEO-40,XCMP,OSTEO,160,,CALENDAR_YEAR,,2020-01-01,'), '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  days = [
    await runDay('day1', '2026-11-23', [
      session('000000101', '2026-11-02', '60.00', '40.00'), session('000000102', '2026-11-03', '60.00', '40.00'),
      session('000000103', '2026-11-04', '60.00', '40.00'), session('000000104', '2026-11-05', '20.00', '20.00'),
    ]),
    await runDay('day2', '2026-11-24', [session('000000201', '2026-11-16', '60.00', '20.00'), session('000000202', '2026-11-17', '60.00', '40.00')]),
    await runDay('day3', '2026-11-25', [session('000000301', '2026-11-02', '60.00', '0.00', 'A', '000000101'), session('000000302', '2026-11-18', '60.00', '40.00')]),
  ];
});

describe('contract ceilings per beneficiary and period through the CLI (rules.md §2.9)', () => {
  it('day 1 pays each session, the counter reaching 140.00', () => {
    for (const day of days) expect(day.code, day.stderr).toBe(0);
    expect(decided(days[0]!.out).map((d) => d.slice(0, 3))).toEqual([
      ['000000101', 'PAID', '40.00'], ['000000102', 'PAID', '40.00'], ['000000103', 'PAID', '40.00'], ['000000104', 'PAID', '20.00'],
    ]);
  });

  it('day 2: FR 60.00 with 140.00 of 160.00 consumed → 20.00 (the worked example), signalled as leaving nothing; then nothing remains', () => {
    expect(decided(days[1]!.out)).toEqual([
      ['000000201', 'PAID', '20.00', 'PLAFOND_PROCHE:Plafond de garantie bientôt atteint : reste 0,00 € sur 160,00 € en 2026'],
      ['000000202', 'REJECTED', '0.00', 'PLAFOND_ATTEINT:Plafond de garantie atteint : reste 0,00 € sur 160,00 € en 2026'],
    ]);
  });

  it('day 3: an annulation gives back its session\'s 40.00, which the next session takes', () => {
    expect(decided(days[2]!.out).map((d) => d.slice(0, 3))).toEqual([
      ['000000301', 'PAID', '0.00'], ['000000302', 'PAID', '40.00'], ['000000301', 'OFFSET', '-40.00'],
    ]);
  });

  it('day 2 replays byte for byte from the counters as they stood before it, on one thread as on two', async () => {
    const runId = (JSON.parse(readFileSync(join(days[1]!.out, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
    const replay = await tpliq('replay', runId, '--data', join(root, 'data'), '--scratch', join(root, 'replay-day2'), '--threads', '1');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('referential compile refuses a limit it cannot apply, each with its code and place', async () => {
    const dir = referential(join(root, 'bad-referential'), [
      'OSTEO-40,DENT,MOON,160,,EVERY_MOON,,2020-01-01,',
      'OSTEO-40,XCMP,OSTEO,160,,CALENDAR_YEAR,,2020-01-01,',
      'OSTEO-40,MEDG,OSTEO,150,,CALENDAR_YEAR,,2020-01-01,',
      'OSTEO-40,MEDS,OTHER,,,CALENDAR_YEAR,,2020-01-01,',
      'NO-SUCH,XCMP,X,100,,CALENDAR_YEAR,,2020-01-01,',
      'OSTEO-40,AUXM,R,100,,ROLLING_YEARS,,2020-01-01,',
    ].join('\n'));
    const r = await tpliq('referential', 'compile', '--from', dir, '--out', join(root, 'bad.snapshot'));
    expect(r.code).toBe(2);
    const text = r.stdout + r.stderr;
    for (const expected of [
      'TPLIQ_REF_BAD_ENUM limits.csv:2 [period]', 'TPLIQ_REF_BAD_VALUE limits.csv:3 [limit_id]', 'TPLIQ_REF_MISSING_VALUE limits.csv:5 [amount]',
      'TPLIQ_REF_UNKNOWN_CONTRACT limits.csv:6 [contract]', 'TPLIQ_REF_MISSING_VALUE limits.csv:7 [years]',
    ]) expect(text).toContain(expected);
  });
});
