import { formatFr } from '../calendar/ymd.js';
import type { Motive } from '../domain/motive.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';
import { applyRateHalfUp } from '../money/apply-rate.js';
import { rateOfWholePercent } from '../money/rate.js';
import { motive } from '../rules/motive-factory.js';

/**
 * L. 861-3 (last paragraph) and D. 861-5 (seed 001, rules.md §4.3): sums an AMC owes a fund for
 * C2S care and has not paid within the D. 861-6 term are claimed by formal notice "majorées de
 * 10 %". tpliq pays the increase itself, with the claim, when it pays late or once a formal
 * notice has been received, so the fund never has to chase it.
 *
 * The increase is 10 % of what the claim is paid, rounded half-up to the cent once per claim
 * (rules.md §1.12: the claim is the "line" the rate applies to) [INFERRED: no text says where to
 * round]. Late means paid after the due date: the run's execution date (the day the transfer is
 * made, pain.001 ReqdExctnDt) is later than the due date.
 */
export const C2S_INCREASE_PERCENT = 10;
const C2S_INCREASE_RATE = rateOfWholePercent(C2S_INCREASE_PERCENT);

export interface C2sIncrease {
  cents: Cents;
  /** The signalement the paid claim carries, with the amount and why. */
  signalement: Motive;
}

export interface C2sPayment {
  /** What the claim is paid before the increase. */
  paidCents: Cents;
  dueDate: DateYmd;
  formalNoticeDate: DateYmd;
  executionDate: DateYmd;
}

/** The increase a paid claim carries, or undefined when it is paid in time and under no formal notice. */
export function c2sIncrease(payment: C2sPayment): C2sIncrease | undefined {
  const late = payment.dueDate !== 0 && payment.executionDate > payment.dueDate;
  const noticed = payment.formalNoticeDate !== 0;
  if (!late && !noticed) return undefined;
  const cents = applyRateHalfUp(payment.paidCents, C2S_INCREASE_RATE);
  const why = noticed
    ? `mise en demeure reçue le ${formatFr(payment.formalNoticeDate)}`
    : `paiement le ${formatFr(payment.executionDate)} après l'échéance du ${formatFr(payment.dueDate)}`;
  return { cents, signalement: motive('MAJORATION_C2S', `de ${C2S_INCREASE_PERCENT} % : ${formatEurosFr(cents)} € (${why})`) };
}
