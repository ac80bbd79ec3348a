import type { C2sClaim } from '../domain/c2s-claim.js';
import type { DateYmd } from '../domain/units.js';
import { addDays } from './ymd.js';

/**
 * D. 861-6 (seed 001, rules.md §4.3): the practitioner is paid within 7 days of the ARL for an FSE,
 * 21 days of sending for a paper feuille, 15 days more when the paper first went to a fund that
 * does not serve the beneficiary. The text counts "jours", not "jours ouvrés": calendar days, with
 * no shift for weekends or holidays (the text has none).
 *
 * The AMC owes the fund within the same term (D. 861-5 sends the formal notice "à l'expiration du
 * délai"): tpliq uses it as the claim's due date, so a claim paid after it carries the +10 %.
 */
export const C2S_FSE_TERM_DAYS = 7;
export const C2S_PAPER_TERM_DAYS = 21;
export const C2S_WRONG_FUND_EXTRA_DAYS = 15;

/** The claim's due date, or 0 when the claim carries no start date (it is then rejected as malformed). */
export function c2sDueDate(claim: C2sClaim): DateYmd {
  if (claim.startDate === 0) return 0 as DateYmd;
  if (claim.transmission === 'FSE') return addDays(claim.startDate, C2S_FSE_TERM_DAYS);
  return addDays(claim.startDate, C2S_PAPER_TERM_DAYS + (claim.wrongFund ? C2S_WRONG_FUND_EXTRA_DAYS : 0));
}
