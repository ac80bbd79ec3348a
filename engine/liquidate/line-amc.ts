import type { InvoiceLine } from '../domain/invoice.js';
import type { Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
import { applyRateHalfUp } from '../money/apply-rate.js';
import { capNonOptamDepassement, horsParcoursMajorationCents, nonOptamInclusiveRate } from './responsable-caps.js';

/** Facts about the invoice, the same for each of its lines, that the contrat responsable rules read. */
export interface CareConditions {
  /** Hors parcours de soins coordonnés (invoice flag). */
  readonly horsParcours: boolean;
  /**
   * The payee is a médecin who does not adhere to OPTAM / OPTAM-CO at the date of care. False for
   * an établissement: the R871-2 2° cap is on the dépassements of a doctor.
   */
  readonly nonOptamPractitioner: boolean;
}

/**
 * The complementary (AMC) part of one invoice line under one guarantee, in cents — rules.md §2.1:
 *
 *   coverable = max(0, FR − AMO − excluded)      indemnity ceiling (§2.3), minus what a contrat
 *                                                responsable may not pay (§2.4)
 *   raw       = formula(guarantee)               §2.2, each rate product rounded half-up first,
 *                                                then the AMO subtracted (§1.12)
 *   AMC       = max(0, min(raw, coverable))
 *
 * The AMO is the gross amount as received, so the participation forfaitaire and the franchises
 * stay with the patient without appearing here (L871-1). Annual ceilings and forfaits per period
 * are counters, applied later by the sequential commit step, not here; rules over several lines
 * (equipment forfaits, 100 % Santé and equipment maxima) are liquidate-invoice.ts's.
 *
 * Called once per line on millions of invoices: no allocation, no branch on strings other than
 * the formula switch.
 */
export function lineAmcCents(
  line: InvoiceLine,
  guarantee: Guarantee,
  medecinAct: boolean,
  conditions: CareConditions,
): Cents {
  const { baseCents, amoCents, feeCents } = line;
  const restCents = Math.max(0, feeCents - amoCents);
  const ticketModerateurCents = Math.max(0, baseCents - amoCents) as Cents;
  const responsableMedecin = guarantee.responsable && medecinAct;
  const excludedCents = responsableMedecin && conditions.horsParcours ? horsParcoursMajorationCents(baseCents) : 0;
  const coverableCents = Math.max(0, restCents - excludedCents);
  const capDepassement = responsableMedecin && conditions.nonOptamPractitioner;

  let rawCents: number;
  switch (guarantee.formula) {
    case 'TM':
      rawCents = applyRateHalfUp(ticketModerateurCents, guarantee.rate);
      break;
    case 'BR_INCL_AMO': {
      const rate = capDepassement ? nonOptamInclusiveRate(guarantee.rate) : guarantee.rate;
      rawCents = applyRateHalfUp(baseCents, rate) - amoCents;
      break;
    }
    case 'BR_EXCL_AMO':
      rawCents = applyRateHalfUp(baseCents, guarantee.rate);
      if (capDepassement) rawCents = capNonOptamDepassement(rawCents as Cents, ticketModerateurCents, baseCents);
      break;
    case 'FR':
      rawCents = applyRateHalfUp(restCents as Cents, guarantee.rate);
      if (capDepassement) rawCents = capNonOptamDepassement(rawCents as Cents, ticketModerateurCents, baseCents);
      break;
    case 'UNIT':
      // A fractional quantity is rejected by the amounts rule; paying nothing for it keeps the
      // result whole cents either way.
      rawCents = Number.isSafeInteger(line.quantity) ? guarantee.amountCents * line.quantity : 0;
      break;
    case 'FORFAIT':
      rawCents = guarantee.amountCents;
      break;
    case 'EQUIPMENT_FORFAIT':
      // The forfait is per equipment, shared by the invoice's lines (equipment-forfait.ts); alone,
      // a line may be paid up to its own indemnity ceiling.
      rawCents = restCents;
      break;
    case 'PEC':
      // The PEC notification, not a rate, fixes what is guaranteed (protocol §3): the practitioner
      // splits the granted amount over the lines, each line keeps its own indemnity ceiling, and
      // the invoice total is held against the amount granted by the PEC rule.
      rawCents = line.amcDeclaredCents;
      break;
    case 'NOT_COVERED':
      // The line is outside the card; whether claiming it rejects the invoice is the coverage
      // rule's decision. Its complementary part is nothing.
      rawCents = 0;
      break;
  }
  return Math.max(0, Math.min(rawCents, coverableCents)) as Cents;
}
