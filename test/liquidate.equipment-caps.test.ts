import { describe, expect, it } from 'vitest';
import type { EquipmentItem } from '../engine/domain/equipment.js';
import type { Guarantee } from '../engine/domain/referential.js';
import type { Cents, DateYmd, RatePpm } from '../engine/domain/units.js';
import { parseRate } from '../engine/money/rate.js';
import { assess, codesOf } from './support/assess.js';
import { invoiceOf, type LineAmounts } from './support/invoice-builder.js';
import { guaranteeOf, OPEN_END, ReferentialBuilder } from './support/referential-builder.js';

/**
 * rules.md §2.6–2.8 through the real rules: coverage finds each line's classification in the
 * referential view, liquidateInvoice applies the 100 % Santé limits and the maxima, and the
 * declared amounts are checked against the capped ones.
 */

const FRAME_B = '2223342';
const LENS_B_SIMPLE = '2203240';
const LENS_B_COMPLEXE = '2203259';
const LENS_B_TRES_COMPLEXE = '2227038';
const LENS_A = '2210546';
const AID_I = '2355084';
const AID_II = '2335791';
const CROWN_100S = 'HBLD634';
const CROWN_LIBRE = 'HBLD036';

const item = (actCode: string, kind: EquipmentItem['kind'], santeClass: EquipmentItem['santeClass'], extra: Partial<EquipmentItem> = {}): EquipmentItem => ({
  actCode,
  kind,
  santeClass,
  lensGrade: undefined,
  priceLimitCents: 0 as Cents,
  validity: { from: 20200101 as DateYmd, to: OPEN_END },
  ...extra,
});

const ITEMS: EquipmentItem[] = [
  item(FRAME_B, 'FRAME', 'B'),
  item(LENS_B_SIMPLE, 'LENS', 'B', { lensGrade: 'SIMPLE' }),
  item(LENS_B_COMPLEXE, 'LENS', 'B', { lensGrade: 'COMPLEXE' }),
  item(LENS_B_TRES_COMPLEXE, 'LENS', 'B', { lensGrade: 'TRES_COMPLEXE' }),
  item(LENS_A, 'LENS', 'A', { priceLimitCents: 3400 as Cents }),
  item(AID_I, 'HEARING_AID', 'I', { priceLimitCents: 95_000 as Cents }),
  item(AID_II, 'HEARING_AID', 'II'),
  item(CROWN_100S, 'DENTAL_PROSTHESIS', '100S', { priceLimitCents: 50_000 as Cents }),
  item(CROWN_LIBRE, 'DENTAL_PROSTHESIS', 'OTHER'),
];

/** The built-in table's values (engine/referential/equipment-maxima.csv). */
const MAXIMA = {
  OPTIQUE_B_SIMPLE_SIMPLE: 42_000,
  OPTIQUE_B_SIMPLE_COMPLEXE: 56_000,
  OPTIQUE_B_COMPLEXE_COMPLEXE: 70_000,
  OPTIQUE_B_SIMPLE_TRES_COMPLEXE: 61_000,
  OPTIQUE_B_COMPLEXE_TRES_COMPLEXE: 75_000,
  OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE: 80_000,
  OPTIQUE_B_FRAME: 10_000,
  AUDIO_II_AID: 170_000,
};

function referential(...guarantees: Guarantee[]) {
  const builder = new ReferentialBuilder().withGuarantee(...guarantees).withEquipment(...ITEMS).withEquipmentMaxima(MAXIMA);
  for (const code of [FRAME_B, LENS_B_SIMPLE, LENS_B_COMPLEXE, LENS_B_TRES_COMPLEXE, LENS_A]) builder.withAct(code, 'OPTI', 'OPTIQUE');
  for (const code of [AID_I, AID_II]) builder.withAct(code, 'AUDI', 'AUTRE');
  for (const code of [CROWN_100S, CROWN_LIBRE]) builder.withAct(code, 'DEPR', 'DENTAIRE');
  return builder.build();
}

/** Classe B adult: AMO base 0.05 € per item at 60 % → 0.03 € (rules.md §2.6). */
const optique = (actCode: string, fee: number, amc: number, quantity = 1): LineAmounts => ({
  actCode,
  base: 5 * quantity,
  rate: 60,
  amo: 3 * quantity,
  fee,
  amc,
  quantity,
});

const forfaitSecuIncluse = (euros: number, overrides: Partial<Guarantee> = {}): Guarantee =>
  guaranteeOf('OPTI', 'EQUIPMENT_FORFAIT', 0, { amountCents: (euros * 100) as Cents, ...overrides });
const fraisReels = (domain: string, overrides: Partial<Guarantee> = {}): Guarantee =>
  guaranteeOf(domain, 'FR', parseRate('100') as RatePpm, overrides);

describe('optique classe B (R871-2 3°, rules.md §2.6)', () => {
  it('worked example: frame 150.00 + 2 simple lenses 100.00, forfait 300 € Sécu incluse → AMC 299.91, RAC 50.00', () => {
    const invoice = invoiceOf([optique(FRAME_B, 15_000, 9997), optique(LENS_B_SIMPLE, 10_000, 9997), optique(LENS_B_SIMPLE, 10_000, 9997)]);
    const result = assess(invoice, referential(forfaitSecuIncluse(300)));
    expect(result.lineAmcCents).toEqual([9997, 9997, 9997]);
    expect(result.amcCents).toBe(29_991);
    expect(35_000 - 9 - result.amcCents).toBe(5_000);
    expect(result.motives).toEqual([]);
  });

  it('the frame gives up its own excess above 100 € first, then the forfait is shared over what is left', () => {
    // Forfait 250 € Sécu incluse: frame held to 99.97, then 249.91 shared in proportion to 99.97 / 99.97 / 99.97.
    const invoice = invoiceOf([optique(FRAME_B, 15_000, 0), optique(LENS_B_SIMPLE, 10_000, 0), optique(LENS_B_SIMPLE, 10_000, 0)]);
    const result = assess(invoice, referential(forfaitSecuIncluse(250)));
    expect(result.lineAmcCents).toEqual([8331, 8330, 8330]);
    expect(result.amcCents).toBe(25_000 - 9);
  });

  it('holds frame + lenses, AMO included, to the maximum of the lens combination (complexe + très complexe: 750 €)', () => {
    const invoice = invoiceOf([optique(FRAME_B, 9_000, 0), optique(LENS_B_COMPLEXE, 30_000, 0), optique(LENS_B_TRES_COMPLEXE, 50_000, 0)]);
    const result = assess(invoice, referential(fraisReels('OPTI')));
    expect(result.amcCents + 9).toBe(75_000);
    // 749.91 × 89.97 / 299.97 / 499.97 ÷ 889.91 = 75.81… / 252.77… / 421.31…: the two cents the
    // floors leave go to the largest remainders (lines 2, then 1).
    expect(result.lineAmcCents).toEqual([7582, 25_278, 42_131]);
  });

  it('pairs a single lens with its own grade, and a frame alone is held by the frame cap only', () => {
    const oneLens = assess(invoiceOf([optique(LENS_B_TRES_COMPLEXE, 90_000, 0)]), referential(fraisReels('OPTI')));
    expect(oneLens.lineAmcCents).toEqual([80_000 - 3]);
    const frameAlone = assess(invoiceOf([optique(FRAME_B, 25_000, 0)]), referential(fraisReels('OPTI')));
    expect(frameAlone.lineAmcCents).toEqual([10_000 - 3]);
  });

  it('applies no maximum to a contract that is not responsable', () => {
    const invoice = invoiceOf([optique(FRAME_B, 25_000, 0), optique(LENS_B_SIMPLE, 30_000, 0), optique(LENS_B_SIMPLE, 30_000, 0)]);
    const result = assess(invoice, referential(fraisReels('OPTI', { responsable: false })));
    expect(result.amcCents).toBe(85_000 - 9);
  });

  it('a declared amount above the cap is MONTANT_AMC_DIFFERENT against the capped amount', () => {
    const invoice = invoiceOf([optique(FRAME_B, 15_000, 14_997), optique(LENS_B_SIMPLE, 10_000, 9997), optique(LENS_B_SIMPLE, 10_000, 9997)]);
    const result = assess(invoice, referential(forfaitSecuIncluse(300)));
    expect(codesOf(result.motives)).toEqual(['MONTANT_AMC_DIFFERENT']);
    expect(result.motives[0]!.label).toContain('ligne 1 : déclarée 149,97, calculée 99,97');
  });
});

describe('optique classe A (R871-2 3°): the whole amount above the AMO up to the PLV', () => {
  it('pays min(FR, PLV) − AMO whatever the formula, per unit of the line', () => {
    const tm = guaranteeOf('OPTI', 'TM', parseRate('100') as RatePpm);
    const pair = assess(invoiceOf([{ actCode: LENS_A, base: 2040, rate: 60, amo: 1224, fee: 6800, amc: 5576, quantity: 2 }]), referential(tm));
    expect(pair.lineAmcCents).toEqual([6800 - 1224]);
    const abovePlv = assess(invoiceOf([{ actCode: LENS_A, base: 1020, rate: 60, amo: 612, fee: 5000, amc: 0 }]), referential(tm));
    expect(abovePlv.lineAmcCents).toEqual([3400 - 612]);
  });
});

describe('aides auditives (R871-2 4°, rules.md §2.7)', () => {
  it('worked example: classe II adult, price 1 800.00, AMO 60 % × 400.00 = 240.00 → AMC 1 460.00, RAC 100.00', () => {
    const invoice = invoiceOf([{ actCode: AID_II, base: 40_000, rate: 60, amo: 24_000, fee: 180_000, amc: 146_000 }]);
    const result = assess(invoice, referential(fraisReels('AUDI')));
    expect(result.amcCents).toBe(146_000);
    expect(180_000 - 24_000 - result.amcCents).toBe(10_000);
    expect(result.motives).toEqual([]);
  });

  it('holds each aid of a line to 1 700 €: two aids on one line, 1 700 € × 2 − AMO', () => {
    const invoice = invoiceOf([{ actCode: AID_II, base: 80_000, rate: 60, amo: 48_000, fee: 400_000, amc: 0, quantity: 2 }]);
    expect(assess(invoice, referential(fraisReels('AUDI'))).lineAmcCents).toEqual([340_000 - 48_000]);
  });

  it('classe I: min(FR, PLV) − AMO, even under a TM formula', () => {
    const invoice = invoiceOf([{ actCode: AID_I, base: 40_000, rate: 60, amo: 24_000, fee: 95_000, amc: 0 }]);
    const result = assess(invoice, referential(guaranteeOf('AUDI', 'TM', parseRate('100') as RatePpm)));
    expect(result.lineAmcCents).toEqual([95_000 - 24_000]);
  });
});

describe('dentaire prothétique (R871-2 5°, rules.md §2.8)', () => {
  const crown = (actCode: string, fee: number, amc: number): LineAmounts => ({ actCode, base: 12_000, rate: 60, amo: 7200, fee, amc });
  const tm100 = guaranteeOf('DEPR', 'TM', parseRate('100') as RatePpm);

  it('worked example: 100 % Santé crown BR 120.00 at 60 %, HLF 500.00 → AMC 428.00', () => {
    const result = assess(invoiceOf([crown(CROWN_100S, 50_000, 42_800)]), referential(tm100));
    expect(result.amcCents).toBe(42_800);
    expect(result.motives).toEqual([]);
  });

  it('a crown billed above its HLF is paid up to the HLF only; one billed below, up to its price', () => {
    expect(assess(invoiceOf([crown(CROWN_100S, 65_000, 0)]), referential(tm100)).lineAmcCents).toEqual([42_800]);
    expect(assess(invoiceOf([crown(CROWN_100S, 30_000, 0)]), referential(tm100)).lineAmcCents).toEqual([30_000 - 7200]);
  });

  it('a crown outside the 100 % Santé basket keeps its formula (100 % TM → 48.00)', () => {
    expect(assess(invoiceOf([crown(CROWN_LIBRE, 50_000, 0)]), referential(tm100)).lineAmcCents).toEqual([4800]);
  });

  it('a contract that is not responsable keeps its formula on a 100 % Santé crown', () => {
    const result = assess(invoiceOf([crown(CROWN_100S, 50_000, 0)]), referential({ ...tm100, responsable: false }));
    expect(result.lineAmcCents).toEqual([4800]);
  });
});

describe('lines the equipment table does not list', () => {
  it('are liquidated as before next to a capped line', () => {
    const invoice = invoiceOf([{ actCode: 'G' }, { actCode: AID_II, base: 40_000, rate: 60, amo: 24_000, fee: 180_000, amc: 146_000 }]);
    const result = assess(invoice, referential(guaranteeOf('MEDG', 'TM', parseRate('100') as RatePpm), fraisReels('AUDI')));
    expect(result.lineAmcCents).toEqual([900, 146_000]);
  });
});
