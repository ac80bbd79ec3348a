import type { Motive } from '../domain/motive.js';
import type { Regularisation } from '../domain/regularisation.js';
import type { Cents } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';
import { motive } from '../rules/motive-factory.js';
import type { LedgerLookups } from './ledger-lookups.js';

/** A rectificative or an annulation as the commit step sees it. */
export interface RegularisationRequest {
  nature: 'RECTIFICATIVE' | 'ANNULATION';
  practitionerId: string;
  invoiceNumber: string;
  /** The invoice it names ('' when it names none). */
  refersTo: string;
  /** The part the workers recomputed with the new AMO data (ignored for an annulation). */
  computedCents: Cents;
}

/** What the run itself has already done, which the ledger does not know yet. */
export interface RunRegularisationState {
  /** An invoice of this practitioner with this number was paid (or regularised) earlier in the run. */
  paidThisRun(practitionerId: string, invoiceNumber: string): boolean;
  /** The care of this original invoice was regularised earlier in the run. */
  regularisedThisRun(practitionerId: string, originalInvoice: string): boolean;
}

export type RegularisationJudgement = { motive: Motive } | { regularisation: Regularisation };

/**
 * rules.md §6.2, protocol §5-3: a rectificative or an annulation is judged against what was paid
 * for the care it names. The named invoice must be one this practitioner was paid for on an
 * earlier day; a rectificative of a rectificative regularises the same care again, from what the
 * last one left. An invoice paid or regularised earlier in the same run is refused
 * (RECTIFICATIVE_PREMATUREE): its money has not gone out yet, and the practitioner's correction
 * belongs to the next day, after the transfer it changes.
 */
export function judgeRegularisation(request: RegularisationRequest, run: RunRegularisationState, ledger: LedgerLookups): RegularisationJudgement {
  const { practitionerId, refersTo } = request;
  if (refersTo === '') return { motive: motive('RECTIFICATIVE_SANS_REFERENCE') };
  if (refersTo === request.invoiceNumber) return { motive: motive('RECTIFICATIVE_SANS_REFERENCE', `(désigne sa propre facture n° ${refersTo})`) };
  if (run.paidThisRun(practitionerId, refersTo)) return { motive: motive('RECTIFICATIVE_PREMATUREE', `(facture n° ${refersTo} payée dans ce même traitement)`) };
  const target = ledger.regularisationTarget(practitionerId, refersTo);
  if (target.kind === 'UNKNOWN') return { motive: motive('FACTURE_RECTIFIEE_INCONNUE', `(aucune facture n° ${refersTo} payée à ce professionnel)`) };
  if (target.kind === 'REJECTED') return { motive: motive('FACTURE_RECTIFIEE_REJETEE', `(facture n° ${refersTo} rejetée)`) };
  if (target.cancelled) return { motive: motive('FACTURE_DEJA_ANNULEE', `(facture n° ${target.originalInvoice})`) };
  if (run.regularisedThisRun(practitionerId, target.originalInvoice)) {
    return { motive: motive('RECTIFICATIVE_PREMATUREE', `(facture n° ${target.originalInvoice} déjà régularisée dans ce même traitement)`) };
  }
  const newCents = (request.nature === 'ANNULATION' ? 0 : request.computedCents) as Cents;
  return {
    regularisation: {
      nature: request.nature,
      rectifiedInvoice: refersTo,
      originalInvoice: target.originalInvoice,
      previousCents: target.currentCents,
      newCents,
      deltaCents: newCents - target.currentCents,
    },
  };
}

/** The signalement an accepted regularisation carries, in clear for the practitioner. */
export function regularisationSignalement(r: Regularisation): Motive {
  const what = r.nature === 'ANNULATION' ? `annulation de la facture n° ${r.originalInvoice}` : `facture n° ${r.originalInvoice}`;
  const outcome = r.deltaCents > 0 ? `complément ${formatEurosFr(r.deltaCents as Cents)}`
    : r.deltaCents < 0 ? `indu ${formatEurosFr(-r.deltaCents as Cents)}` : 'sans écart';
  return motive('REGULARISATION', `(${what} : payé ${formatEurosFr(r.previousCents)}, dû ${formatEurosFr(r.newCents)}, ${outcome})`);
}
