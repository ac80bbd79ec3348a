import type { Cents, RatePpm } from '../domain/units.js';
import { RATE_PPM_ONE } from '../domain/units.js';

/**
 * cents × rate, rounded half-up to the cent — the one rounding of the engine (rules.md §1.12:
 * BR 1.15 € × 70 % = 0.805 → 0.81, where IEEE `Math.round(1.15 * 0.7 * 100)` gives 0.80).
 *
 * Integer arithmetic only. The product of two safe integers is exact as long as it stays at or
 * below 2^53 − 1; with rates ≤ 1 000 % that is every line under nine million euros, so the
 * common path is plain numbers and BigInt is only the fallback for the rare larger product.
 * Ties round away from zero on both sides (−0.805 → −0.81), like decimal.js ROUND_HALF_UP, so a
 * negative regularisation is the mirror of the positive one.
 */

const HALF_PPM = RATE_PPM_ONE / 2;
/** Largest product for which product + half is still exact in a double. */
const EXACT_PRODUCT_MAX = Number.MAX_SAFE_INTEGER - HALF_PPM;
const BIG_ONE = BigInt(RATE_PPM_ONE);
const BIG_HALF = BigInt(HALF_PPM);

function applyNonNegative(amountCents: number, rate: number): number {
  const product = amountCents * rate;
  if (product <= EXACT_PRODUCT_MAX) {
    const shifted = product + HALF_PPM;
    // Subtracting the remainder makes the division exact; Math.floor(shifted / 1e6) could round
    // up to the next integer once the quotient has fewer than 20 bits of fraction left.
    return (shifted - (shifted % RATE_PPM_ONE)) / RATE_PPM_ONE;
  }
  const rounded = (BigInt(amountCents) * BigInt(rate) + BIG_HALF) / BIG_ONE;
  const result = Number(rounded);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`${amountCents} cents × ${rate} ppm does not fit in a safe integer of cents`);
  }
  return result;
}

export function applyRateHalfUp(amountCents: Cents, rate: RatePpm): Cents {
  // Programmer errors: a fractional cent or a negative rate means a caller skipped parsing.
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amount ${amountCents} is not integer cents`);
  if (!Number.isSafeInteger(rate) || rate < 0) throw new RangeError(`rate ${rate} is not a non-negative RatePpm`);
  if (amountCents >= 0) return applyNonNegative(amountCents, rate) as Cents;
  const magnitude = applyNonNegative(-amountCents, rate);
  return (magnitude === 0 ? 0 : -magnitude) as Cents;
}
