import { describe, expect, it } from 'vitest';
import type { GuaranteeRow } from '../scripts/generate/contracts.js';
import { LineAmcCalculator, amoCents, computeLineAmcCentsUncached } from '../scripts/generate/line-amc.js';

/** The generator's declared AMC on the worked examples of rules.md §1–§2. */

const row = (formula: GuaranteeRow['formula'], rate: string, responsable = true, amountCents = 0): GuaranteeRow => ({
  contract: 'T', domain: 'MEDG', formula, rate, amountCents, pecRequired: false, responsable, validFrom: 20200101, validTo: 0,
});
const plain = { medecinAct: true, horsParcours: false, nonOptam: false };
const calc = new LineAmcCalculator();
const amc = (g: GuaranteeRow, baseCents: number, amo: number, feeCents: number, conditions = plain, quantity = 1): number =>
  calc.amcCents(g, { baseCents, amoCents: amo, feeCents, quantity }, conditions);

describe('generator AMO and AMC on the worked examples of rules.md', () => {
  it('AMO is BR × rate rounded half-up: G 30.00 at 70 % → 21.00; BR 1.15 at 70 % → 0.81; AMK 16.13 at 60 % → 9.68; 3.45 at 65 % → 2.24', () => {
    expect(amoCents(3000, 70)).toBe(2100);
    expect(amoCents(115, 70)).toBe(81);
    expect(amoCents(1613, 60)).toBe(968);
    expect(amoCents(345, 65)).toBe(224);
  });

  it('G 30.00 €, AMO 21.00: 100 % TM → 9.00, 90 % TM → 8.10, 100 % BR Sécu incluse → 9.00, 100 % TR → 9.00 (§2.2)', () => {
    expect(amc(row('TM', '100'), 3000, 2100, 3000)).toBe(900);
    expect(amc(row('TM', '90'), 3000, 2100, 3000)).toBe(810);
    expect(amc(row('BR_INCL_AMO', '100'), 3000, 2100, 3000)).toBe(900);
    expect(amc(row('BR_EXCL_AMO', '100'), 3000, 2100, 3000)).toBe(900);
  });

  it('hors parcours G 30.00, AMO 9.00, contrat responsable 100 % TM → 9.00 (majoration 12.00 excluded, §2.4); not excluded for a non-responsable contract', () => {
    const hp = { ...plain, horsParcours: true };
    expect(amc(row('TM', '100'), 3000, 900, 3000, hp)).toBe(900);
    expect(amc(row('TM', '100', false), 3000, 900, 3000, hp)).toBe(2100);
  });

  it('OPTAM, BR 30.00 FR 50.00, 150 % BR → 24.00; non-OPTAM, BR 23.00 FR 60.00, 200 % BR → 25.30 (§2.5)', () => {
    expect(amc(row('BR_INCL_AMO', '150'), 3000, 2100, 5000)).toBe(2400);
    expect(amc(row('BR_INCL_AMO', '200'), 2300, 1610, 6000, { ...plain, nonOptam: true })).toBe(2530);
    // The cap is the contrat responsable's: a non-responsable 200 % pays 46.00 − 16.10 = 29.90.
    expect(amc(row('BR_INCL_AMO', '200', false), 2300, 1610, 6000, { ...plain, nonOptam: true })).toBe(2990);
  });

  it('ALD G 30.00 (AMO 30.00) under a TM guarantee → 0.00 (§1.7); Alsace-Moselle (AMO 27.00) → 3.00 (§1.8)', () => {
    expect(amc(row('TM', '100'), 3000, 3000, 3000)).toBe(0);
    expect(amc(row('TM', '100'), 3000, 2700, 3000)).toBe(300);
  });

  it('pharmacy boxes under 100 % TM: 10.00 at 65 % → 3.50, 8.00 at 30 % → 5.60 (§2.10)', () => {
    const ph = { ...plain, medecinAct: false };
    expect(amc(row('TM', '100'), 1000, 650, 1000, ph)).toBe(350);
    expect(amc(row('TM', '100'), 800, 240, 800, ph)).toBe(560);
  });

  it('forfait per act and unit per box are capped at FR − AMO; a 175.5 % rate is exact', () => {
    const aux = { ...plain, medecinAct: false };
    expect(amc(row('FORFAIT', '', false, 600), 2150, 1290, 2150, aux)).toBe(600);
    expect(amc(row('FORFAIT', '', false, 4000), 2150, 1290, 2150, aux)).toBe(860);
    expect(amc(row('UNIT', '', false, 50), 800, 120, 800, aux, 3)).toBe(150);
    expect(amc(row('BR_INCL_AMO', '175.5', false), 3000, 2100, 6000)).toBe(3165);
  });

  it('memoised results equal a fresh computation', () => {
    const g = row('BR_INCL_AMO', '150');
    for (const [base, fee] of [[3000, 5000], [2300, 4300], [6000, 9000]] as const) {
      const money = { baseCents: base, amoCents: amoCents(base, 70), feeCents: fee, quantity: 1 };
      expect(calc.amcCents(g, money, plain)).toBe(computeLineAmcCentsUncached(g, money, plain));
      expect(calc.amcCents(g, money, plain)).toBe(computeLineAmcCentsUncached(g, money, plain));
    }
  });
});
