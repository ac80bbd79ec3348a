import { describe, expect, it } from 'vitest';
import type { Guarantee } from '../engine/domain/referential.js';
import type { Cents } from '../engine/domain/units.js';
import { lineAmcCents, type CareConditions } from '../engine/liquidate/line-amc.js';
import { liquidateInvoice } from '../engine/liquidate/liquidate-invoice.js';
import { formatEuros } from '../engine/money/euros.js';
import { parseRate } from '../engine/money/rate.js';
import { invoiceOf, lineOf, type LineAmounts } from './support/invoice-builder.js';
import { DEFAULT_ACTS, guaranteeOf } from './support/referential-builder.js';

/**
 * Every worked example of rules.md §1 and §2 that yields an AMC amount, with its figures.
 * Amounts are written in cents; results are compared as euro text so a failure reads like the doc.
 */

const IN_PARCOURS_OPTAM: CareConditions = { horsParcours: false, nonOptamPractitioner: false };
const HORS_PARCOURS: CareConditions = { horsParcours: true, nonOptamPractitioner: false };
const NON_OPTAM: CareConditions = { horsParcours: false, nonOptamPractitioner: true };

const tm = (percent: string, overrides: Partial<Guarantee> = {}): Guarantee => guaranteeOf('MEDG', 'TM', parseRate(percent), overrides);
const brInclAmo = (percent: string, overrides: Partial<Guarantee> = {}): Guarantee =>
  guaranteeOf('MEDG', 'BR_INCL_AMO', parseRate(percent), overrides);

function amc(amounts: LineAmounts, guarantee: Guarantee, conditions = IN_PARCOURS_OPTAM, medecinAct = true): string {
  return formatEuros(lineAmcCents(lineOf(amounts), guarantee, medecinAct, conditions));
}

/** G consultation 30.00 €, AMO 70 % = 21.00, no dépassement. */
const G_30: LineAmounts = { actCode: 'G', base: 3000, rate: 70, amo: 2100, fee: 3000 };

describe('rules.md §2.2 — how a guarantee is expressed (G 30.00 €, AMO 21.00, FR 30.00)', () => {
  it('G 30 € consultation, 100 % TM → AMC 9.00', () => {
    expect(amc(G_30, tm('100'))).toBe('9.00');
  });

  it('G 30 € consultation, 90 % TM → AMC 8.10 (RAC 0.90)', () => {
    expect(amc(G_30, tm('90'))).toBe('8.10');
  });

  it('G 30 € consultation, 100 % BR Sécu incluse → 30.00 − 21.00 = 9.00', () => {
    expect(amc(G_30, brInclAmo('100'))).toBe('9.00');
  });

  it('G 30 € consultation, 100 % TR → raw 30.00 capped at FR − AMO = 9.00', () => {
    expect(amc(G_30, guaranteeOf('MEDG', 'BR_EXCL_AMO', parseRate('100')))).toBe('9.00');
  });

  it('100 % TR after the AMO equals 100 % TM (protocol §4, rules.md P2)', () => {
    expect(amc(G_30, brInclAmo('100'))).toBe(amc(G_30, tm('100')));
  });

  it('G 30 € consultation, 100 % FR → FR − AMO = 9.00', () => {
    expect(amc(G_30, guaranteeOf('MEDG', 'FR', parseRate('100')))).toBe('9.00');
  });
});

describe('rules.md §1.4 and §2.4 — hors parcours de soins', () => {
  const G_30_HORS_PARCOURS: LineAmounts = { actCode: 'G', base: 3000, rate: 30, amo: 900, fee: 3000 };

  it('hors parcours G 30 € 100 % TM responsable → TM 21.00 − majoration 12.00 = 9.00', () => {
    expect(amc(G_30_HORS_PARCOURS, tm('100'), HORS_PARCOURS)).toBe('9.00');
  });

  it('hors parcours G 30 € 100 % BR Sécu incluse responsable → 9.00 as well', () => {
    expect(amc(G_30_HORS_PARCOURS, brInclAmo('100'), HORS_PARCOURS)).toBe('9.00');
  });

  it('a non-responsable contract may pay the majoration: 100 % TM → 21.00', () => {
    expect(amc(G_30_HORS_PARCOURS, tm('100', { responsable: false }), HORS_PARCOURS)).toBe('21.00');
  });

  it('the majoration is a médecin participation: a kiné act is not reduced', () => {
    const kine: LineAmounts = { actCode: 'AMK', base: 1613, rate: 60, amo: 968, fee: 1613 };
    expect(amc(kine, tm('100'), HORS_PARCOURS, false)).toBe('6.45');
  });
});

describe('rules.md §1.3, §1.7, §1.8 — ticket modérateur, ALD, Alsace-Moselle', () => {
  it('ALD G 30 € TM-based → AMO 30.00, TM 0.00, AMC 0.00', () => {
    expect(amc({ ...G_30, rate: 100, amo: 3000 }, tm('100'))).toBe('0.00');
  });

  it('Alsace-Moselle AMO 27.00 → AMC 3.00', () => {
    expect(amc({ ...G_30, rate: 90, amo: 2700 }, tm('100'))).toBe('3.00');
  });

  it('kiné AMK 16.13 × 60 %: AMO 9.68, TM 6.45 → AMC 100 % TM 6.45', () => {
    expect(amc({ actCode: 'AMK', base: 1613, rate: 60, amo: 968, fee: 1613 }, tm('100'), IN_PARCOURS_OPTAM, false)).toBe('6.45');
  });

  it('BR 1.15 € × 70 % trap: AMO 0.81 (half-up), TM 0.34 → AMC 0.34, not 0.35', () => {
    expect(amc({ base: 115, rate: 70, amo: 81, fee: 115 }, tm('100'))).toBe('0.34');
  });

  it('pharmacy BR 3.45 € × 65 %: AMO 2.24, TM 1.21', () => {
    expect(amc({ actCode: 'PH7', base: 345, rate: 65, amo: 224, fee: 345 }, tm('100'), IN_PARCOURS_OPTAM, false)).toBe('1.21');
  });
});

describe('rules.md §2.5 — OPTAM and the non-OPTAM dépassement cap of contrats responsables', () => {
  it('OPTAM 150 % BR (BR 30.00, FR 50.00, AMO 21.00): min(29.00, 45.00 − 21.00) = 24.00', () => {
    expect(amc({ base: 3000, rate: 70, amo: 2100, fee: 5000 }, brInclAmo('150'))).toBe('24.00');
  });

  it('non-OPTAM 200 % BR → 180 % (BR 23.00, FR 60.00, AMO 16.10): min(43.90, 41.40 − 16.10) = 25.30', () => {
    expect(amc({ base: 2300, rate: 70, amo: 1610, fee: 6000 }, brInclAmo('200'), NON_OPTAM)).toBe('25.30');
  });

  it('the same 200 % BR for an OPTAM doctor pays 46.00 − 16.10 = 29.90', () => {
    expect(amc({ base: 2300, rate: 70, amo: 1610, fee: 6000 }, brInclAmo('200'))).toBe('29.90');
  });

  it('a non-responsable contract is not capped for non-OPTAM doctors: 29.90', () => {
    expect(amc({ base: 2300, rate: 70, amo: 1610, fee: 6000 }, brInclAmo('200', { responsable: false }), NON_OPTAM)).toBe('29.90');
  });
});

describe('rules.md §1.9 — hospital participations', () => {
  it('5-day stay with a heavy act: participation 24.00 + FJ 5 × 20.00 → responsible AMC pays 124.00', () => {
    const invoice = invoiceOf([
      { actCode: 'GHS', base: 400_000, rate: 100, amo: 397_600, fee: 400_000, amc: 2400 },
      { actCode: 'FJ', base: 0, rate: 0, amo: 0, fee: 10_000, amc: 10_000 },
    ]);
    const guarantees = [guaranteeOf('HOSP', 'TM', parseRate('100')), guaranteeOf('FORF', 'FR', parseRate('100'))];
    const result = liquidateInvoice(invoice, { guarantees, acts: [undefined, undefined], nonOptamPractitioner: false });
    expect(formatEuros(result.amcCents)).toBe('124.00');
  });

  it('same stay without heavy act: TM 20 % = 800.00 absorbs the FJ → AMC 800.00', () => {
    expect(amc({ actCode: 'GHS', base: 400_000, rate: 80, amo: 320_000, fee: 400_000 }, guaranteeOf('HOSP', 'TM', parseRate('100')), IN_PARCOURS_OPTAM, false)).toBe('800.00');
  });
});

describe('rules.md §2.6–§2.9 — optique, audio, dentaire, forfaits', () => {
  it('optique classe B (frame 150.00 + 2 lenses 100.00, PEC 299.91): 99.97 + 99.97 + 99.97 = 299.91', () => {
    const invoice = invoiceOf([
      { actCode: 'MON', base: 5, rate: 60, amo: 3, fee: 15_000, amc: 9997 },
      { actCode: 'VER', base: 5, rate: 60, amo: 3, fee: 10_000, amc: 9997 },
      { actCode: 'VER', base: 5, rate: 60, amo: 3, fee: 10_000, amc: 9997 },
    ]);
    const pecGuarantee = guaranteeOf('OPTI', 'PEC', 0, { pecRequired: true });
    const result = liquidateInvoice(invoice, {
      guarantees: [pecGuarantee, pecGuarantee, pecGuarantee],
      acts: [undefined, undefined, undefined],
      nonOptamPractitioner: false,
    });
    expect(result.lineAmcCents.map(formatEuros)).toEqual(['99.97', '99.97', '99.97']);
    expect(formatEuros(result.amcCents)).toBe('299.91');
  });

  it('under a PEC a line never pays more than its own FR − AMO', () => {
    const pecGuarantee = guaranteeOf('OPTI', 'PEC', 0, { pecRequired: true });
    expect(amc({ actCode: 'VER', base: 5, rate: 60, amo: 3, fee: 10_000, amc: 12_000 }, pecGuarantee, IN_PARCOURS_OPTAM, false)).toBe('99.97');
  });

  it('aide auditive classe II (1 800.00, AMO 240.00, PEC 1 460.00) → AMC 1 460.00, RAC 100.00', () => {
    const pecGuarantee = guaranteeOf('AUDI', 'PEC', 0, { pecRequired: true });
    const line: LineAmounts = { actCode: 'AUD', base: 40_000, rate: 60, amo: 24_000, fee: 180_000, amc: 146_000 };
    expect(amc(line, pecGuarantee, IN_PARCOURS_OPTAM, false)).toBe('1460.00');
  });

  it('crown 100 % Santé (BR 120.00, AMO 72.00, billed at the HLF 500.00) 100 % FR → 428.00', () => {
    const line: LineAmounts = { actCode: 'PDT', base: 12_000, rate: 60, amo: 7200, fee: 50_000 };
    expect(amc(line, guaranteeOf('DEPR', 'FR', parseRate('100')), IN_PARCOURS_OPTAM, false)).toBe('428.00');
  });

  it('ostéopathie forfait 40 € per session, FR 60.00, AMO 0 → 40.00 (annual ceiling: commit step)', () => {
    const line: LineAmounts = { actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 6000 };
    expect(amc(line, guaranteeOf('XCMP', 'FORFAIT', 0, { amountCents: 4000 as Cents }), IN_PARCOURS_OPTAM, false)).toBe('40.00');
  });

  it('a forfait never pays more than FR − AMO: forfait 40 € on a 25.00 € session → 25.00', () => {
    const line: LineAmounts = { actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 2500 };
    expect(amc(line, guaranteeOf('XCMP', 'FORFAIT', 0, { amountCents: 4000 as Cents }), IN_PARCOURS_OPTAM, false)).toBe('25.00');
  });

  it('a unit amount is paid per unit: 3 × 5.00 € within FR − AMO → 15.00', () => {
    const line: LineAmounts = { actCode: 'AMI', base: 0, rate: 0, amo: 0, fee: 3000, quantity: 3 };
    expect(amc(line, guaranteeOf('INFI', 'UNIT', 0, { amountCents: 500 as Cents }), IN_PARCOURS_OPTAM, false)).toBe('15.00');
  });
});

describe('rules.md §2.10 — pharmacy, contract 100 % TM on PHNO/PHCO, not PHOR', () => {
  const invoice = invoiceOf([
    { actCode: 'PH7', base: 1000, rate: 65, amo: 650, fee: 1000, amc: 350 },
    { actCode: 'PH4', base: 800, rate: 30, amo: 240, fee: 800, amc: 560 },
    { actCode: 'PH2', base: 400, rate: 15, amo: 60, fee: 400, amc: 0 },
  ]);
  const pharmacy = DEFAULT_ACTS.find((a) => a.actCode === 'PH7');
  const result = liquidateInvoice(invoice, {
    guarantees: [
      guaranteeOf('PHNO', 'TM', parseRate('100')),
      guaranteeOf('PHCO', 'TM', parseRate('100')),
      guaranteeOf('PHOR', 'NOT_COVERED', 0),
    ],
    acts: [pharmacy, pharmacy, pharmacy],
    nonOptamPractitioner: false,
  });

  it('box A 65 %: AMO 6.50, AMC 3.50; box B 30 %: AMO 2.40, AMC 5.60; box C 15 %: AMC 0.00 (PHOR not covered)', () => {
    expect(result.lineAmcCents.map(formatEuros)).toEqual(['3.50', '5.60', '0.00']);
  });

  it('the pharmacist receives AMC 9.10', () => {
    expect(formatEuros(result.amcCents)).toBe('9.10');
  });
});
