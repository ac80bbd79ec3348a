import type { DateYmd } from './units.js';

/**
 * A fund's claim under the complémentaire santé solidaire (seeds 000/001, D. 861-4 … D. 861-6;
 * rules.md §1.11, §4.3, S5). The AMO fund, single interlocutor, paid the practitioner both parts
 * and claims the complementary part from the AMC: the claim is the practitioner's invoice as the
 * fund liquidated it, plus what dates the fund's due date. The fund is the payee (the lot's emitter).
 */
export interface C2sClaim {
  /** The practitioner the fund paid (n° de facturation or FINESS), '' when the claim names none. */
  treatingPractitionerId: string;
  /** How the practitioner sent the feuille to the fund: the term of D. 861-6 depends on it. */
  transmission: 'FSE' | 'PAPER';
  /** FSE: the date of the ARL (accusé de réception logique); paper: the date the feuille was sent. 0 when missing. */
  startDate: DateYmd;
  /** Paper first sent to a fund that does not serve the beneficiary: +15 days (D. 861-6 2°). */
  wrongFund: boolean;
  /** The fund's formal notice (mise en demeure, D. 861-5) was received that day; 0 when none. */
  formalNoticeDate: DateYmd;
}
