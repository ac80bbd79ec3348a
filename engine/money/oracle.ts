import { Decimal } from 'decimal.js';
import type { Cents, RatePpm } from '../domain/units.js';
import { RATE_PPM_ONE } from '../domain/units.js';

/**
 * The arithmetic of record: the same computations as the integer fast path, done in arbitrary
 * precision decimal with ROUND_HALF_UP. Slow and allocating, so it never runs per line in
 * production; property tests and the audit mode compare the fast path against it to the cent.
 *
 * A private clone of the Decimal constructor, so no other module's settings change ours (and
 * ours change no one's). 40 significant digits hold any cents × ppm product exactly.
 */
const ExactDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** cents × rate rounded half-up to the cent, in decimal. */
export function oracleApplyRate(amountCents: Cents, rate: RatePpm): Cents {
  return (new ExactDecimal(amountCents)
    .times(rate)
    .dividedBy(RATE_PPM_ONE)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber() + 0) as Cents; // + 0 turns decimal.js's −0 into the 0 the integer path returns
}

/** euros × percent, both as decimal text, rounded half-up to the cent: ("1.15", "70") → "0.81". */
export function oracleRateOfEuros(euros: string, percent: string): string {
  return new ExactDecimal(euros).times(percent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Euro text → cents, in decimal ("12.34" → 1234). */
export function oracleParseEuros(text: string): Cents {
  return new ExactDecimal(text).times(100).toNumber() as Cents;
}

/** Cents → euro text with 2 decimals, in decimal (−5 → "-0.05"). */
export function oracleFormatEuros(amountCents: Cents): string {
  return new ExactDecimal(amountCents).dividedBy(100).toFixed(2);
}

/** A decimal percent → RatePpm, in decimal ("90.5" → 905 000). */
export function oracleParseRate(percent: string): RatePpm {
  return new ExactDecimal(percent).times(RATE_PPM_ONE).dividedBy(100).toNumber() as RatePpm;
}
