import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Formula } from '../engine/domain/referential.js';
import type { Cents, RatePpm } from '../engine/domain/units.js';
import { lineAmcCents } from '../engine/liquidate/line-amc.js';
import { oracleLineAmcCents } from '../engine/liquidate/line-amc-oracle.js';
import { lineOf } from './support/invoice-builder.js';
import { guaranteeOf } from './support/referential-builder.js';

const FORMULAS: Formula[] = ['TM', 'BR_INCL_AMO', 'BR_EXCL_AMO', 'FR', 'UNIT', 'FORFAIT', 'PEC', 'NOT_COVERED', 'EQUIPMENT_FORFAIT'];

describe('the integer line computation equals the decimal.js arithmetic of record', () => {
  it('on random lines, guarantees and conditions (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          base: fc.integer({ min: 0, max: 2_000_000 }),
          amoRate: fc.integer({ min: 0, max: 100 }),
          amoJitter: fc.integer({ min: -1, max: 1 }),
          depassement: fc.integer({ min: -500, max: 2_000_000 }),
          declared: fc.integer({ min: 0, max: 2_000_000 }),
          quantity: fc.integer({ min: 1, max: 30 }),
          formula: fc.constantFrom(...FORMULAS),
          rate: fc.integer({ min: 0, max: 5_000_000 }),
          amountCents: fc.integer({ min: 0, max: 500_000 }),
          responsable: fc.boolean(),
          medecinAct: fc.boolean(),
          horsParcours: fc.boolean(),
          nonOptamPractitioner: fc.boolean(),
        }),
        (c) => {
          const amo = Math.max(0, Math.round((c.base * c.amoRate) / 100) + c.amoJitter);
          const line = lineOf({
            base: c.base,
            rate: c.amoRate,
            amo,
            fee: Math.max(0, c.base + c.depassement),
            amc: c.declared,
            quantity: c.quantity,
          });
          const guarantee = guaranteeOf('MEDG', c.formula, c.rate as RatePpm, {
            responsable: c.responsable,
            amountCents: c.amountCents as Cents,
          });
          const conditions = { horsParcours: c.horsParcours, nonOptamPractitioner: c.nonOptamPractitioner };
          expect(lineAmcCents(line, guarantee, c.medecinAct, conditions)).toBe(
            oracleLineAmcCents(line, guarantee, c.medecinAct, conditions),
          );
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
