import { formatFr } from '../calendar/ymd.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Pec } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';
import { earliestActDateOutside } from './act-dates.js';
import type { InvoiceCoverage } from './coverage.js';
import { domainIsWithin } from './domain-groups.js';
import { motive } from './motive-factory.js';

/**
 * Protocol §3 (rules.md P3): for optique and dentaire except conservative care, the payment
 * guarantee is the amount on the prise en charge (PEC) notification — no PEC, no payment. Which
 * domains need one is a property of the guarantee (pecRequired), so DESO simply does not set it.
 *
 * This is the stateless part, run in the workers: the PEC exists, belongs to this beneficiary,
 * practitioner, AMC and domain, is valid at the act dates, and covers the computed amount. That
 * a PEC is used only once depends on other invoices, so the sequential commit step checks it with
 * the PecToConsume returned here.
 */

export interface PecToConsume {
  readonly pecNumber: string;
  /** The complementary part of the lines the PEC guarantees. */
  readonly cents: Cents;
}

/** True when any line's guarantee requires a PEC. */
export function needsPec(coverage: InvoiceCoverage): boolean {
  for (const guarantee of coverage.guarantees) if (guarantee?.pecRequired === true) return true;
  return false;
}

/**
 * Checks the PEC the invoice names against every line that requires one. Returns the PEC when it
 * is valid for all of them, undefined otherwise (motive pushed) or when no line needs one.
 */
export function checkPecReference(
  invoice: Invoice,
  ref: ReferentialView,
  coverage: InvoiceCoverage,
  motives: Motive[],
): Pec | undefined {
  if (!needsPec(coverage)) return undefined;
  if (invoice.pecNumber === '') {
    motives.push(motive('PEC_ABSENTE'));
    return undefined;
  }
  const pec = ref.pec(invoice.pecNumber);
  const problem = pec === undefined ? 'inconnue' : pecMismatch(invoice, pec, coverage);
  if (problem !== undefined) {
    motives.push(motive('PEC_INVALIDE', `(n° ${invoice.pecNumber} ${problem})`));
    return undefined;
  }
  return pec;
}

function pecMismatch(invoice: Invoice, pec: Pec, coverage: InvoiceCoverage): string | undefined {
  if (pec.amcNumber !== invoice.amcNumber) return 'émise pour un autre organisme';
  if (pec.nir !== invoice.nir) return 'émise pour un autre bénéficiaire';
  if (pec.practitionerId !== invoice.practitionerId) return 'émise pour un autre professionnel';
  for (let i = 0; i < invoice.lines.length; i++) {
    if (coverage.guarantees[i]?.pecRequired !== true) continue;
    const domain = coverage.domains[i] ?? '';
    if (!domainIsWithin(domain, pec.domain)) return `émise pour le domaine ${pec.domain}, non ${domain}`;
  }
  const outside = earliestActDateOutside(pecLines(invoice, coverage), pec.validity);
  if (outside !== 0) return `non valide au ${formatFr(outside)}`;
  return undefined;
}

const pecLines = (invoice: Invoice, coverage: InvoiceCoverage): Invoice['lines'] =>
  invoice.lines.filter((_, i) => coverage.guarantees[i]?.pecRequired === true);

/**
 * The computed complementary part of the PEC lines must stay within the amount granted. Returns
 * what to consume when it does, null otherwise (motive pushed).
 */
export function checkPecAmount(
  pec: Pec,
  coverage: InvoiceCoverage,
  lineAmcCents: readonly Cents[],
  motives: Motive[],
): PecToConsume | null {
  let pecCents = 0;
  for (let i = 0; i < lineAmcCents.length; i++) {
    if (coverage.guarantees[i]?.pecRequired === true) pecCents += lineAmcCents[i] ?? 0;
  }
  if (pecCents > pec.grantedCents) {
    const detail = `(calculée ${formatEurosFr(pecCents as Cents)}, accordée ${formatEurosFr(pec.grantedCents)})`;
    motives.push(motive('PEC_DEPASSEE', detail));
    return null;
  }
  return { pecNumber: pec.pecNumber, cents: pecCents as Cents };
}
