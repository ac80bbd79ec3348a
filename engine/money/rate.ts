import { Decimal } from 'decimal.js';
import type { RatePpm } from '../domain/units.js';
import { MoneyParseError } from './money-error.js';

/**
 * Rates are written on cards and in the referential as a decimal percent ("70", "90.5"). They are
 * kept as an integer scaled so that 1 000 000 = 100 % (units.ts): one unit is 0.0001 %, so a
 * percent with up to 4 decimals is exact and anything finer is refused rather than rounded — a
 * rate is a contract term, and silently rounding it would change what the contract pays.
 */

/** 1 % in RatePpm units. */
export const PPM_PER_PERCENT = 10_000;

/** Most decimals a percent may carry and stay exact in RatePpm. */
export const RATE_PERCENT_DECIMALS_MAX = 4;

/**
 * Upper bound of a readable rate. Cards print rates like "400 % BR"; a rate above 1 000 % is a
 * typing error (a missing decimal point) far more often than a contract term, and the bound keeps
 * cents × rate inside the range the fast integer path was sized for (units.ts).
 */
export const RATE_PERCENT_MAX = 1000;

// Plain decimal notation only: decimal.js would also accept "1e2", "0x46" or "Infinity", none of
// which belongs in a rate column.
const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

/** Reads a decimal percent ("70", "90.5", "100") as an exact RatePpm (700 000, 905 000, 1 000 000). */
export function parseRate(decimalPercent: string): RatePpm {
  if (decimalPercent.startsWith('-')) {
    throw new MoneyParseError('TPLIQ_MONEY_RATE_INVALID', decimalPercent, 'is negative: a rate is 0 % or more');
  }
  if (!PLAIN_DECIMAL.test(decimalPercent)) {
    throw new MoneyParseError(
      'TPLIQ_MONEY_RATE_INVALID',
      decimalPercent,
      'is not a decimal percent (digits, optionally "." and decimals, e.g. "90.5")',
    );
  }
  const percent = new Decimal(decimalPercent);
  if (percent.decimalPlaces() > RATE_PERCENT_DECIMALS_MAX) {
    throw new MoneyParseError(
      'TPLIQ_MONEY_RATE_INVALID',
      decimalPercent,
      `has more than ${RATE_PERCENT_DECIMALS_MAX} decimals of percent and cannot be held exactly`,
    );
  }
  if (percent.greaterThan(RATE_PERCENT_MAX)) {
    throw new MoneyParseError('TPLIQ_MONEY_RATE_INVALID', decimalPercent, `is above ${RATE_PERCENT_MAX} %`);
  }
  return percent.times(PPM_PER_PERCENT).toNumber() as RatePpm;
}

/** A RatePpm as a whole-percent integer, for an AMO rate carried as "070" → 700 000. */
export const rateOfWholePercent = (percent: number): RatePpm => (percent * PPM_PER_PERCENT) as RatePpm;
