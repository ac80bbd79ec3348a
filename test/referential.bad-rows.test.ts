import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReferentialIssue } from '../codecs/csv/referential-issue.js';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { importReferential } from '../engine/referential/import-referential.js';
import { ReferentialImportError } from '../engine/referential/referential-errors.js';
import {
  appendLines,
  editedDelivery,
  goldenLine,
  removeTemporaryFolders,
  replaceLine,
  withField,
  type FileEdits,
} from './fixtures/referential/delivery.js';

afterAll(removeTemporaryFolders);

async function issuesOf(folder: string): Promise<ReferentialIssue[]> {
  const imported = await importReferential(folder);
  if (imported.ok) throw new Error('expected the import to fail');
  return imported.issues;
}

const BENEFICIARY = goldenLine('beneficiaries.csv', 2);
const PRACTITIONER = goldenLine('practitioners.csv', 4);
const GUARANTEE = goldenLine('guarantees.csv', 2);
const PEC = goldenLine('pecs.csv', 3);

// Column positions in the golden files.
const B = { amc: 0, member: 1, nir: 2, nirKey: 3, birth: 4, rank: 5, name: 6, cardFrom: 7, cardTo: 8, contract: 9, c2s: 10, opposition: 11, rights: 12 };
const P = { billingId: 0, kind: 1, name: 2, optam: 7, specialty: 8, channel: 9, conventionFrom: 10 };
const G = { contract: 0, domain: 1, formula: 2, rate: 3, amount: 4, validFrom: 7 };
const C = { number: 0, amc: 1, nir: 2, practitioner: 3, granted: 5 };

interface BadRowCase {
  name: string;
  edits: FileEdits;
  expected: Pick<ReferentialIssue, 'code' | 'file' | 'line' | 'column'>;
}

const cases: BadRowCase[] = [
  {
    name: 'a required file is missing',
    edits: { 'guarantees.csv': () => null },
    expected: { code: 'TPLIQ_REF_MISSING_FILE', file: 'guarantees.csv', line: 0, column: '' },
  },
  {
    name: 'a required column is missing from the header',
    edits: { 'amc.csv': () => ['amc_number', '12345678', '87654321', '99999997'] },
    expected: { code: 'TPLIQ_REF_MISSING_COLUMN', file: 'amc.csv', line: 1, column: 'name' },
  },
  {
    name: 'a file uses ";" as separator',
    edits: { 'amc.csv': (lines) => lines.map((line) => line.replace(',', ';')) },
    expected: { code: 'TPLIQ_REF_MISSING_COLUMN', file: 'amc.csv', line: 1, column: 'amc_number' },
  },
  {
    name: 'a row has more fields than the header (unquoted comma)',
    edits: { 'amc.csv': appendLines('11111111,Mutuelle, Gamma') },
    expected: { code: 'TPLIQ_REF_COLUMN_COUNT', file: 'amc.csv', line: 5, column: '' },
  },
  {
    name: 'a quote is never closed',
    edits: { 'amc.csv': appendLines('11111111,"Mutuelle Gamma') },
    expected: { code: 'TPLIQ_REF_CSV_SYNTAX', file: 'amc.csv', line: 5, column: '' },
  },
  {
    name: 'a required value is empty',
    edits: { 'practitioners.csv': replaceLine(4, withField(PRACTITIONER, P.name, '')) },
    expected: { code: 'TPLIQ_REF_MISSING_VALUE', file: 'practitioners.csv', line: 4, column: 'name' },
  },
  {
    name: 'a date does not exist',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.cardFrom, '2026-02-30')) },
    expected: { code: 'TPLIQ_REF_BAD_DATE', file: 'beneficiaries.csv', line: 2, column: 'card_from' },
  },
  {
    name: 'a date is written dd/mm/yyyy',
    edits: { 'practitioners.csv': replaceLine(4, withField(PRACTITIONER, P.conventionFrom, '15/03/2021')) },
    expected: { code: 'TPLIQ_REF_BAD_DATE', file: 'practitioners.csv', line: 4, column: 'convention_from' },
  },
  {
    name: 'a birth month is beyond 12 (lunar dates only allow 00)',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.birth, '1985-13-01')) },
    expected: { code: 'TPLIQ_REF_BAD_DATE', file: 'beneficiaries.csv', line: 2, column: 'birth_date' },
  },
  {
    name: 'a birth rank is not a digit',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.rank, 'A')) },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'beneficiaries.csv', line: 2, column: 'birth_rank' },
  },
  {
    name: 'a flag is neither 0 nor 1',
    edits: { 'beneficiaries.csv': replaceLine(3, withField(goldenLine('beneficiaries.csv', 3), B.c2s, 'oui')) },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'beneficiaries.csv', line: 3, column: 'c2s' },
  },
  {
    name: 'a rate is not a decimal percent',
    edits: { 'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.rate, '90.5%')) },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'guarantees.csv', line: 2, column: 'rate' },
  },
  {
    name: 'a rate has more decimals than RatePpm holds',
    edits: { 'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.rate, '90.00001')) },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'guarantees.csv', line: 2, column: 'rate' },
  },
  {
    name: 'an amount has three decimals',
    edits: { 'guarantees.csv': replaceLine(8, 'STD,DEPR,FORFAIT,,150.005,0,1,2026-01-01,') },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'guarantees.csv', line: 8, column: 'amount' },
  },
  {
    name: 'a percentage formula has no rate',
    edits: { 'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.rate, '')) },
    expected: { code: 'TPLIQ_REF_MISSING_VALUE', file: 'guarantees.csv', line: 2, column: 'rate' },
  },
  {
    name: 'a formula is not one of the codes',
    edits: { 'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.formula, 'STS053')) },
    expected: { code: 'TPLIQ_REF_BAD_ENUM', file: 'guarantees.csv', line: 2, column: 'formula' },
  },
  {
    name: 'a practitioner kind is not one of the codes',
    edits: { 'practitioners.csv': replaceLine(4, withField(PRACTITIONER, P.kind, 'MEDECIN')) },
    expected: { code: 'TPLIQ_REF_BAD_ENUM', file: 'practitioners.csv', line: 4, column: 'kind' },
  },
  {
    name: 'a NIR key does not match its NIR',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.nirKey, '58')) },
    expected: { code: 'TPLIQ_REF_BAD_NIR_KEY', file: 'beneficiaries.csv', line: 2, column: 'nir_key' },
  },
  {
    name: 'a NIR is too short',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.nir, '185047512345')) },
    expected: { code: 'TPLIQ_REF_BAD_NIR', file: 'beneficiaries.csv', line: 2, column: 'nir' },
  },
  {
    name: 'a billing number fails its Luhn key',
    edits: { 'practitioners.csv': replaceLine(4, withField(PRACTITIONER, P.billingId, '991023764')) },
    expected: { code: 'TPLIQ_REF_BAD_IDENTIFIER', file: 'practitioners.csv', line: 4, column: 'billing_id' },
  },
  {
    name: 'a fund (CAISSE) code is not 9 digits',
    edits: { 'practitioners.csv': replaceLine(4, withField(withField(PRACTITIONER, P.kind, 'CAISSE'), P.billingId, '01175123')) },
    expected: { code: 'TPLIQ_REF_BAD_IDENTIFIER', file: 'practitioners.csv', line: 4, column: 'billing_id' },
  },
  {
    name: 'a domain code has the wrong shape',
    edits: { 'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.domain, 'medg')) },
    expected: { code: 'TPLIQ_REF_BAD_VALUE', file: 'guarantees.csv', line: 2, column: 'domain' },
  },
  {
    name: 'a card ends before it starts',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.cardTo, '2025-12-31')) },
    expected: { code: 'TPLIQ_REF_BAD_PERIOD', file: 'beneficiaries.csv', line: 2, column: 'card_to' },
  },
  {
    name: 'two rights periods of one row overlap',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.rights, '2026-01-01..2026-06-30|2026-06-01..')) },
    expected: { code: 'TPLIQ_REF_BAD_PERIOD', file: 'beneficiaries.csv', line: 2, column: 'rights' },
  },
  {
    name: 'a rights period is not written from..to',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.rights, '2026-01-01/2026-06-30')) },
    expected: { code: 'TPLIQ_REF_BAD_PERIOD', file: 'beneficiaries.csv', line: 2, column: 'rights' },
  },
  {
    name: 'two versions of one guarantee overlap',
    edits: { 'guarantees.csv': appendLines('STD,MEDG,TM,80,,0,1,2026-06-15,2026-06-20') },
    expected: { code: 'TPLIQ_REF_OVERLAPPING_PERIODS', file: 'guarantees.csv', line: 13, column: 'valid_from' },
  },
  {
    name: 'a practitioner appears twice',
    edits: { 'practitioners.csv': appendLines(PRACTITIONER) },
    expected: { code: 'TPLIQ_REF_DUPLICATE_KEY', file: 'practitioners.csv', line: 5, column: 'billing_id' },
  },
  {
    name: 'a beneficiary card entry appears twice (names may differ)',
    edits: { 'beneficiaries.csv': appendLines(withField(BENEFICIARY, B.name, 'DUPONT Jean-Pierre')) },
    expected: {
      code: 'TPLIQ_REF_DUPLICATE_KEY',
      file: 'beneficiaries.csv',
      line: 10,
      column: 'amc_number+nir+birth_date+birth_rank+member_number+card_from',
    },
  },
  {
    name: 'a guarantee version appears twice',
    edits: { 'guarantees.csv': appendLines(GUARANTEE) },
    expected: { code: 'TPLIQ_REF_DUPLICATE_KEY', file: 'guarantees.csv', line: 13, column: 'contract+domain+valid_from' },
  },
  {
    name: 'a PEC number appears twice',
    edits: { 'pecs.csv': appendLines(PEC) },
    expected: { code: 'TPLIQ_REF_DUPLICATE_KEY', file: 'pecs.csv', line: 4, column: 'pec_number' },
  },
  {
    name: 'a beneficiary belongs to an AMC not in amc.csv',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.amc, '11111111')) },
    expected: { code: 'TPLIQ_REF_UNKNOWN_AMC', file: 'beneficiaries.csv', line: 2, column: 'amc_number' },
  },
  {
    name: 'a beneficiary has a contract without guarantees',
    edits: { 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.contract, 'GOLD')) },
    expected: { code: 'TPLIQ_REF_UNKNOWN_CONTRACT', file: 'beneficiaries.csv', line: 2, column: 'contract' },
  },
  {
    name: 'a PEC names a beneficiary not under its AMC',
    edits: { 'pecs.csv': replaceLine(3, withField(PEC, C.nir, '2951099126111')) },
    expected: { code: 'TPLIQ_REF_UNKNOWN_BENEFICIARY', file: 'pecs.csv', line: 3, column: 'nir' },
  },
  {
    name: 'a PEC names an unknown practitioner',
    edits: { 'pecs.csv': replaceLine(3, withField(PEC, C.practitioner, '991086265')) },
    expected: { code: 'TPLIQ_REF_UNKNOWN_PRACTITIONER', file: 'pecs.csv', line: 3, column: 'practitioner_id' },
  },
  {
    name: 'a PEC names an unknown AMC',
    edits: { 'pecs.csv': replaceLine(3, withField(PEC, C.amc, '11111111')) },
    expected: { code: 'TPLIQ_REF_UNKNOWN_AMC', file: 'pecs.csv', line: 3, column: 'amc_number' },
  },
  {
    name: 'an act family is not one of the families',
    edits: { 'act-domains.csv': () => ['act_code,domain,family,ro_reimbursable', 'G,MEDG,MEDECIN,1', 'AMI,INFI,INFIRMIER,1'] },
    expected: { code: 'TPLIQ_REF_BAD_ENUM', file: 'act-domains.csv', line: 3, column: 'family' },
  },
  {
    name: 'an accord_prealable flag is not 0 or 1',
    edits: { 'act-domains.csv': () => ['act_code,domain,family,ro_reimbursable,accord_prealable', 'G,MEDG,MEDECIN,1,', 'TO,DEOR,DENTAIRE,1,oui'] },
    expected: { code: 'TPLIQ_REF_BAD_NUMBER', file: 'act-domains.csv', line: 3, column: 'accord_prealable' },
  },
];

describe('referential import reports every bad row with file, line and column', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.expected.code} at ${c.expected.file}:${c.expected.line} [${c.expected.column}]`, async () => {
      const issues = await issuesOf(editedDelivery(c.edits));
      expect(issues).toContainEqual(expect.objectContaining(c.expected));
      for (const issue of issues) expect(issue.reason.length).toBeGreaterThan(0);
    });
  }

  it('reports a Latin-1 (Windows) export as a bad encoding, not as mangled text', async () => {
    const folder = editedDelivery();
    const latin1 = Buffer.from('amc_number,name\n12345678,Mutuelle Alpha\n87654321,Mutuelle B\xeata\n99999997,AMC\n', 'latin1');
    writeFileSync(join(folder, 'amc.csv'), latin1);
    const issues = await issuesOf(folder);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'TPLIQ_REF_BAD_ENCODING', file: 'amc.csv', line: 3, column: 'name' }));
  });

  it('counts physical lines: a quoted value on two lines and a blank line push later rows down', async () => {
    const folder = editedDelivery({
      'practitioners.csv': (lines) => [
        lines[0]!,
        '991084948,PS,Dr Claire Lefèvre,"12 rue de la Paix\n75002 Paris",FR76,AGRIFRPP,,1,01,EDI,2020-01-01,',
        '',
        lines[2]!,
        withField(PRACTITIONER, P.optam, '2'),
      ],
    });
    const issues = await issuesOf(folder);
    expect(issues).toEqual([expect.objectContaining({ code: 'TPLIQ_REF_BAD_NUMBER', file: 'practitioners.csv', line: 6, column: 'optam' })]);
  });

  it('counts lines the same in a Windows (CRLF) file', async () => {
    const folder = editedDelivery({
      'beneficiaries.csv': (lines) => replaceLine(3, withField(goldenLine('beneficiaries.csv', 3), B.nirKey, '99'))(lines).map((line) => `${line}\r`),
    });
    const issues = await issuesOf(folder);
    expect(issues).toEqual([expect.objectContaining({ code: 'TPLIQ_REF_BAD_NIR_KEY', file: 'beneficiaries.csv', line: 3, column: 'nir_key' })]);
  });

  it('reports every defect of one row, not only the first', async () => {
    const bad = withField(withField(withField(BENEFICIARY, B.nirKey, '58'), B.cardFrom, '2026-13-01'), B.c2s, 'x');
    const issues = await issuesOf(editedDelivery({ 'beneficiaries.csv': replaceLine(2, bad) }));
    expect(issues.filter((issue) => issue.line === 2).map((issue) => issue.column)).toEqual(['c2s', 'card_from', 'nir_key']);
  });

  it('collects the issues of every file, in file order then line order, and drops no row quietly', async () => {
    const folder = editedDelivery({
      'amc.csv': appendLines('ABC,Mutuelle Gamma'),
      'beneficiaries.csv': (lines) => [lines[0]!, withField(BENEFICIARY, B.nirKey, '58'), ...lines.slice(2, 5), withField(BENEFICIARY, B.birth, '1985-4-12')],
      'pecs.csv': replaceLine(2, withField(goldenLine('pecs.csv', 2), C.granted, '-10')),
    });
    const issues = await issuesOf(folder);
    expect(issues.map((issue) => `${issue.file}:${issue.line}:${issue.code}`)).toEqual([
      'amc.csv:5:TPLIQ_REF_BAD_VALUE',
      'beneficiaries.csv:2:TPLIQ_REF_BAD_NIR_KEY',
      'beneficiaries.csv:6:TPLIQ_REF_BAD_DATE',
      'pecs.csv:2:TPLIQ_REF_BAD_NUMBER',
    ]);
  });

  it('makes compile fail loudly: one error listing every issue with its place', async () => {
    const folder = editedDelivery({
      'practitioners.csv': replaceLine(4, withField(PRACTITIONER, P.channel, 'FAX')),
      'guarantees.csv': replaceLine(2, withField(GUARANTEE, G.validFrom, '2026-07-32')),
    });
    const failure = await compileReferential(folder).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ReferentialImportError);
    const error = failure as ReferentialImportError;
    expect(error.code).toBe('TPLIQ_REF_INVALID');
    expect(error.issues).toHaveLength(2);
    expect(error.message).toContain('TPLIQ_REF_BAD_DATE guarantees.csv:2 [valid_from]');
    expect(error.message).toContain('TPLIQ_REF_BAD_ENUM practitioners.csv:4 [channel]');
  });

  it('keeps at most 10 000 issues per file and says how many more there were', async () => {
    const badRows = Array.from({ length: 10_005 }, (_, i) => `X${i},Mutuelle ${i}`);
    const issues = await issuesOf(editedDelivery({ 'amc.csv': appendLines(...badRows) }));
    const amcIssues = issues.filter((issue) => issue.file === 'amc.csv');
    expect(amcIssues).toHaveLength(10_001);
    expect(amcIssues[10_000]).toMatchObject({ code: 'TPLIQ_REF_TOO_MANY_ISSUES', line: 0 });
    expect(amcIssues[10_000]!.reason).toContain('5 more issues');
  });

  it('never repeats a NIR or a birth date in an issue, even a malformed one (health data)', async () => {
    const nir = '18504751234567';
    const birth = '1985-13-01';
    const folder = editedDelivery({ 'beneficiaries.csv': replaceLine(2, withField(withField(BENEFICIARY, B.nir, nir), B.birth, birth)) });
    const issues = await issuesOf(folder);
    expect(issues.map((i) => i.code).sort()).toEqual(['TPLIQ_REF_BAD_DATE', 'TPLIQ_REF_BAD_NIR']);
    for (const issue of issues) {
      expect(issue.reason).not.toContain(nir);
      expect(issue.reason).not.toContain(birth);
    }
    const unknown = '2990175123456';
    const pecIssues = await issuesOf(editedDelivery({ 'pecs.csv': replaceLine(3, withField(PEC, C.nir, unknown)), 'beneficiaries.csv': replaceLine(2, withField(BENEFICIARY, B.nir, nir)) }));
    expect(pecIssues.map((i) => `${i.file}:${i.code}`)).toContain('pecs.csv:TPLIQ_REF_UNKNOWN_BENEFICIARY');
    for (const issue of pecIssues) expect(issue.reason).not.toMatch(new RegExp(`${unknown}|${nir}`));
  });

  it('reports a missing folder as such', async () => {
    const issues = await issuesOf('/nonexistent/tpliq/referential');
    expect(issues).toEqual([expect.objectContaining({ code: 'TPLIQ_REF_MISSING_FILE', line: 0 })]);
  });

  it('accepts the golden delivery without any issue (the cases above fail for their edit alone)', async () => {
    const imported = await importReferential(editedDelivery());
    expect(imported.ok ? [] : imported.issues).toEqual([]);
  });
});
