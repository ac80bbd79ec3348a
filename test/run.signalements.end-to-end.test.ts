import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import type { RunSummary } from '../engine/settle/summary.js';
import { tpliq } from './support/cli-process.js';
import { ADULT, PAPER_PS as PS, runPaperDay, writePaperReferential, type PaperDay } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * The three signalements of rules.md §5.2 through the real CLI, on one paper day: a feuille sent
 * more than 8 days after its act (R. 161-47), one without its RO date (R. 161-42 10°), and an
 * ostéopathie session that uses up the beneficiary's 160.00 € ceiling. Each invoice is PAID, and
 * says so in decisions.csv, in the NOEMIE return (status S, 080 of kind S) and in summary.json; a
 * late invoice rejected for another motive carries the rejection alone.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());
let root = '';
let day: PaperDay;

const referential = (dir: string): string => writePaperReferential(dir, {
  name: 'DR FOURNIER PIERRE', specialty: '01', contract: 'TM-OSTEO',
  guarantees: ['TM-OSTEO,MEDE,TM,100,,0,1,2020-01-01,', 'TM-OSTEO,XCMP,FORFAIT,,40,0,1,2020-01-01,'],
  files: { 'limits.csv': 'contract,domain,limit_id,amount,count,period,years,valid_from,valid_to\nTM-OSTEO,XCMP,OSTEO,160,,CALENDAR_YEAR,,2020-01-01,\n' },
});

/** A G consultation at 70 % (AMC 9.00 under the 100 % TM guarantee), sent to the RO on `roSent`. */
const consultation = (invoice: string, actDate: string, roSent: string, amc = '9.00'): string =>
  `${PS},${invoice},${ADULT},${roSent},0,,${actDate},G,1,1.00,30.00,30.00,70,21.00,30.00,${amc},,`;
/** An ostéopathie session (no AMO, no RO invoice): 40.00 € under the ceiling. */
const session = (invoice: string, actDate: string): string => `${PS},${invoice},${ADULT},,0,,${actDate},HN,1,1.00,60.00,0.00,0,0.00,60.00,40.00,,`;

beforeAll(async () => {
  root = folders.make('tpliq-signalements-');
  const compiled = await tpliq('referential', 'compile', '--from', referential(join(root, 'referential')), '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  day = await runPaperDay(root, 'day', '2026-11-23', [
    consultation('000000101', '2026-11-02', '2026-11-02'), // in time: nothing to say
    consultation('000000102', '2026-11-05', '2026-11-14'), // paper: 8 days → limit 13/11, sent the 14th
    consultation('000000103', '2026-11-03', ''), // no RO date
    session('000000104', '2026-11-04'), session('000000105', '2026-11-05'), session('000000106', '2026-11-06'), // 120.00 of 160.00
    session('000000107', '2026-11-09'), // the last 40.00: 0,00 € left
    consultation('000000108', '2026-11-10', '2026-11-20', '8.00'), // late, but declared wrong: rejected for that alone
  ]);
});

describe('signalements: paid invoices that tell the practitioner something (rules.md §5.2)', () => {
  it('decisions.csv: each is PAID in full with its signalement; the rejected one carries only its rejection', () => {
    expect(day.code, day.stderr).toBe(0);
    const rows = readCsv(join(day.out, 'decisions.csv')).map((d) => [d.invoice_number, d.status, d.paid_amount, d.motives]);
    expect(rows).toEqual([
      ['000000101', 'PAID', '9.00', ''],
      ['000000102', 'PAID', '9.00', 'TRANSMISSION_TARDIVE:Feuille de soins transmise après le délai réglementaire (envoyée le 14/11/2026, limite le 13/11/2026 : 8 jours après le dernier acte du 05/11/2026)'],
      ['000000103', 'PAID', '9.00', "MENTION_MANQUANTE:Rubrique non bloquante absente : date d'élaboration et d'envoi de la facture RO"],
      ['000000104', 'PAID', '40.00', ''],
      ['000000105', 'PAID', '40.00', ''],
      ['000000106', 'PAID', '40.00', ''],
      ['000000107', 'PAID', '40.00', 'PLAFOND_PROCHE:Plafond de garantie bientôt atteint : reste 0,00 € sur 160,00 € en 2026'],
      ['000000108', 'REJECTED', '0.00', 'MONTANT_AMC_DIFFERENT:Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)'],
    ]);
  });

  it('NOEMIE: a paid invoice with a signalement has status S and one 080 of kind S per signalement, and reads back clean', () => {
    const text = readFileSync(join(day.out, 'noemie', `${PS}-20261123.rsp`), 'latin1');
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    const invoices = read.file.groups.flatMap((g) => g.invoices);
    const codes = (n: string): string[] => invoices.find((i) => i.invoiceNumber === n)!.motives.map((m) => m.code);
    expect([codes('000000101'), codes('000000102'), codes('000000103'), codes('000000107'), codes('000000108')]).toEqual([[], ['N001'], ['N002'], ['N003'], ['M002']]);
    expect(invoices.find((i) => i.invoiceNumber === '000000107')!.motives[0]!.label).toContain('RESTE 0,00');
    // The status byte of each 060 (column 77) and the kind of each 080 (column 4), as written.
    const entities = text.split('@').map((e) => e.replace(/^[\r\n]+/, ''));
    const statusOf = (n: string): string | undefined => entities.find((e) => e.startsWith(`060${n}`))?.charAt(76);
    expect(['000000101', '000000102', '000000103', '000000107', '000000108'].map(statusOf)).toEqual(['P', 'S', 'S', 'S', 'R']);
    expect(entities.filter((e) => e.startsWith('080')).map((e) => e.slice(0, 8))).toEqual(['080SN001', '080SN002', '080SN003', '080RM002']);
  });

  it('summary.json: a count per signalement code beside the motives, with what those invoices were paid', () => {
    const summary = JSON.parse(readFileSync(join(day.out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.invoices.paid.count).toBe(7);
    expect(summary.signalements).toEqual({
      MENTION_MANQUANTE: { noemie: 'N002', label: 'Rubrique non bloquante absente', count: 1, paidCents: 900 },
      PLAFOND_PROCHE: { noemie: 'N003', label: 'Plafond de garantie bientôt atteint', count: 1, paidCents: 4000 },
      TRANSMISSION_TARDIVE: { noemie: 'N001', label: 'Feuille de soins transmise après le délai réglementaire', count: 1, paidCents: 900 },
    });
    expect(Object.keys(summary.motives)).toEqual(['MENTION_MANQUANTE', 'MONTANT_AMC_DIFFERENT', 'PLAFOND_PROCHE', 'TRANSMISSION_TARDIVE']);
  });

  it('the day replays byte for byte', async () => {
    const runId = (JSON.parse(readFileSync(join(day.out, 'summary.json'), 'utf8')) as RunSummary).run.runId;
    const replay = await tpliq('replay', runId, '--data', join(root, 'data'), '--scratch', join(root, 'replay'), '--threads', '1');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });
});
