import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Cents } from '../domain/units.js';
import { earliestActDate } from './act-dates.js';
import { checkAmounts } from './amounts.js';
import { NO_CLAIMS, type Assessment } from './assessment.js';
import { checkMandatory } from './mandatory.js';

/**
 * A DRE "annulation" (formats.md E4) cancels an earlier demand: it asks for no payment, and what
 * the AMC paid for that demand becomes a debt of the practitioner (rules.md §6.2 step 3), decided
 * by the commit step against the ledger. The cancellation is the practitioner's (or the AMO's)
 * word on an invoice already judged, so only its own form is checked here: rights closed since,
 * a deadline passed or an IBAN changed must not keep an overpayment from being recovered.
 */
export function assessAnnulation(invoice: Invoice): Assessment {
  const motives: Motive[] = [];
  checkMandatory(invoice, motives);
  checkAmounts(invoice, motives);
  return {
    motives,
    amcCents: 0 as Cents,
    lineAmcCents: new Array<Cents>(invoice.lines.length).fill(0 as Cents),
    pecToConsume: null,
    careDate: earliestActDate(invoice.lines),
    auditMismatches: 0,
    claims: NO_CLAIMS,
    // An annulation asks for nothing: how late it was sent, or what it lacks, changes nothing.
    signalements: [],
  };
}
