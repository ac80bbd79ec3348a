import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeRecord, type RecordValues } from '../codecs/fixed-width/record-codec.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import type { RunSummary } from '../engine/settle/summary.js';
import { tpliq } from './support/cli-process.js';
import { ADULT, PAPER_AMC, PAPER_PS as PS, writePaperReferential } from './support/paper-days.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * The non-blocking rubrics of R. 161-42 through the real CLI, one invoice per rubric on one day:
 * a paper orthodontie act without its accord préalable reference (6°), an FSE line at 100 % without
 * its exonération justification (9°), a hospital invoice under nature d'assurance 41 without its
 * accident reference (4°) — each PAID with MENTION_MANQUANTE in decisions.csv, NOEMIE (060 status
 * S, 080 of kind S) and summary.json — beside the same acts with the mention, which say nothing.
 * And the compile that refuses a bad value in the new act-domains.csv column.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());
const HOSPITAL = '750712184';
const DATE = '2026-11-23';
let root = '';
let out = '';
let runCode = -1;
let runStderr = '';

const ACT_TABLE = 'act_code,domain,family,ro_reimbursable,accord_prealable\nG,MEDG,MEDECIN,1,0\nC,MEDS,MEDECIN,1,0\nTO,DEOR,DENTAIRE,1,1\n';

const referential = (dir: string, actTable = ACT_TABLE): string => writePaperReferential(dir, {
  name: 'DR FOURNIER PIERRE', specialty: '01', contract: 'TM100',
  guarantees: ['TM100,MEDG,TM,100,,0,1,2020-01-01,', 'TM100,MEDS,TM,100,,0,1,2020-01-01,', 'TM100,DEOR,TM,100,,0,1,2020-01-01,'],
  files: {
    'act-domains.csv': actTable,
    'practitioners.csv': 'billing_id,kind,name,address,iban,bic,email,optam,specialty,channel,convention_from,convention_to\n'
      + `${PS},PS,DR FOURNIER PIERRE,176 RUE NATIONALE 31000 TOULOUSE,FR7630006634399986450845070,AGRIFRPP,,1,01,BOTH,2020-02-01,\n`
      + `${HOSPITAL},ETABLISSEMENT,HOPITAL SAINT-EXEMPLE,1 PLACE DE L'HOPITAL 75004 PARIS,FR7630004000031234567890143,BNPAFRPPXXX,,0,,BOTH,2019-06-01,\n`,
  },
});

// The ADULT beneficiary of the paper days, as the B2 zones hold it.
const BENEFICIARY = { nir: '1880713371037', nirKey: '43', beneficiaryRank: '000' };
const PAPER_HEADER = 'practitioner_id,invoice_number,amc_number,member_number,nir,nir_key,birth_date,birth_rank,ro_sent_date,hors_parcours,pec_number,act_date,act_code,quantity,coefficient,unit_price,base,amo_rate,amo,fee,amc,accord_prealable';
/** An orthodontie act TO (BR 100.00 at 60 %, AMC 40.00 under the 100 % TM guarantee). */
const paperTo = (invoice: string, actDate: string, accordPrealable: string): string =>
  `${PS},${invoice},${ADULT},2026-11-18,0,,${actDate},TO,1,1.00,100.00,100.00,60,60.00,100.00,40.00,${accordPrealable}`;

interface LineSpec { actCode: string; rate: number; amo: number; amc: number; exoCode: string }
const G70: LineSpec = { actCode: 'G', rate: 70, amo: 2100, amc: 900, exoCode: ' ' };

/** One invoice of `layout` (B2 PS or hospital): header values over the common zones, lines of 30.00 €, trailer. */
function invoiceRecords(layout: CompiledLayout, invoiceNumber: string, actDate: number, header: RecordValues, lines: LineSpec[]): string[] {
  const common = { ...BENEFICIARY, invoiceNumber };
  const hospital = layout.profile === 'b2-etablissements';
  const amo = lines.reduce((s, l) => s + l.amo, 0);
  const amc = lines.reduce((s, l) => s + l.amc, 0);
  const trailer: RecordValues = hospital
    ? { totalBasePh: 0, totalAmoPh: 0, totalFeeHon: 3000 * lines.length, totalAmoHon: amo, totalPatientPh: 0, totalAmcPh: 0, totalAmcHon: amc, totalFeePh: 0 }
    : { totalFee: 3000 * lines.length, totalAmo: amo, totalAmc: amc };
  return [
    encodeRecord(layout, '2', { ...common, natureOperation: '1', birthRank: 1, amcNumber: PAPER_AMC, contractType: '', exoCode: ' ', ...header }),
    ...lines.map((l) => encodeRecord(layout, '4', {
      ...common, exoCode: l.exoCode, actDate, actCode: l.actCode, quantity: 1, coefficient: 100, unitPrice: 3000, base: 3000,
      amoRate: l.rate, amo: l.amo, fee: 3000, amcDeclared: l.amc,
    })),
    encodeRecord(layout, '5', { ...common, ...trailer }),
  ];
}

/** A file of one lot from `payee`: envelope records around the invoices. */
function b2File(layout: CompiledLayout, profile: string, payee: string, invoices: string[][]): string {
  const inner = invoices.flat();
  const amc = invoicesAmc(layout, invoices);
  const fee = invoices.reduce((s, records) => s + 3000 * (records.length - 2), 0);
  const lot = [
    encodeRecord(layout, '1', { lotNumber: '001', emitterId: payee, emitterKind: profile === 'B2-ETABLISSEMENTS' ? 'E' : 'P', receiverId: '98532005', constitutionDate: 20261120 }),
    ...inner,
    encodeRecord(layout, '8', { lotNumber: '001', invoiceCount: invoices.length, recordCount: inner.length, totalAmcDeclared: amc, totalFee: fee }),
  ];
  return [
    encodeRecord(layout, '0', { emitterId: payee, receiverId: '98532005', creationDate: 20261120, fileNumber: '00001', normVersion: 'B2', profile }),
    ...lot,
    encodeRecord(layout, '9', { lotCount: 1, recordCount: lot.length + 2, totalAmcDeclared: amc }),
  ].join('\n') + '\n';
}

/** What the invoices' trailers declare for the AMC, as the lot trailer repeats it. */
function invoicesAmc(layout: CompiledLayout, invoices: string[][]): number {
  const field = layout.profile === 'b2-etablissements' ? 'totalAmcHon' : 'totalAmc';
  const f = layout.records.get('5')!.byName.get(field)!;
  return invoices.reduce((s, records) => s + Number(records[records.length - 1]!.slice(f.offset, f.offset + f.length)), 0);
}

beforeAll(async () => {
  root = folders.make('tpliq-rubrics-');
  const compiled = await tpliq('referential', 'compile', '--from', referential(join(root, 'referential')), '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);

  const inbox = join(root, 'inbox');
  mkdirSync(join(inbox, 'paper'), { recursive: true });
  writeFileSync(join(inbox, 'paper', 'paper-0001.csv'), `${PAPER_HEADER}\n${paperTo('000000201', '2026-11-16', '')}\n${paperTo('000000202', '2026-11-17', 'AP12345')}\n`);

  const ps = loadLayout('b2-ps');
  const fse = (invoice: string, actDate: number, lines: LineSpec[], accordPrealable = ''): string[] =>
    invoiceRecords(ps, invoice, actDate, { securingMode: 'V', roSentDate: 20261118, birthDate: 19880721, memberNumber: '0987654321', parcours: '', pecNumber: '', accordPrealable }, lines);
  writeFileSync(join(inbox, 'fse-0001.b2'), b2File(ps, 'B2-PS', PS, [
    fse('000000301', 20261116, [G70, { actCode: 'C', rate: 100, amo: 3000, amc: 0, exoCode: ' ' }]), // 9°: line 2 at 100 %, no justification
    fse('000000302', 20261117, [{ actCode: 'TO', rate: 70, amo: 2100, amc: 900, exoCode: ' ' }], 'AP67890'), // 6° given in the FSE zone
    fse('000000303', 20261118, [{ actCode: 'G', rate: 100, amo: 3000, amc: 0, exoCode: '4' }, G70]), // ALD, justified
  ]));

  const etab = loadLayout('b2-etablissements');
  const stay = (invoice: string, actDate: number, atNumber: string): string[] =>
    invoiceRecords(etab, invoice, actDate, { grandRegime: '01', natureAssurance: '41', atNumber, birthDate: 19880721, contractType: 'CT', exoCode: '0' }, [{ ...G70, actCode: 'C', exoCode: '0' }]);
  writeFileSync(join(inbox, 'etab-0001.b2'), b2File(etab, 'B2-ETABLISSEMENTS', HOSPITAL, [
    stay('000000401', 20261116, ''), // 4°: AT/MP without the accident's number or date
    stay('000000402', 20261117, '000261117'), // AT of 17/11/2026
  ]));

  writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ accountingDate: DATE, files: ['paper/paper-0001.csv', 'fse-0001.b2', 'etab-0001.b2'].map((file) => ({ file, receivedAt: `${DATE}T09:00:00+01:00` })) }));
  out = join(root, 'out');
  const run = await tpliq('run', '--inbox', inbox, '--snapshot', join(root, 'ref.snapshot'), '--date', DATE, '--data', join(root, 'data'), '--out', out, '--quiet', '--threads', '2');
  runCode = run.code;
  runStderr = run.stdout + run.stderr;
});

const MISSING = 'MENTION_MANQUANTE:Rubrique non bloquante absente : ';

describe('non-blocking rubrics of R. 161-42 end to end', () => {
  it('decisions.csv: every invoice PAID in full; the three without their mention say which', () => {
    expect(runCode, runStderr).toBe(0);
    const rows = readCsv(join(out, 'decisions.csv')).map((d) => [d.invoice_number, d.status, d.paid_amount, d.motives]);
    expect(rows.sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['000000201', 'PAID', '40.00', `${MISSING}référence de l'accord préalable (ligne 1)`],
      ['000000202', 'PAID', '40.00', ''],
      ['000000301', 'PAID', '9.00', `${MISSING}justification d'exonération du ticket modérateur (ligne 2 à 100 %)`],
      ['000000302', 'PAID', '9.00', ''],
      ['000000303', 'PAID', '9.00', ''],
      ['000000401', 'PAID', '9.00', `${MISSING}numéro ou date de l'accident du travail (nature d'assurance 41)`],
      ['000000402', 'PAID', '9.00', ''],
    ]);
  });

  it('NOEMIE: status S on the 060 and one 080 of kind S (N002) for each, P for the others; the returns read back clean', () => {
    const statuses: Record<string, string> = {};
    const kinds: string[] = [];
    for (const payee of [PS, HOSPITAL]) {
      const text = readFileSync(join(out, 'noemie', `${payee}-20261123.rsp`), 'latin1');
      expect(readRsp580(text).errors).toEqual([]);
      const entities = text.split('@').map((e) => e.replace(/^[\r\n]+/, ''));
      for (const e of entities.filter((e) => e.startsWith('060'))) statuses[e.slice(3, 12)] = e.charAt(76);
      kinds.push(...entities.filter((e) => e.startsWith('080')).map((e) => e.slice(0, 8)));
    }
    expect(statuses).toEqual({ '000000201': 'S', '000000202': 'P', '000000301': 'S', '000000302': 'P', '000000303': 'P', '000000401': 'S', '000000402': 'P' });
    expect(kinds).toEqual(['080SN002', '080SN002', '080SN002']);
  });

  it('summary.json: three MENTION_MANQUANTE with what those invoices were paid', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.invoices.paid.count).toBe(7);
    expect(summary.signalements).toEqual({ MENTION_MANQUANTE: { noemie: 'N002', label: 'Rubrique non bloquante absente', count: 3, paidCents: 5800 } });
  });

  it('compile refuses a bad accord_prealable value with its code, file, line and column', async () => {
    const bad = referential(join(root, 'bad-referential'), `${ACT_TABLE}AMK,KINE,AUXILIAIRE,1,2\n`);
    const compiled = await tpliq('referential', 'compile', '--from', bad, '--out', join(root, 'bad.snapshot'));
    expect(compiled.code).not.toBe(0);
    expect(compiled.stdout + compiled.stderr).toContain('TPLIQ_REF_BAD_NUMBER act-domains.csv:5 [accord_prealable]');
  });
});
