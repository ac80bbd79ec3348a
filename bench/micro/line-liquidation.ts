import b from 'benny';
import type { InvoiceLine } from '../../engine/domain/invoice.js';
import type { Formula, Guarantee } from '../../engine/domain/referential.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { lineAmcCents, type CareConditions } from '../../engine/liquidate/line-amc.js';
import { oracleLineAmcCents } from '../../engine/liquidate/line-amc-oracle.js';
import { parseRate } from '../../engine/money/rate.js';
import { assertSame, decodeAll, framedInvoices } from './fixtures.js';
import { saveTo } from './save.js';

/**
 * Line liquidation: the engine's integer-cent path (lineAmcCents: rates in ppm, one half-up
 * rounding per product) against decimal.js (oracleLineAmcCents, the arithmetic of record), on the
 * real lines of the micro day under every formula. Both totals must agree to the cent.
 */

function guarantee(formula: Formula, rate: string, amountCents: number, responsable: boolean): Guarantee {
  return {
    contract: 'CT0001', domain: 'MEDG', formula, rate: parseRate(rate), amountCents: amountCents as Cents, pecRequired: formula === 'PEC', responsable,
    validity: { from: 20250101 as DateYmd, to: 99991231 as DateYmd },
  };
}

const GUARANTEES: Guarantee[] = [
  guarantee('TM', '100', 0, true), guarantee('TM', '90.5', 0, false), guarantee('BR_INCL_AMO', '200', 0, true), guarantee('BR_INCL_AMO', '125', 0, false),
  guarantee('BR_EXCL_AMO', '80', 0, true), guarantee('FR', '90', 0, true), guarantee('UNIT', '0', 350, false), guarantee('FORFAIT', '0', 12000, false),
  guarantee('PEC', '0', 0, false),
];
const CONDITIONS: CareConditions[] = [
  { horsParcours: false, nonOptamPractitioner: false }, { horsParcours: true, nonOptamPractitioner: false }, { horsParcours: false, nonOptamPractitioner: true },
];

export async function run(): Promise<void> {
  const { invoices } = await framedInvoices();
  const lines: InvoiceLine[] = decodeAll(invoices).flatMap((i) => i.lines);
  const integerTotal = (): number => {
    let total = 0;
    for (let i = 0; i < lines.length; i++) total += lineAmcCents(lines[i]!, GUARANTEES[i % GUARANTEES.length]!, (i & 1) === 0, CONDITIONS[i % CONDITIONS.length]!);
    return total;
  };
  const decimalTotal = (): number => {
    let total = 0;
    for (let i = 0; i < lines.length; i++) total += oracleLineAmcCents(lines[i]!, GUARANTEES[i % GUARANTEES.length]!, (i & 1) === 0, CONDITIONS[i % CONDITIONS.length]!);
    return total;
  };
  const expected = integerTotal();
  assertSame('line liquidation: decimal.js total vs integer total', expected, decimalTotal());
  await b.suite(
    `Line liquidation — ${lines.length} real lines × ${GUARANTEES.length} guarantees per op`,
    b.add('integer cents (lineAmcCents, the engine)', () => assertSame('integer total', expected, integerTotal())),
    b.add('decimal.js (oracleLineAmcCents)', () => assertSame('decimal total', expected, decimalTotal())),
    b.cycle(),
    b.complete(),
    saveTo('line-liquidation'),
  );
}
