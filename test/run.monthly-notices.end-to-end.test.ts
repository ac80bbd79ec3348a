import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { ledgerSqlOf, tpliq } from './support/cli-process.js';
import { ADULT, PAPER_PS as PS, runPaperDay, writePaperReferential, type PaperDay } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * The monthly paper notice (protocol §8-3, P10) through the real CLI: a practitioner without an
 * e-mail address (PS) and one with (MAILED) send paper invoices on three days of November and one
 * of December, each liquidated into one data folder. Each run writes PS's November to date, whole;
 * `tpliq notices monthly` writes the whole month from the ledger; a rerun or a replay of a day
 * changes nothing; the run of 1 December starts December and leaves November alone.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());
let root = '';
const MAILED = '222222226';
const days: Record<string, PaperDay> = {};
const DECEMBER_1 = '2026-12-01';

/** A G consultation at 70 % (AMC 9.00 under the 100 % TM guarantee) by `ps`, sent to the RO on its act day. */
const consultation = (ps: string, invoice: string, actDate: string, amc = '9.00'): string =>
  `${ps},${invoice},${ADULT},${actDate},0,,${actDate},G,1,1.00,30.00,30.00,70,21.00,30.00,${amc},,`;

const noticePath = (day: string, month: string, ps: string): string => join(days[day]!.out, 'notices', 'monthly', month, `${ps}.txt`);
const notice = (day: string, month: string, ps: string): string => readFileSync(noticePath(day, month, ps), 'utf8');
const runIdOf = (day: string): string => (JSON.parse(readFileSync(join(days[day]!.out, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;

beforeAll(async () => {
  root = folders.make('tpliq-monthly-notices-');
  const referential = writePaperReferential(join(root, 'referential'), {
    name: 'DR FOURNIER PIERRE', specialty: '01', contract: 'TM', guarantees: ['TM,MEDE,TM,100,,0,1,2020-01-01,'],
  });
  // A second practitioner, with an address: daily e-mails, never a monthly notice.
  appendFileSync(join(referential, 'practitioners.csv'), `${MAILED},PS,DR MOREL HELENE,3 RUE DES LILAS 44000 NANTES,FR7630006634399986450845070,AGRIFRPP,h.morel@example.org,1,01,BOTH,2020-02-01,\n`);
  const compiled = await tpliq('referential', 'compile', '--from', referential, '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  const rows: Record<string, string[]> = {
    // The last row names no practitioner the format allows: rejected, and answered by no notice.
    '2026-11-02': [consultation(PS, '000000101', '2026-10-29'), consultation(PS, '000000102', '2026-10-28', '8.00'), consultation(MAILED, '000000201', '2026-10-29'), consultation('..', '000000301', '2026-10-29')],
    '2026-11-16': [consultation(PS, '000000103', '2026-11-12')],
    '2026-11-30': [consultation(PS, '000000104', '2026-11-26'), consultation(MAILED, '000000202', '2026-11-26')],
    [DECEMBER_1]: [consultation(PS, '000000105', '2026-11-27')],
  };
  for (const [date, dayRows] of Object.entries(rows)) {
    days[date] = await runPaperDay(root, date, date, dayRows);
    expect(days[date].code, days[date].stderr).toBe(0);
  }
});

describe('the monthly paper notice, consolidated from the ledger (protocol §8-3, P10)', () => {
  it('each November run writes the month to date, whole: earlier days from the ledger, then its own, then the totals', () => {
    expect(readCsv(join(days['2026-11-02']!.out, 'decisions.csv')).map((d) => [d.invoice_number, d.status])).toEqual([
      ['000000101', 'PAID'], ['000000102', 'REJECTED'], ['000000201', 'PAID'], ['000000301', 'REJECTED'],
    ]);
    const first = notice('2026-11-02', '202611', PS);
    expect(first).toContain("Journées comptables du mois jusqu'au 02/11/2026 inclus.");
    expect(first).toContain('Total du mois : factures mises en paiement : 1, pour 9,00 € ; factures rejetées : 1, pour un montant demandé de 8,00 €.');
    expect(notice('2026-11-16', '202611', PS)).toContain('Total du mois : factures mises en paiement : 2, pour 18,00 € ; factures rejetées : 1, pour un montant demandé de 8,00 €.');
    expect(notice('2026-11-30', '202611', PS)).toBe([
      "==== Mut'Sante operateur tiers payant — factures papier de novembre 2026 ====",
      'Professionnel de santé : DR FOURNIER PIERRE (n° de facturation 504746942)',
      "Journées comptables du mois jusqu'au 30/11/2026 inclus.",
      '',
      '-- Journée comptable du 02/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 9,00 €.',
      '  - facture 000000101 reçue le 02/11/2026 : 9,00 €',
      'Ce montant est compris dans le virement global de la journée comptable du 02/11/2026.',
      '',
      'Factures rejetées : 1.',
      '  - facture 000000102 reçue le 02/11/2026, montant demandé 8,00 €',
      '      motif M002 : Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)',
      '',
      '-- Journée comptable du 16/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 9,00 €.',
      '  - facture 000000103 reçue le 16/11/2026 : 9,00 €',
      'Ce montant est compris dans le virement global de la journée comptable du 16/11/2026.',
      '',
      'Factures rejetées : aucune.',
      '',
      '-- Journée comptable du 30/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 9,00 €.',
      '  - facture 000000104 reçue le 30/11/2026 : 9,00 €',
      'Ce montant est compris dans le virement global de la journée comptable du 30/11/2026.',
      '',
      'Factures rejetées : aucune.',
      '',
      'Total du mois : factures mises en paiement : 3, pour 27,00 € ; factures rejetées : 1, pour un montant demandé de 8,00 €.',
      '',
    ].join('\n'));
  });

  it('a practitioner with an address gets the daily e-mail of each of their days and no monthly notice', () => {
    for (const day of ['2026-11-02', '2026-11-30']) {
      expect(existsSync(join(days[day]!.out, 'notices', 'daily', day.replaceAll('-', ''), `${MAILED}.eml`))).toBe(true);
      expect(readdirSync(join(days[day]!.out, 'notices', 'monthly', '202611'))).toEqual([`${PS}.txt`]);
    }
    expect(existsSync(join(days['2026-11-16']!.out, 'notices', 'daily'))).toBe(false);
  });

  it('the run of 1 December starts December and writes nothing of November', () => {
    expect(readdirSync(join(days[DECEMBER_1]!.out, 'notices', 'monthly'))).toEqual(['202612']);
    const december = notice(DECEMBER_1, '202612', PS);
    expect(december).toContain("==== Mut'Sante operateur tiers payant — factures papier de décembre 2026 ====");
    expect(december).toContain('-- Journée comptable du 01/12/2026 --');
    expect(december).not.toContain('/11/2026 --');
    expect(december).toContain('Total du mois : factures mises en paiement : 1, pour 9,00 € ; factures rejetées : 0, pour un montant demandé de 0,00 €.');
  });

  it('`tpliq notices monthly` writes the whole month from the ledger: the bytes of the month\'s last run, private', async () => {
    const out = join(root, 'notices-out');
    const r = await tpliq('notices', 'monthly', '--month', '2026-11', '--data', join(root, 'data'), '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      month: '2026-11', throughDate: '2026-11-30', folder: join(out, 'monthly', '202611'),
      notices: [{ billingId: PS, path: `monthly/202611/${PS}.txt`, paid: 3, rejected: 1 }],
    });
    expect(readdirSync(join(out, 'monthly', '202611'))).toEqual([`${PS}.txt`]);
    // The ledger holds that paper invoice with its id refused at decode (''); no notice is written for it.
    const ledger = ledgerSqlOf(join(root, 'data'));
    expect(ledger.prepare("SELECT practitioner_id, paper FROM invoices WHERE invoice_number = '000000301'").all()).toEqual([{ practitioner_id: '', paper: 1 }]);
    ledger.close();
    expect(readFileSync(join(out, 'monthly', '202611', `${PS}.txt`), 'utf8')).toBe(notice('2026-11-30', '202611', PS));
    for (const folder of [join(out, 'monthly'), join(out, 'monthly', '202611')]) expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(out, 'monthly', '202611', `${PS}.txt`)).mode & 0o777).toBe(0o600);
    expect(statSync(noticePath('2026-11-30', '202611', PS)).mode & 0o777).toBe(0o600);
    // December is its own month: the command gives the run of the 1st's notice.
    expect((await tpliq('notices', 'monthly', '--month', '2026-12', '--data', join(root, 'data'), '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, 'monthly', '202612', `${PS}.txt`), 'utf8')).toBe(notice(DECEMBER_1, '202612', PS));
  });

  it('a rerun of a day and a replay of it duplicate nothing: the same bytes, the same month', async () => {
    const before = notice('2026-11-16', '202611', PS);
    const again = await runPaperDay(root, '2026-11-16', '2026-11-16', [consultation(PS, '000000103', '2026-11-12')]);
    expect(again.code, again.stderr).toBe(0);
    expect(notice('2026-11-16', '202611', PS)).toBe(before);
    // Replayed after the later days: the ledger as it stood before the run, byte for byte.
    const replay = await tpliq('replay', runIdOf('2026-11-16'), '--data', join(root, 'data'), '--scratch', join(root, 'replay-16'), '--json');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(readFileSync(join(root, 'replay-16', 'out', 'notices', 'monthly', '202611', `${PS}.txt`), 'utf8')).toBe(before);
    const out = join(root, 'notices-again');
    expect((await tpliq('notices', 'monthly', '--month', '2026-11', '--data', join(root, 'data'), '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, 'monthly', '202611', `${PS}.txt`), 'utf8')).toBe(notice('2026-11-30', '202611', PS));
  });

  it('refuses, exit 2 and nothing written: a month already written, a month without a run, a month that is not one', async () => {
    const data = join(root, 'data');
    const out = join(root, 'notices-out');
    const exists = await tpliq('notices', 'monthly', '--month', '2026-11', '--data', data, '--out', out);
    expect([exists.code, exists.stderr]).toEqual([2, expect.stringContaining('TPLIQ_NOTICES_OUTPUT_EXISTS')]);
    const empty = await tpliq('notices', 'monthly', '--month', '2026-10', '--data', data, '--out', join(root, 'notices-october'));
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining('TPLIQ_HISTORY_NOTHING')]);
    expect(existsSync(join(root, 'notices-october', 'monthly', '202610'))).toBe(false);
    const bad = await tpliq('notices', 'monthly', '--month', '2026-13', '--data', data, '--out', join(root, 'notices-bad'));
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--month must be a month as aaaa-mm')]);
  });

  it('a purge whose cut-off falls in the month keeps its rejected paper invoices: a kept run of it replays its notice, the month is still whole', async () => {
    const data = join(root, 'data');
    // 2 and 16 November purged (the 2nd's rejected invoice among what a notice reads), the 30th kept.
    expect((await tpliq('ledger', 'purge', '--data', data, '--before', '2026-11-20', '--force')).code).toBe(0);
    const replay = await tpliq('replay', runIdOf('2026-11-30'), '--data', data, '--scratch', join(root, 'replay-30'));
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(readFileSync(join(root, 'replay-30', 'out', 'notices', 'monthly', '202611', `${PS}.txt`), 'utf8')).toBe(notice('2026-11-30', '202611', PS));
    const out = join(root, 'notices-after-purge');
    expect((await tpliq('notices', 'monthly', '--month', '2026-11', '--data', data, '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, 'monthly', '202611', `${PS}.txt`), 'utf8')).toBe(notice('2026-11-30', '202611', PS));
  });

  it('once purge has taken a month\'s rejected invoices, refuses that month (exit 2) and still writes the next, with --snapshot too', async () => {
    const data = join(root, 'data');
    expect((await tpliq('ledger', 'purge', '--data', data, '--before', DECEMBER_1, '--force')).code).toBe(0);
    const november = await tpliq('notices', 'monthly', '--month', '2026-11', '--data', data, '--out', join(root, 'notices-purged'));
    expect([november.code, november.stderr]).toEqual([2, expect.stringContaining('TPLIQ_NOTICES_MONTH_PURGED')]);
    const out = join(root, 'notices-december');
    const december = await tpliq('notices', 'monthly', '--month', '2026-12', '--data', data, '--out', out, '--snapshot', join(root, 'ref.snapshot'));
    expect(december.code, december.stderr).toBe(0);
    expect(readFileSync(join(out, 'monthly', '202612', `${PS}.txt`), 'utf8')).toBe(notice(DECEMBER_1, '202612', PS));
  });
});
