import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import type { RunSummary } from '../engine/settle/summary.js';
import { tpliq } from './support/cli-process.js';
import { claimLot, claimsFile, type ClaimSpec } from './support/c2s-claims-file.js';
import { openInChromium } from './support/headless-chromium.js';
import { pain001Problems } from './support/pain001-validity.js';
import { rowsOf } from './support/report-reading.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * C2S with the AMO as single interlocutor (seeds 000/001, D. 861-4 … D. 861-6), through the real
 * CLI on Monday 23 November 2026 (execution date the same day). A fund paid practitioners both
 * parts and claims the complementary part: each claim is checked against the rights, liquidated,
 * and paid to the fund — increased by 10 % when paid after its due date or under formal notice.
 */
const folders = new TempFolders();
afterAll(() => folders.removeAll());

const AMC = '0679200223';
const FUND = '011751234';
const UNKNOWN_FUND = '011691000';
const TREATING = '504746942';
const C2S_ADULT = { nir: '1880713371037', nirKey: '43', birthDate: 19880721 };
const NOT_C2S = { nir: '121112A754200', nirKey: '14', birthDate: 20211114 };
const OPPOSED = { nir: '2850375123456', nirKey: '88', birthDate: 19850301 };

/** A G consultation at 30.00 (AMO 70 % = 21.00, the C2S TM 9.00), claimed by the fund. */
const claim = (invoiceNumber: string, over: Partial<ClaimSpec>): ClaimSpec => ({
  invoiceNumber, ...C2S_ADULT, amcNumber: AMC, treatingPractitionerId: TREATING, transmission: 'F', startDate: 20261118,
  actDate: 20261116, baseCents: 3000, amoCents: 2100, amcCents: 900, ...over,
});

let root = '';
let out = '';
let code = -1;
let stderr = '';

beforeAll(async () => {
  root = folders.make('tpliq-c2s-');
  const ref = join(root, 'referential');
  mkdirSync(ref, { recursive: true });
  writeFileSync(join(ref, 'amc.csv'), `amc_number,name\n${AMC},MUTUELLE DES PAYS DE LOIRE SANTE\n`);
  writeFileSync(join(ref, 'practitioners.csv'), 'billing_id,kind,name,address,iban,bic,email,optam,specialty,channel,convention_from,convention_to\n'
    + `${TREATING},PS,DR FOURNIER PIERRE,176 RUE NATIONALE 31000 TOULOUSE,FR7630006634399986450845070,AGRIFRPP,,1,01,BOTH,2020-02-01,\n`
    + `${FUND},CAISSE,CPAM DE PARIS,21 RUE GEORGES AURIC 75019 PARIS,FR7630006000011234567890189,AGRIFRPP,,0,,EDI,2020-01-01,\n`);
  writeFileSync(join(ref, 'beneficiaries.csv'), 'amc_number,member_number,nir,nir_key,birth_date,birth_rank,name,card_from,card_to,contract,c2s,vitale_opposition_date,rights\n'
    + `${AMC},0987654321,1880713371037,43,1988-07-21,1,LEGRAND PATRICK,2026-01-01,2026-12-31,C2S,1,,2017-01-01..\n`
    + `${AMC},0987654321,121112A754200,14,2021-11-14,1,LEGRAND ERIC,2026-01-01,2026-12-31,C2S,0,,2017-01-01..\n`
    + `${AMC},0987654322,2850375123456,88,1985-03-01,1,MARTIN ALICE,2026-01-01,2026-12-31,C2S,1,2026-11-01,2017-01-01..\n`);
  writeFileSync(join(ref, 'guarantees.csv'), 'contract,domain,formula,rate,amount,pec_required,responsable,valid_from,valid_to\nC2S,MEDE,TM,100,,0,1,2020-01-01,\n');
  const compiled = await tpliq('referential', 'compile', '--from', ref, '--out', join(root, 'ref.snapshot'));
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);

  const inbox = join(root, 'inbox');
  mkdirSync(inbox, { recursive: true });
  writeFileSync(join(inbox, 'cpam-paris.b2'), claimsFile(FUND, [
    claimLot('001', FUND, [
      claim('700000001', { startDate: 20261118 }), // FSE, ARL 18/11 → due 25/11: in time
      claim('700000002', { startDate: 20261110, actDate: 20261106 }), // FSE, ARL 10/11 → due 17/11: late, +0,90
      claim('700000003', { transmission: 'P', startDate: 20261101, actDate: 20261030 }), // paper sent 01/11 → due 22/11: late
      claim('700000004', { transmission: 'P', startDate: 20261101, actDate: 20261029, wrongFund: true }), // +15 days → due 07/12
      claim('700000005', { startDate: 20261120, actDate: 20261119, formalNoticeDate: 20261121 }), // in time, but under formal notice
      claim('700000006', { ...NOT_C2S }), // not under C2S at this AMC
      claim('700000007', { startDate: 20261110, actDate: 20261106, baseCents: 3050, amoCents: 2135, amcCents: 915 }), // late: 0,915 → 0,92
      claim('700000008', { ...OPPOSED, actDate: 20261105 }), // Vitale card on the opposition list since 01/11
    ]),
    claimLot('002', UNKNOWN_FUND, [claim('800000001', {})]),
  ]));
  writeFileSync(join(inbox, 'manifest.json'), JSON.stringify({ accountingDate: '2026-11-23', files: [{ file: 'cpam-paris.b2', receivedAt: '2026-11-23T09:00:00+01:00' }] }));
  out = join(root, 'out');
  const r = await tpliq('run', '--inbox', inbox, '--snapshot', join(root, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(root, 'data'), '--out', out, '--quiet', '--threads', '2');
  code = r.code;
  stderr = r.stderr;
});

describe('C2S claims of an AMO fund (D. 861-4 … D. 861-6)', () => {
  it('decisions.csv: each claim is judged on the rights, paid whole, and increased by 10 % when late or under formal notice', () => {
    expect(code, stderr).toBe(0);
    const rows = readCsv(join(out, 'decisions.csv')).map((d) => [d.invoice_number, d.status, d.paid_amount, d.motives]);
    expect(rows).toEqual([
      ['700000001', 'PAID', '9.00', ''],
      ['700000002', 'PAID', '9.90', "MAJORATION_C2S:Majoration de 10 % : 0,90 € (paiement le 23/11/2026 après l'échéance du 17/11/2026)"],
      ['700000003', 'PAID', '9.90', "MAJORATION_C2S:Majoration de 10 % : 0,90 € (paiement le 23/11/2026 après l'échéance du 22/11/2026)"],
      ['700000004', 'PAID', '9.00', ''],
      ['700000005', 'PAID', '9.90', 'MAJORATION_C2S:Majoration de 10 % : 0,90 € (mise en demeure reçue le 21/11/2026)'],
      ['700000006', 'REJECTED', '0.00', 'C2S_NON_OUVERTE:Bénéficiaire sans complémentaire santé solidaire'],
      ['700000007', 'PAID', '10.07', "MAJORATION_C2S:Majoration de 10 % : 0,92 € (paiement le 23/11/2026 après l'échéance du 17/11/2026)"],
      ['700000008', 'REJECTED', '0.00', 'OPPOSITION_VITALE:Carte Vitale en opposition depuis le 01/11/2026'],
      ['800000001', 'REJECTED', '0.00', `CAISSE_INCONNUE:Caisse d'assurance maladie inconnue (${UNKNOWN_FUND})`],
    ]);
  });

  it('the SEPA file pays the fund one transfer for the day, increases included, valid against the EPC schema', async () => {
    const xml = readFileSync(join(out, 'sepa', 'pain001-20261123.xml'), 'utf8');
    expect(await pain001Problems([xml])).toEqual([[]]);
    expect(xml.match(/<CdtTrfTxInf>/g)).toHaveLength(1);
    expect(xml).toContain('<Nm>CPAM DE PARIS</Nm>');
    expect(xml).toContain('<IBAN>FR7630006000011234567890189</IBAN>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">57.77</InstdAmt>');
    expect(xml).toContain(`TPLIQ-20261123-${FUND}`);
  });

  it('the fund gets the NOEMIE return of its claims, the increases as signalements', () => {
    const read = readRsp580(readFileSync(join(out, 'noemie', `${FUND}-20261123.rsp`), 'latin1'));
    expect(read.errors).toEqual([]);
    const invoices = read.file.groups.flatMap((g) => g.invoices);
    expect(invoices.map((i) => [i.invoiceNumber, i.motives.map((m) => m.code).join('|')])).toEqual([
      ['700000001', ''], ['700000002', 'N004'], ['700000003', 'N004'], ['700000004', ''], ['700000005', 'N004'],
      ['700000006', 'B007'], ['700000007', 'N004'], ['700000008', 'B005'],
    ]);
    // Each increase in its 067, with the claim's due date; the 070s say the care, without it.
    expect(invoices.filter((i) => i.c2sIncrease !== undefined).map((i) => [i.invoiceNumber, i.c2sIncrease!.increaseCents, i.c2sIncrease!.dueDate, i.paidCents, i.acts?.[0]?.amcCents]))
      .toEqual([['700000002', 90, 20261117, 990, 900], ['700000003', 90, 20261122, 990, 900], ['700000005', 90, 20261127, 990, 900], ['700000007', 92, 20261117, 1007, 915]]);
  });

  it('summary.json: the C2S claims per fund, late payments and increases', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.c2s).toEqual({
      [FUND]: {
        claims: 8,
        paid: { count: 6, claimedCents: 5415, paidCents: 5777 },
        rejected: { count: 2, claimedCents: 1800 },
        late: { count: 3, paidCents: 2987 },
        increased: { count: 4, increaseCents: 362 },
      },
      [UNKNOWN_FUND]: {
        claims: 1,
        paid: { count: 0, claimedCents: 0, paidCents: 0 },
        rejected: { count: 1, claimedCents: 900 },
        late: { count: 0, paidCents: 0 },
        increased: { count: 0, increaseCents: 0 },
      },
    });
    expect(summary.channels['C2S']).toMatchObject({ count: 9, paid: { count: 6, paidCents: 5777 } });
    expect(summary.signalements?.['MAJORATION_C2S']).toEqual({ noemie: 'N004', label: 'Majoration', count: 4, paidCents: 3977 });
  });

  it('tpliq validate finds the claims file clean; tpliq inspect shows each claim\'s fields under the c2s-amo profile', async () => {
    const file = join(root, 'inbox', 'cpam-paris.b2');
    const validated = await tpliq('validate', file);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const inspected = JSON.parse((await tpliq('inspect', '--json', file)).stdout) as { records: Array<{ role: string; values: Record<string, unknown> }> };
    const headers = inspected.records.filter((r) => r.role === 'invoice-header');
    expect(headers).toHaveLength(9);
    expect(headers[3]!.values).toMatchObject({ treatingPractitionerId: TREATING, c2sTransmission: 'P', c2sStartDate: 20261101, c2sWrongFund: '1' });
    expect(headers[4]!.values).toMatchObject({ c2sTransmission: 'F', c2sStartDate: 20261120, c2sFormalNoticeDate: 20261121 });
    // NIRs are masked unless asked for, as for every B2 file.
    expect(JSON.stringify(inspected)).not.toContain(C2S_ADULT.nir);
  });

  it('report.html, opened in headless Chromium, shows the funds\' claims as summary.json counts them', async () => {
    const rows = rowsOf((await openInChromium(join(out, 'report.html'))).dom, 'c2s', 'fund');
    expect(rows.get(FUND)).toEqual({
      fund: FUND, 'claim-count': '8', 'paid-count': '6', 'paid-amount': '57,77 €', 'late-count': '3', 'increased-count': '4', 'increase-amount': '3,62 €', 'rejected-count': '2',
    });
    expect(rows.get(UNKNOWN_FUND)?.['rejected-count']).toBe('1');
  });

  it('the day replays byte for byte', async () => {
    const runId = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary).run.runId;
    const replay = await tpliq('replay', runId, '--data', join(root, 'data'), '--scratch', join(root, 'replay'), '--threads', '1');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });
});
