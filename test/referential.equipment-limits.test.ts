import { afterAll, describe, expect, it } from 'vitest';
import type { ReferentialIssue } from '../codecs/csv/referential-issue.js';
import { decodeSnapshotFile, SNAPSHOT_VERSION } from '../codecs/proto/referential-proto.js';
import type { DateYmd } from '../engine/domain/units.js';
import { compileReferential } from '../engine/referential/compile-snapshot.js';
import { DEFAULT_EQUIPMENT_MAXIMA_NAME, importReferential } from '../engine/referential/import-referential.js';
import { loadSnapshot } from '../engine/referential/load-snapshot.js';
import { editedDelivery, GOLDEN_FOLDER, removeTemporaryFolders } from './fixtures/referential/delivery.js';

afterAll(removeTemporaryFolders);

const LIMITS_HEADER = 'act_code,kind,class,lens_grade,price_limit,valid_from,valid_to';
/** A classification as an operator would deliver it: optique A and B, audio I and II, dental. */
const LIMITS = [
  LIMITS_HEADER,
  '2203240,LENS,B,SIMPLE,,2020-01-01,',
  '2227038,LENS,B,TRES_COMPLEXE,,2020-01-01,',
  '2223342,FRAME,B,,,2020-01-01,',
  '2210546,LENS,A,,32.50,2020-01-01,2025-12-31',
  '2210546,LENS,A,,34.00,2026-01-01,',
  '2210173,FRAME,A,,30.00,2020-01-01,',
  '2355084,HEARING_AID,I,,950.00,2021-01-01,',
  '2335791,HEARING_AID,II,,,2021-01-01,',
  'HBLD634,DENTAL_PROSTHESIS,100S,,500.00,2020-01-01,',
  'HBLD036,DENTAL_PROSTHESIS,OTHER,,,2020-01-01,',
];
const withLimits = (rows: string[] = LIMITS): string => editedDelivery({ 'equipment-limits.csv': () => rows });

async function issuesOf(folder: string): Promise<Pick<ReferentialIssue, 'code' | 'file' | 'line' | 'column'>[]> {
  const imported = await importReferential(folder);
  if (imported.ok) throw new Error('expected the import to fail');
  return imported.issues.map(({ code, file, line, column }) => ({ code, file, line, column }));
}

describe('equipment-limits.csv: the 100 % Santé classification in the snapshot', () => {
  it('answers by exact code and date of care, with the version in force that day', async () => {
    const view = loadSnapshot((await compileReferential(withLimits())).bytes);
    expect(view.equipmentItem('2210546', 20251231 as DateYmd)?.priceLimitCents).toBe(3250);
    expect(view.equipmentItem('2210546', 20260101 as DateYmd)?.priceLimitCents).toBe(3400);
    expect(view.equipmentItem('2203240', 20261112 as DateYmd)).toEqual({
      actCode: '2203240',
      kind: 'LENS',
      santeClass: 'B',
      lensGrade: 'SIMPLE',
      priceLimitCents: 0,
      validity: { from: 20200101, to: 99991231 },
    });
    expect(view.equipmentItem('2355084', 20201231 as DateYmd)).toBeUndefined();
    expect(view.equipmentItem('G', 20261112 as DateYmd)).toBeUndefined();
  });

  it('carries the built-in R871-2 maxima when the delivery classifies equipment and ships none', async () => {
    const compiled = await compileReferential(withLimits());
    const file = decodeSnapshotFile(compiled.bytes);
    expect(file.version).toBe(SNAPSHOT_VERSION);
    expect(file.sources.map((s) => s.name)).toContain(DEFAULT_EQUIPMENT_MAXIMA_NAME);
    const view = loadSnapshot(compiled.bytes);
    const at = 20261112 as DateYmd;
    expect(view.equipmentMaximumCents('OPTIQUE_B_SIMPLE_SIMPLE', at)).toBe(42_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_SIMPLE_COMPLEXE', at)).toBe(56_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_COMPLEXE_COMPLEXE', at)).toBe(70_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_SIMPLE_TRES_COMPLEXE', at)).toBe(61_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_COMPLEXE_TRES_COMPLEXE', at)).toBe(75_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE', at)).toBe(80_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_FRAME', at)).toBe(10_000);
    expect(view.equipmentMaximumCents('AUDIO_II_AID', at)).toBe(170_000);
  });

  it("takes the operator's equipment-maxima.csv over the built-in one", async () => {
    const folder = editedDelivery({
      'equipment-limits.csv': () => LIMITS,
      'equipment-maxima.csv': () => ['limit,maximum,valid_from,valid_to', 'OPTIQUE_B_FRAME,90,2020-01-01,2026-12-31', 'OPTIQUE_B_FRAME,110,2027-01-01,'],
    });
    const view = loadSnapshot((await compileReferential(folder)).bytes);
    expect(view.equipmentMaximumCents('OPTIQUE_B_FRAME', 20261231 as DateYmd)).toBe(9_000);
    expect(view.equipmentMaximumCents('OPTIQUE_B_FRAME', 20270101 as DateYmd)).toBe(11_000);
    expect(view.equipmentMaximumCents('AUDIO_II_AID', 20270101 as DateYmd)).toBeUndefined();
  });

  it('adds no built-in maxima to a delivery without equipment', async () => {
    const compiled = await compileReferential(GOLDEN_FOLDER);
    const file = decodeSnapshotFile(compiled.bytes);
    expect(file.version).toBe(SNAPSHOT_VERSION);
    expect(file.sources.map((s) => s.name)).not.toContain(DEFAULT_EQUIPMENT_MAXIMA_NAME);
    expect(loadSnapshot(compiled.bytes).equipmentMaximumCents('OPTIQUE_B_FRAME', 20261112 as DateYmd)).toBeUndefined();
  });

  it('gives the same snapshot id whatever the order of the rows', async () => {
    const shuffled = [LIMITS_HEADER, ...LIMITS.slice(1).reverse()];
    expect((await compileReferential(withLimits(shuffled))).snapshotId).toBe((await compileReferential(withLimits())).snapshotId);
  });

  it.each<[string, string, Pick<ReferentialIssue, 'code' | 'column'>]>([
    ['a class that is not one of the kind', '2203240,LENS,II,,,2020-01-01,', { code: 'TPLIQ_REF_EQUIPMENT_CLASS', column: 'class' }],
    ['a classe B lens without its grade', '2203240,LENS,B,,,2020-01-01,', { code: 'TPLIQ_REF_MISSING_VALUE', column: 'lens_grade' }],
    ['a grade on a frame', '2223342,FRAME,B,SIMPLE,,2020-01-01,', { code: 'TPLIQ_REF_EQUIPMENT_CLASS', column: 'lens_grade' }],
    ['an unknown grade', '2203240,LENS,B,PROGRESSIF,,2020-01-01,', { code: 'TPLIQ_REF_BAD_ENUM', column: 'lens_grade' }],
    ['a classe A item without its PLV', '2210546,LENS,A,,,2020-01-01,', { code: 'TPLIQ_REF_MISSING_VALUE', column: 'price_limit' }],
    ['a price limit on a free-price class', '2335791,HEARING_AID,II,,1700,2020-01-01,', { code: 'TPLIQ_REF_EQUIPMENT_CLASS', column: 'price_limit' }],
    ['a zero HLF', 'HBLD634,DENTAL_PROSTHESIS,100S,,0,2020-01-01,', { code: 'TPLIQ_REF_BAD_NUMBER', column: 'price_limit' }],
    ['a PLV with three decimals', '2210546,LENS,A,,32.505,2020-01-01,', { code: 'TPLIQ_REF_BAD_NUMBER', column: 'price_limit' }],
    ['an unknown kind', '2210546,CONTACT_LENS,A,,32.50,2020-01-01,', { code: 'TPLIQ_REF_BAD_ENUM', column: 'kind' }],
    ['a prefix code', 'HBLD*,DENTAL_PROSTHESIS,OTHER,,,2020-01-01,', { code: 'TPLIQ_REF_BAD_VALUE', column: 'act_code' }],
    ['a version overlapping the previous one', '2203240,LENS,B,COMPLEXE,,2024-01-01,', { code: 'TPLIQ_REF_OVERLAPPING_PERIODS', column: 'valid_from' }],
  ])('refuses %s, with its code and place', async (_name, row, expected) => {
    const issues = await issuesOf(withLimits([...LIMITS, row]));
    expect(issues).toEqual([{ ...expected, file: 'equipment-limits.csv', line: LIMITS.length + 1 }]);
  });

  it('refuses a maxima row naming an unknown limit or overlapping another version', async () => {
    const folder = editedDelivery({
      'equipment-limits.csv': () => LIMITS,
      'equipment-maxima.csv': () => [
        'limit,maximum,valid_from,valid_to',
        'OPTIQUE_B_FRAME,100,2020-01-01,',
        'OPTIQUE_B_MONTURE,100,2020-01-01,',
        'OPTIQUE_B_FRAME,110,2026-01-01,',
      ],
    });
    expect(await issuesOf(folder)).toEqual([
      { code: 'TPLIQ_REF_BAD_ENUM', file: 'equipment-maxima.csv', line: 3, column: 'limit' },
      { code: 'TPLIQ_REF_OVERLAPPING_PERIODS', file: 'equipment-maxima.csv', line: 4, column: 'valid_from' },
    ]);
  });
});
