import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import type { DebtSummary } from '../engine/settle/debt-summary.js';
import type { RunSummary } from '../engine/settle/summary.js';
import { ledgerSqlOf, tpliq } from './support/cli-process.js';
import { ADULT, PAPER_PS as PS, runPaperDay, writePaperReferential, type PaperDay } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * Three accounting days of one paper practitioner under a "100 % TM" contract (G 30.00 €: AMO 70 %
 * 21.00, AMC 9.00), through the real CLI and ledger. Day 2 regularises day 1's invoices after AMO
 * requalifications (rules.md §6.2); its debts exceed what it pays, so the transfer is set off to
 * nothing and the rest carried to day 3, where a rectificative of a rectificative follows.
 */
const BENEFICIARY = ADULT;

// The days build on each other: one folder for the whole file.
const folders = new TempFolders();
afterAll(() => folders.removeAll());
let root = '';

const referential = (dir: string): string => writePaperReferential(dir, {
  name: 'DR FOURNIER PIERRE', specialty: '01', contract: 'RESP-TM100', guarantees: ['RESP-TM100,MEDE,TM,100,,0,1,2020-01-01,'],
});

/** One G line; the AMO rate decides AMO and the 100 % TM part (30.00 − AMO). */
function row(invoice: string, actDate: string, amoRate: number, nature = '', refersTo = ''): string {
  const amoCents = 30 * amoRate;
  const amc = ((3000 - amoCents) / 100).toFixed(2);
  return `${PS},${invoice},${BENEFICIARY},${actDate},0,,${actDate},G,1,1.00,30.00,30.00,${amoRate},${(amoCents / 100).toFixed(2)},30.00,${amc},${nature},${refersTo}`;
}

const runDay = (name: string, date: string, rows: string[], options: string[] = []): Promise<PaperDay> => runPaperDay(root, name, date, rows, options);

const decisionsOf = (out: string): Array<Record<string, string>> => readCsv(join(out, 'decisions.csv'));
const summaryOf = (out: string): RunSummary & { debts: DebtSummary } => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary & { debts: DebtSummary };
const returnOf = (out: string, date: string): ReturnType<typeof readRsp580> => readRsp580(readFileSync(join(out, 'noemie', `${PS}-${date}.rsp`), 'latin1'));
const paymentFileOf = (out: string): string | undefined => {
  const dir = join(out, 'sepa');
  const file = existsSync(dir) ? readdirSync(dir)[0] : undefined;
  return file === undefined ? undefined : readFileSync(join(dir, file), 'utf8');
};

let day1: PaperDay;
let day2: PaperDay;
let day3: PaperDay;

beforeAll(async () => {
  root = folders.make('tpliq-regularisations-');
  expect((await tpliq('referential', 'compile', '--from', referential(join(root, 'referential')), '--out', join(root, 'ref.snapshot'))).code).toBe(0);
  day1 = await runDay('day1', '2026-11-23', [
    row('000000101', '2026-11-02', 70), row('000000102', '2026-11-03', 70), row('000000103', '2026-11-04', 70), row('000000104', '2026-11-05', 70),
  ]);
  day2 = await runDay('day2', '2026-11-24', [
    row('000000201', '2026-11-02', 60, 'R', '000000101'), // AMO requalified down: AMC 12.00, a complement of 3.00
    row('000000202', '2026-11-03', 80, 'R', '000000102'), // AMO up: AMC 6.00, an indu of 3.00
    row('000000203', '2026-11-04', 70, 'A', '000000103'), // cancelled: an indu of 9.00
    row('000000204', '2026-11-05', 70, 'A', '000000104'), // cancelled: an indu of 9.00
    row('000000205', '2026-11-06', 70), // a new invoice: 9.00
    row('000000206', '2026-11-07', 70, 'R', '000000999'), // names nothing this practitioner was paid for
  ]);
  day3 = await runDay('day3', '2026-11-25', [
    row('000000301', '2026-11-02', 70, 'R', '000000201'), // a rectificative of day 2's rectificative: back to 9.00, an indu of 3.00
    row('000000302', '2026-11-09', 70), // 9.00
    row('000000303', '2026-11-04', 70, 'R', '000000203'), // the care was cancelled on day 2
  ]);
});

describe('regularisations across days through the CLI (rules.md §6.2, protocol §5-3)', () => {
  it('every day ends normally (exit 0) with its invariants holding', () => {
    for (const day of [day1, day2, day3]) {
      expect(day.code, day.stderr).toBe(0);
      expect(summaryOf(day.out).invariants).toEqual({ ok: true, violations: [] });
    }
  });

  it('day 2 decides each regularisation against what day 1 paid', () => {
    const rows = decisionsOf(day2.out).filter((d) => d.status !== 'OFFSET');
    expect(rows.map((d) => [d.invoice_number, d.status, d.paid_amount, (d.motives ?? '').split(':')[0]])).toEqual([
      ['000000201', 'PAID', '3.00', 'REGULARISATION'],
      ['000000202', 'PAID', '0.00', 'REGULARISATION'],
      ['000000203', 'PAID', '0.00', 'REGULARISATION'],
      ['000000204', 'PAID', '0.00', 'REGULARISATION'],
      ['000000205', 'PAID', '9.00', ''],
      ['000000206', 'REJECTED', '0.00', 'FACTURE_RECTIFIEE_INCONNUE'],
    ]);
  });

  it('day 2 recovers its new debts, oldest first, from what it pays, and carries the rest; no transfer goes out', () => {
    const offsets = decisionsOf(day2.out).filter((d) => d.status === 'OFFSET');
    // Paid today 3.00 + 9.00 = 12.00; debts created 3.00 + 9.00 + 9.00 = 21.00, in input order.
    expect(offsets.map((d) => [d.invoice_number, d.paid_amount])).toEqual([['000000202', '-3.00'], ['000000203', '-9.00']]);
    expect(offsets[1]!.motives).toContain('reste dû 0.00');
    const s = summaryOf(day2.out);
    expect(s.transfers).toEqual({ count: 0, totalCents: 0 });
    expect(s.debts.debts).toEqual({ openBefore: { count: 0, cents: 0 }, created: { count: 3, cents: 2100 }, recovered: { offsets: 2, cents: 1200 }, openAfter: { count: 1, cents: 900 } });
    expect(s.debts.regularisations).toEqual({ rectificatives: 2, annulations: 2, complementCents: 300, debtsCreatedCents: 2100 });
    expect(paymentFileOf(day2.out) ?? '').not.toContain(PS);
  });

  it('day 2\'s NOEMIE return states each regularisation (065) and each recovery (085), and reads back consistent', () => {
    const read = returnOf(day2.out, '20261124');
    expect(read.errors).toEqual([]);
    expect(read.file.transfer).toBeNull();
    const [group] = read.file.groups;
    expect(group!.invoices.find((i) => i.invoiceNumber === '000000201')!.regularisation).toEqual({ nature: 'R', rectifiedInvoice: '000000101', previousCents: 900, newCents: 1200, deltaCents: 300 });
    expect(group!.invoices.find((i) => i.invoiceNumber === '000000204')!.regularisation).toEqual({ nature: 'A', rectifiedInvoice: '000000104', previousCents: 900, newCents: 0, deltaCents: -900 });
    expect(group!.offsets).toEqual([
      { debtInvoice: '000000202', originalInvoice: '000000102', debtDate: 20261124, offsetCents: 300, remainingCents: 0 },
      { debtInvoice: '000000203', originalInvoice: '000000103', debtDate: 20261124, offsetCents: 900, remainingCents: 0 },
    ]);
  });

  it('day 3 recovers the carried debt before its own, follows a rectificative chain, and refuses a cancelled care', () => {
    const rows = decisionsOf(day3.out);
    expect(rows.map((d) => [d.invoice_number, d.status, d.paid_amount, (d.motives ?? '').split(':')[0]])).toEqual([
      ['000000301', 'PAID', '0.00', 'REGULARISATION'],
      ['000000302', 'PAID', '9.00', ''],
      ['000000303', 'REJECTED', '0.00', 'FACTURE_DEJA_ANNULEE'],
      ['000000204', 'OFFSET', '-9.00', 'RETENUE'],
    ]);
    expect(rows[0]!.motives).toContain('facture n° 000000101 : payé 12,00, dû 9,00, indu 3,00');
    const s = summaryOf(day3.out);
    expect(s.debts.debts).toMatchObject({ openBefore: { count: 1, cents: 900 }, created: { count: 1, cents: 300 }, recovered: { offsets: 1, cents: 900 }, openAfter: { count: 1, cents: 300 } });
    expect(s.transfers).toEqual({ count: 0, totalCents: 0 });
  });

  it('the ledger keeps every regularisation, debt and recovery, and the open balance is created − recovered', () => {
    const db = ledgerSqlOf(join(root, 'data'));
    try {
      const chain = db.prepare("SELECT invoice_number, original_invoice, previous_cents, new_cents FROM regularisations WHERE original_invoice = '000000101' ORDER BY id").raw().all();
      expect(chain).toEqual([['000000201', '000000101', 900, 1200], ['000000301', '000000101', 1200, 900]]);
      const open = db.prepare('SELECT sum(amount_cents) - (SELECT sum(amount_cents) FROM debt_offsets) FROM debts').pluck().get();
      expect(open).toBe(300);
    } finally {
      db.close();
    }
  });

  it('a past day with regularisations and set-off replays byte for byte', async () => {
    const replay = await tpliq('replay', summaryOf(day2.out).run.runId, '--data', join(root, 'data'), '--scratch', join(root, 'replay-day2'));
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });

  it('debts open past --debt-overdue-days are listed for the recovery procedure', async () => {
    // Day 4 pays nothing (its one invoice names an unknown invoice): day 3's debt stays open, a day old.
    const r = await runDay('day4', '2026-11-26', [row('000000401', '2026-11-12', 70, 'R', '000000888')], ['--debt-overdue-days', '1']);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.out);
    expect(s.debts.overdueAfterDays).toBe(1);
    expect(s.debts.overdue).toEqual([{ practitionerId: PS, debtInvoice: '000000301', originalInvoice: '000000101', createdOn: '2026-11-25', ageDays: 1, remainingCents: 300 }]);
    // By default (60 days) a day-old debt is not overdue.
    expect(summaryOf(day3.out).debts.overdue).toEqual([]);
  });
});
