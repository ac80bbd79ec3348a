import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readActDomainsCsv, type ActDomainCsvRow } from '../codecs/csv/act-domains-csv.js';
import { readAmcCsv, type AmcCsvRow } from '../codecs/csv/amc-csv.js';
import { readBeneficiariesCsv, type BeneficiaryCsvRow } from '../codecs/csv/beneficiaries-csv.js';
import { readGuaranteesCsv, type GuaranteeCsvRow } from '../codecs/csv/guarantees-csv.js';
import { readPecsCsv, type PecCsvRow } from '../codecs/csv/pecs-csv.js';
import { readPractitionersCsv, type PractitionerCsvRow } from '../codecs/csv/practitioners-csv.js';
import { IssueSink } from '../codecs/csv/referential-issue.js';
import type { Beneficiary, Guarantee, Practitioner } from '../engine/domain/referential.js';
import type { DateYmd } from '../engine/domain/units.js';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { defaultActDomainsPath } from '../engine/referential/import-referential.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import type { SnapshotView } from '../engine/referential/snapshot-view.js';
import { writeSyntheticReferential } from '../scripts/measure-referential.js';
import { GOLDEN_FOLDER, removeTemporaryFolders, temporaryFolder } from './fixtures/referential/delivery.js';

afterAll(removeTemporaryFolders);

/**
 * CSV → snapshot → view gives back the domain values of every row. The expected values are built
 * here from the CSV readers' rows (their normalisations are pinned by referential.lookups), with
 * money read independently of engine/money: "90.5" % → 905 000 ppm, "480.5" € → 48 050 cents.
 */

async function rowsOf<R>(
  path: string,
  reader: (source: { path: string; file: string }, issues: IssueSink, onRow: (row: R) => void) => Promise<unknown>,
): Promise<R[]> {
  const rows: R[] = [];
  const issues = new IssueSink();
  await reader({ path, file: path }, issues, (row) => rows.push(row));
  expect(issues.issues()).toEqual([]);
  return rows;
}

/** Decimal text × 10^scaleDigits as an integer, by digits only. */
function scaled(text: string, scaleDigits: number): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole + fraction.padEnd(scaleDigits, '0'));
}

const expectedBeneficiary = (row: BeneficiaryCsvRow): Beneficiary => ({
  amcNumber: row.amcNumber,
  memberNumber: row.memberNumber,
  nir: row.nir,
  nirKey: row.nirKey,
  birthDate: row.birthDate as DateYmd,
  birthRank: row.birthRank,
  card: { from: row.cardFrom as DateYmd, to: row.cardTo as DateYmd },
  rights: row.rights.map((p) => ({ from: p.from as DateYmd, to: p.to as DateYmd })),
  contract: row.contract,
  c2s: row.c2s,
  vitaleOppositionDate: row.vitaleOppositionDate as DateYmd,
});

const expectedPractitioner = (row: PractitionerCsvRow): Practitioner => {
  const { line: _line, ...practitioner } = row;
  return practitioner as Practitioner;
};

const expectedGuarantee = (row: GuaranteeCsvRow): Guarantee =>
  ({
    contract: row.contract,
    domain: row.domain,
    formula: row.formula,
    rate: row.rateText === '' ? 0 : scaled(row.rateText, 4),
    amountCents: row.amountText === '' ? 0 : scaled(row.amountText, 2),
    pecRequired: row.pecRequired,
    responsable: row.responsable,
    validity: { from: row.validFrom, to: row.validTo },
  }) as Guarantee;

async function expectEveryRowBack(folder: string, view: SnapshotView, withPecs: boolean): Promise<void> {
  for (const row of await rowsOf<AmcCsvRow>(join(folder, 'amc.csv'), readAmcCsv)) {
    expect(view.amc(row.amcNumber)).toEqual({ amcNumber: row.amcNumber, name: row.name });
  }
  for (const row of await rowsOf<PractitionerCsvRow>(join(folder, 'practitioners.csv'), readPractitionersCsv)) {
    expect(view.practitioner(row.billingId)).toEqual(expectedPractitioner(row));
  }
  const beneficiaries = await rowsOf<BeneficiaryCsvRow>(join(folder, 'beneficiaries.csv'), readBeneficiariesCsv);
  for (const row of beneficiaries) {
    expect(view.beneficiariesByNir(row.amcNumber, row.nir)).toContainEqual(expectedBeneficiary(row));
  }
  const perNir = new Map<string, number>();
  for (const row of beneficiaries) perNir.set(`${row.amcNumber}/${row.nir}`, (perNir.get(`${row.amcNumber}/${row.nir}`) ?? 0) + 1);
  for (const [key, count] of perNir) {
    const [amc, nir] = key.split('/') as [string, string];
    expect(view.beneficiariesByNir(amc, nir)).toHaveLength(count);
  }
  // The NIRs next to each one (last digit ± 1): found as often as the delivery has them, most not at all.
  for (const row of beneficiaries) {
    for (const delta of [-1, 1]) {
      const last = Number(row.nir.slice(-1)) + delta;
      if (last < 0 || last > 9) continue;
      const nir = row.nir.slice(0, -1) + String(last);
      expect(view.beneficiariesByNir(row.amcNumber, nir)).toHaveLength(perNir.get(`${row.amcNumber}/${nir}`) ?? 0);
    }
  }
  for (const row of await rowsOf<GuaranteeCsvRow>(join(folder, 'guarantees.csv'), readGuaranteesCsv)) {
    expect(view.guarantee(row.contract, row.domain, row.validFrom as DateYmd)).toEqual(expectedGuarantee(row));
    expect(view.guarantee(row.contract, row.domain, row.validTo as DateYmd)).toEqual(expectedGuarantee(row));
  }
  if (withPecs) {
    for (const row of await rowsOf<PecCsvRow>(join(folder, 'pecs.csv'), readPecsCsv)) {
      expect(view.pec(row.pecNumber)).toEqual({
        pecNumber: row.pecNumber,
        amcNumber: row.amcNumber,
        nir: row.nir,
        practitionerId: row.practitionerId,
        domain: row.domain,
        grantedCents: scaled(row.grantedText, 2),
        validity: { from: row.validFrom, to: row.validTo },
      });
    }
  }
  for (const row of await rowsOf<ActDomainCsvRow>(defaultActDomainsPath(), readActDomainsCsv)) {
    expect(view.actDomain(row.actCode)).toEqual({
      actCode: row.actCode,
      domain: row.domain,
      family: row.family,
      roReimbursable: row.roReimbursable,
      needsAccordPrealable: row.needsAccordPrealable,
    });
  }
}

describe('referential round trip: CSV → snapshot → view gives the same domain values', () => {
  it('for every row of the golden delivery', async () => {
    const view = loadSnapshot((await compileReferential(GOLDEN_FOLDER)).bytes);
    await expectEveryRowBack(GOLDEN_FOLDER, view, true);
  });

  it('for every row of a seeded synthetic delivery (families, twins, lunar dates, Corsica, mid-year changes)', async () => {
    const folder = join(temporaryFolder('tpliq-ref-synthetic-'), 'csv');
    writeSyntheticReferential(folder, { beneficiaries: 3_000, practitioners: 300, amcs: 5, contracts: 12, pecs: 50 });
    const compiled = await compileReferential(folder);
    const view = loadSnapshot(compiled.bytes);
    expect(view.counts.beneficiaries).toBe(3_000);
    expect(view.counts.pecs).toBeGreaterThan(0);
    await expectEveryRowBack(folder, view, true);
  });
});
