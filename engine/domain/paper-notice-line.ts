import type { DecisionStatus } from './decision.js';
import type { MotiveCode } from './motive.js';
import type { DateYmd } from './units.js';

/**
 * One paper invoice as the practitioner's notice states it (protocol §8-3): the day's own
 * decisions for the daily e-mail, and for the monthly summary the month's, read back from the
 * ledger for earlier runs (engine/ledger/paper-notice-lines.ts). A Decision has every field.
 */
export interface PaperNoticeLine {
  invoiceNumber: string;
  receivedDate: DateYmd;
  status: DecisionStatus;
  /** What the AMC paid (0 when rejected). */
  paidCents: number;
  /** The declared AMC total the practitioner asked for. */
  claimedCents: number;
  /** The motives in clear; a rejected invoice's are its reasons. */
  motives: ReadonlyArray<{ readonly code: MotiveCode; readonly label: string }>;
}

/** The same, with the accounting day of the run that decided it: the monthly summary groups by it. */
export interface DatedPaperNoticeLine extends PaperNoticeLine {
  accountingDate: DateYmd;
}
