import { checkSepaIban } from '../../codecs/identifiers/iban.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Practitioner } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents } from '../domain/units.js';
import { oracleInvoiceAmcCents } from '../liquidate/invoice-amc-oracle.js';
import { liquidateInvoice, type LiquidationTerms } from '../liquidate/liquidate-invoice.js';
import { earliestActDate } from './act-dates.js';
import { checkAmounts, checkDeclaredAmc } from './amounts.js';
import type { Assessment, AssessmentContext } from './assessment.js';
import { checkBeneficiary } from './beneficiary.js';
import { checkCoverage, resolveCoverage } from './coverage.js';
import { checkDeadline } from './deadline.js';
import { checkTransmissionDelay } from './transmission-delay.js';
import { checkOptionalRubrics } from './optional-rubrics.js';
import { checkMandatory } from './mandatory.js';
import { checkPecAmount, checkPecReference, type PecToConsume } from './pec.js';
import { checkPractitioner } from './practitioner.js';
import { checkC2sBeneficiary, checkClaimDates, checkClaimingFund, type PayeeTerms } from './c2s-claim.js';
import { checkSecuring } from './securing.js';
import { assessAnnulation } from './operation-nature.js';
import { NO_CLAIMS } from './assessment.js';
import { renewalClaims } from './renewal-claims.js';
import { ceilingClaims } from './ceiling-claims.js';
import type { CounterClaim } from '../domain/counter-claim.js';
import { BoundedMemo } from '../bounded-memo.js';

/**
 * The engine pays by SEPA credit transfer: an IBAN is payable when it is a valid SEPA IBAN.
 * The check costs more than all the other rules of a small invoice together (≈ 3 µs), and a
 * practitioner sends thousands of invoices, so the answer is kept per IBAN text. The memo is
 * bounded so a hostile referential cannot grow it.
 */
const payableIbans = new BoundedMemo((iban) => checkSepaIban(iban).ok, 100_000);
const sepaIbanIsPayable = (iban: string): boolean => payableIbans.get(iban);

/**
 * Every stateless rule on one invoice. The issue asks for every motive found, so each family runs
 * even after another has failed; a check is skipped only when what it needs is missing (no
 * beneficiary → no contract → no guarantee; no practitioner → OPTAM status unknown → no amount).
 *
 * Motive order is the order of the families below, then line order inside a family, so the same
 * invoice always gives the same list.
 */
export function assessInvoice(invoice: Invoice, ref: ReferentialView, ctx: AssessmentContext): Assessment {
  if (invoice.nature === 'ANNULATION') return assessAnnulation(invoice);
  const motives: Motive[] = [];
  const careDate = earliestActDate(invoice.lines);

  // A fund's C2S claim: the fund is paid, and the practitioner's protocol terms (securing, the
  // 3-month window, transmission to the RO) were the fund's business (rules/c2s-claim.ts).
  const claim = invoice.channel === 'C2S';
  checkMandatory(invoice, motives);
  if (claim) checkClaimDates(invoice, motives);
  else checkSecuring(invoice, motives);
  const payee = claim ? checkClaimingFund(invoice, ref, motives, sepaIbanIsPayable) : practitionerTerms(checkPractitioner(invoice, ref, motives, sepaIbanIsPayable));
  const beneficiary = checkBeneficiary(invoice, ref, careDate, motives);
  if (claim && beneficiary !== undefined) checkC2sBeneficiary(beneficiary, motives);
  const coverage = resolveCoverage(invoice, ref, beneficiary?.contract);
  const signalements: Motive[] = [];
  if (!claim) {
    checkDeadline(invoice, coverage.acts, ctx.receivedDate, motives);
    checkTransmissionDelay(invoice, coverage.acts, signalements);
    checkOptionalRubrics(invoice, coverage.acts, signalements);
  }
  checkAmounts(invoice, motives);
  if (beneficiary !== undefined) checkCoverage(invoice, coverage, motives);

  let lineAmcCents: Cents[] | undefined;
  let amcCents = 0 as Cents;
  let auditMismatches = 0;
  let claims: readonly CounterClaim[] = NO_CLAIMS;
  if (beneficiary !== undefined && payee !== undefined) {
    const terms: LiquidationTerms = {
      guarantees: coverage.guarantees,
      acts: coverage.acts,
      nonOptamPractitioner: payee.nonOptamPractitioner,
      equipment: { items: coverage.equipment, maxima: ref },
    };
    const liquidation = liquidateInvoice(invoice, terms);
    lineAmcCents = liquidation.lineAmcCents;
    amcCents = liquidation.amcCents;
    if (ctx.auditArithmetic) auditMismatches = auditLines(invoice, terms, lineAmcCents);
    const renewals = renewalClaims(invoice, coverage, lineAmcCents);
    const ceilings = ceilingClaims(invoice, coverage, lineAmcCents, ref, beneficiary, careDate);
    // Both kinds of counter, renewal claims first; a line a counter may lower is held to its
    // declared part by the commit step, which knows the counter.
    const counted = renewals !== undefined && ceilings !== undefined
      ? { claims: [...renewals.claims, ...ceilings.claims], lines: renewals.lines.map((under, i) => under || ceilings.lines[i] === true) }
      : renewals ?? ceilings;
    if (counted !== undefined) claims = counted.claims;
    checkDeclaredAmc(invoice, coverage.guarantees, lineAmcCents, motives, counted?.lines);
  }

  let pecToConsume: PecToConsume | null = null;
  if (beneficiary !== undefined) {
    const pec = checkPecReference(invoice, ref, coverage, motives);
    if (pec !== undefined && lineAmcCents !== undefined) pecToConsume = checkPecAmount(pec, coverage, lineAmcCents, motives);
  }

  return { motives, amcCents, lineAmcCents: lineAmcCents ?? zeros(invoice.lines.length), pecToConsume, careDate, auditMismatches, claims, signalements };
}

/** The R871-2 2° dépassement cap is about doctors: an établissement is never "non-OPTAM". */
const practitionerTerms = (practitioner: Practitioner | undefined): PayeeTerms | undefined =>
  practitioner === undefined ? undefined : practitioner.kind === 'PS' && !practitioner.optam ? NON_OPTAM : NOT_CAPPED;
const NON_OPTAM: PayeeTerms = Object.freeze({ nonOptamPractitioner: true });
const NOT_CAPPED: PayeeTerms = Object.freeze({ nonOptamPractitioner: false });

const zeros = (count: number): Cents[] => new Array<Cents>(count).fill(0 as Cents);

/** Recomputes every line with decimal.js, the arithmetic of record, and counts disagreements. */
function auditLines(invoice: Invoice, terms: LiquidationTerms, lineAmcCents: readonly Cents[]): number {
  const expected = oracleInvoiceAmcCents(invoice, terms);
  let mismatches = 0;
  expected.forEach((cents, i) => {
    if (cents !== lineAmcCents[i]) mismatches++;
  });
  return mismatches;
}
