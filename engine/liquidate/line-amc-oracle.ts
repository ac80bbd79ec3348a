import { Decimal } from 'decimal.js';
import type { InvoiceLine } from '../domain/invoice.js';
import type { Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
import type { CareConditions } from './line-amc.js';

/**
 * lineAmcCents redone in decimal euros with decimal.js, straight from rules.md §2.1–§2.5, as the
 * arithmetic of record: property tests and the audit mode compare it with the integer path.
 * Written independently of line-amc.ts on purpose (euros, not cents; rates as fractions, not
 * ppm), so that a slip in one is not copied into the other.
 */

const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof Exact>;

const euros = (amountCents: number): Dec => new Exact(amountCents).dividedBy(100);
const fraction = (ratePpm: number): Dec => new Exact(ratePpm).dividedBy(1_000_000);
const round2 = (value: Dec): Dec => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const max = (a: Dec, b: Dec): Dec => (a.greaterThan(b) ? a : b);
const min = (a: Dec, b: Dec): Dec => (a.lessThan(b) ? a : b);
const ZERO = new Exact(0);

export function oracleLineAmcCents(
  line: InvoiceLine,
  guarantee: Guarantee,
  medecinAct: boolean,
  conditions: CareConditions,
): Cents {
  const br = euros(line.baseCents);
  const amo = euros(line.amoCents);
  const fr = euros(line.feeCents);
  const rate = fraction(guarantee.rate);
  const tm = max(ZERO, br.minus(amo));
  const rest = max(ZERO, fr.minus(amo));
  const responsableMedecin = guarantee.responsable && medecinAct;
  const excluded = responsableMedecin && conditions.horsParcours ? round2(br.times('0.40')) : ZERO;
  const nonOptam = responsableMedecin && conditions.nonOptamPractitioner;
  // R871-2 2°: dépassement covered ≤ min(100 % BR, OPTAM cover − 20 % BR).
  const capDepassement = (raw: Dec): Dec => {
    const depassement = raw.minus(tm);
    if (!nonOptam || depassement.lessThanOrEqualTo(0)) return raw;
    return tm.plus(min(br, max(ZERO, depassement.minus(round2(br.times('0.20'))))));
  };

  let raw: Dec;
  switch (guarantee.formula) {
    case 'TM':
      raw = round2(rate.times(tm));
      break;
    case 'BR_INCL_AMO': {
      let effective = rate;
      if (nonOptam && rate.greaterThan(1)) effective = new Exact(1).plus(min(new Exact(1), max(ZERO, rate.minus('1.20'))));
      raw = round2(effective.times(br)).minus(amo);
      break;
    }
    case 'BR_EXCL_AMO':
      raw = capDepassement(round2(rate.times(br)));
      break;
    case 'FR':
      raw = capDepassement(round2(rate.times(rest)));
      break;
    case 'UNIT':
      raw = Number.isSafeInteger(line.quantity) ? euros(guarantee.amountCents).times(line.quantity) : ZERO;
      break;
    case 'FORFAIT':
      raw = euros(guarantee.amountCents);
      break;
    case 'EQUIPMENT_FORFAIT':
      raw = rest;
      break;
    case 'PEC':
      raw = euros(line.amcDeclaredCents);
      break;
    case 'NOT_COVERED':
      raw = ZERO;
      break;
  }
  const amc = max(ZERO, min(raw, max(ZERO, rest.minus(excluded))));
  return amc.times(100).toNumber() as Cents;
}
