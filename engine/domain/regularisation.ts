import type { Cents, DateYmd } from './units.js';

/**
 * A rectificative or an annulation accepted against an invoice paid on an earlier day (protocol
 * §5-3, rules.md §6.2): what the AMC had paid for the care, what it owes now, and the difference.
 * A positive delta is paid as a complement with the day's transfer; a negative one becomes a debt
 * of the practitioner (an indu), recovered by set-off on the practitioner's next transfers.
 */
export interface Regularisation {
  nature: 'RECTIFICATIVE' | 'ANNULATION';
  /** The invoice number the rectificative or annulation names. */
  rectifiedInvoice: string;
  /**
   * The first invoice of the chain (a rectificative of a rectificative regularises the same care):
   * every regularisation of one care is keyed by it.
   */
  originalInvoice: string;
  /** What the AMC had paid for the care before this regularisation (original plus earlier deltas). */
  previousCents: Cents;
  /** What the AMC owes for the care now: the recomputed part, 0 for an annulation. */
  newCents: Cents;
  /** newCents − previousCents. */
  deltaCents: number;
}

/** An indu: what a practitioner owes back after a regularisation lowered what was due. */
export interface Debt {
  practitionerId: string;
  amcNumber: string;
  /** The rectificative or annulation that created it. */
  invoiceNumber: string;
  /** The first invoice of the regularised care. */
  originalInvoice: string;
  amountCents: Cents;
  /** Accounting day the debt was created on. */
  createdOn: DateYmd;
}

/** A debt still open before the run, as the ledger holds it. */
export interface OpenDebt extends Debt {
  /** What remains to recover before the run. */
  remainingCents: Cents;
}

/** Part of a debt recovered from one day's transfer. */
export interface DebtOffset {
  practitionerId: string;
  amcNumber: string;
  /** The debt's rectificative or annulation, and its original invoice. */
  debtInvoice: string;
  originalInvoice: string;
  debtCreatedOn: DateYmd;
  amountCents: Cents;
  /** What remains of the debt after this offset. */
  remainingCents: Cents;
}

/**
 * What the ledger knows of an invoice a rectificative or an annulation names, for one
 * practitioner (invoice numbers are the practitioner's own: another practitioner's invoice with
 * the same number is not this one).
 */
export type RegularisationTarget =
  | { kind: 'UNKNOWN' }
  /** Recorded, but never paid: there is nothing to regularise. */
  | { kind: 'REJECTED' }
  | {
    kind: 'PAID';
    /** The first invoice of the care (the named one, or the one its own regularisations name). */
    originalInvoice: string;
    /** What the AMC has paid for the care so far: the original, then each regularisation's new amount. */
    currentCents: Cents;
    /** An annulation was accepted: nothing more can be regularised. */
    cancelled: boolean;
  };
