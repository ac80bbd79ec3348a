import type { Cents, RatePpm } from '../domain/units.js';
import { RATE_PPM_ONE } from '../domain/units.js';
import { applyRateHalfUp } from '../money/apply-rate.js';

/**
 * What a contrat responsable may not pay on a médecin act (CSS L871-1, R871-1, R871-2).
 * Both limits only concern médecins: the hors-parcours majoration is a médecin participation
 * (L162-5-3) and OPTAM is a médecin convention option.
 */

/** The act families the engine's act-domain table tags as médecin acts. */
export const FAMILY_MEDECIN = 'MEDECIN';

/**
 * Hors parcours de soins: the participation is raised by 37.5–42.5 points (R160-6), UNCAM value
 * 40 points (rules.md §1.4); R871-1 1° forbids a contrat responsable to cover that majoration.
 */
export const HORS_PARCOURS_MAJORATION_RATE = 400_000 as RatePpm;

/** R871-2 2°: a non-OPTAM dépassement is covered at most up to 100 % of the BR… */
export const NON_OPTAM_DEPASSEMENT_MAX_RATE = 1_000_000 as RatePpm;
/** …and at most the OPTAM cover minus 20 % of the BR. */
export const NON_OPTAM_DEPASSEMENT_DISCOUNT_RATE = 200_000 as RatePpm;

/** The majoration excluded from the coverable base: round(BR × 40 %) (G 30.00 € → 12.00). */
export const horsParcoursMajorationCents = (baseCents: Cents): Cents =>
  applyRateHalfUp(baseCents, HORS_PARCOURS_MAJORATION_RATE);

/**
 * A "% BR Sécu incluse" rate as it applies to a non-OPTAM médecin. The part above 100 % is the
 * dépassement allowance; for non-OPTAM it becomes min(100 %, allowance − 20 %), never negative:
 * "200 % BR" → 180 %, "150 % BR" → 130 %, "110 % BR" → 100 %, "300 % BR" → 200 %.
 * Worked on the rate, as rules.md §2.5 states it, so the product is rounded once.
 */
export function nonOptamInclusiveRate(rate: RatePpm): RatePpm {
  if (rate <= RATE_PPM_ONE) return rate;
  const allowance = rate - RATE_PPM_ONE - NON_OPTAM_DEPASSEMENT_DISCOUNT_RATE;
  const capped = Math.min(NON_OPTAM_DEPASSEMENT_MAX_RATE, Math.max(0, allowance));
  return (RATE_PPM_ONE + capped) as RatePpm;
}

/**
 * The same R871-2 2° limit for formulas not written on the BR (% of BR without the AMO, % of the
 * frais réels): what the guarantee pays beyond the ticket modérateur is the dépassement it
 * covers; for a non-OPTAM médecin that is at most min(BR, dépassement − round(20 % BR)).
 */
export function capNonOptamDepassement(rawCents: Cents, ticketModerateurCents: Cents, baseCents: Cents): Cents {
  const depassementCents = rawCents - ticketModerateurCents;
  if (depassementCents <= 0) return rawCents;
  const discountCents = applyRateHalfUp(baseCents, NON_OPTAM_DEPASSEMENT_DISCOUNT_RATE);
  const allowedCents = Math.min(baseCents, Math.max(0, depassementCents - discountCents));
  return (ticketModerateurCents + allowedCents) as Cents;
}
