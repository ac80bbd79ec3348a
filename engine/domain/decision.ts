import type { Cents, DateYmd } from './units.js';
import type { Motive } from './motive.js';

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
}
