import type { Cents, DateYmd } from './units.js';
import type { Motive } from './motive.js';
import type { Channel } from './invoice.js';
import type { Regularisation } from './regularisation.js';

export type DecisionStatus = 'PAID' | 'REJECTED';

/** The final word on one invoice, made by the commit step. */
export interface Decision {
  sequence: number;
  file: string;
  lot: string;
  line: number;
  invoiceNumber: string;
  practitionerId: string;
  amcNumber: string;
  status: DecisionStatus;
  /** What the AMC pays (0 when rejected). */
  paidCents: Cents;
  /** What the practitioner asked for: the declared AMC total. */
  claimedCents: Cents;
  motives: Motive[];
  receivedDate: DateYmd;
  dueDate: DateYmd;
  /**
   * Channel the invoice came by (copied from the Invoice). Settlement needs it: the run summary
   * counts per channel and paper invoices get e-mail / monthly notices (P10) instead of NOEMIE.
   */
  channel?: Channel;
  /**
   * An accepted rectificative or annulation: what it changed for the care it names. `paidCents`
   * is then the complement paid today (0 when the new amount is lower: the difference is a debt).
   */
  regularisation?: Regularisation;
  /**
   * A fund's C2S claim paid after its due date or under formal notice: the 10 % increase of
   * L. 861-3, included in `paidCents` (the fund receives it with the claim). Absent otherwise.
   */
  c2sIncreaseCents?: Cents;
}
