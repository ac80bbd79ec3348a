import { describe, expect, it } from 'vitest';
import type { Cents, RatePpm } from '../engine/domain/units.js';
import { lineAmcCents } from '../engine/liquidate/line-amc.js';
import {
  capNonOptamDepassement,
  horsParcoursMajorationCents,
  nonOptamInclusiveRate,
} from '../engine/liquidate/responsable-caps.js';
import { formatEuros } from '../engine/money/euros.js';
import { parseRate } from '../engine/money/rate.js';
import { lineOf } from './support/invoice-builder.js';
import { guaranteeOf } from './support/referential-builder.js';

describe('contrat responsable limits (CSS R871-1, R871-2)', () => {
  it('hors-parcours majoration of a G 30.00 € is round(30.00 × 40 %) = 12.00', () => {
    expect(horsParcoursMajorationCents(3000 as Cents)).toBe(1200);
  });

  it.each([
    ['200', '180'],
    ['150', '130'],
    ['120', '100'],
    ['110', '100'],
    ['300', '200'],
    ['400', '200'],
    ['100', '100'],
    ['90', '90'],
  ])('non-OPTAM "%s %% BR" Sécu incluse becomes %s %% BR', (percent, expected) => {
    expect(nonOptamInclusiveRate(parseRate(percent))).toBe(parseRate(expected));
  });

  it('caps the dépassement part of other formulas at min(BR, dépassement − 20 % BR)', () => {
    // BR 23.00, AMO 16.10, TM 6.90; a 100 % FR cover of FR 60.00 pays 43.90, of which 37.00 dépassement.
    expect(capNonOptamDepassement(4390 as Cents, 690 as Cents, 2300 as Cents)).toBe(690 + 2300);
    // Dépassement 10.00 → 10.00 − 4.60 = 5.40.
    expect(capNonOptamDepassement(1690 as Cents, 690 as Cents, 2300 as Cents)).toBe(690 + 540);
    // Dépassement smaller than 20 % BR → nothing above the TM.
    expect(capNonOptamDepassement(1000 as Cents, 690 as Cents, 2300 as Cents)).toBe(690);
    // No dépassement: untouched.
    expect(capNonOptamDepassement(500 as Cents, 690 as Cents, 2300 as Cents)).toBe(500);
  });

  it('non-OPTAM 100 % FR responsable on BR 23.00, FR 60.00 → TM 6.90 + 23.00 = 29.90 instead of 43.90', () => {
    const line = lineOf({ base: 2300, rate: 70, amo: 1610, fee: 6000 });
    const cover = guaranteeOf('MEDS', 'FR', parseRate('100'));
    expect(formatEuros(lineAmcCents(line, cover, true, { horsParcours: false, nonOptamPractitioner: true }))).toBe('29.90');
    expect(formatEuros(lineAmcCents(line, cover, true, { horsParcours: false, nonOptamPractitioner: false }))).toBe('43.90');
  });

  it('non-OPTAM 300 % TR (AMO not deducted) responsable: TM 6.90 + min(23.00, 62.10 − 4.60) = 29.90', () => {
    const line = lineOf({ base: 2300, rate: 70, amo: 1610, fee: 9000 });
    const cover = guaranteeOf('MEDS', 'BR_EXCL_AMO', parseRate('300'));
    expect(formatEuros(lineAmcCents(line, cover, true, { horsParcours: false, nonOptamPractitioner: true }))).toBe('29.90');
  });

  it('the cap is about médecins: a non-médecin act of the same practitioner is not capped', () => {
    const line = lineOf({ actCode: 'AMK', base: 2300, rate: 60, amo: 1380, fee: 6000 });
    const cover = guaranteeOf('KINE', 'BR_INCL_AMO', 2_000_000 as RatePpm);
    expect(formatEuros(lineAmcCents(line, cover, false, { horsParcours: false, nonOptamPractitioner: true }))).toBe('32.20');
  });

  it('hors parcours and non-OPTAM together: majoration out of the base, dépassement capped', () => {
    // BR 23.00 at 30 % hors parcours: AMO 6.90; FR 60.00; 200 % BR → 180 %: 41.40 − 6.90 = 34.50;
    // base = 53.10 − majoration 9.20 = 43.90 → 34.50.
    const line = lineOf({ base: 2300, rate: 30, amo: 690, fee: 6000 });
    const cover = guaranteeOf('MEDS', 'BR_INCL_AMO', parseRate('200'));
    expect(formatEuros(lineAmcCents(line, cover, true, { horsParcours: true, nonOptamPractitioner: true }))).toBe('34.50');
  });
});
