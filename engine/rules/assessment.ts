import type { Motive } from '../domain/motive.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { PecToConsume } from './pec.js';
import type { CounterClaim } from '../domain/counter-claim.js';

/**
 * What the stateless checks say about one invoice, computed in a worker. The sequential commit
 * step adds what depends on other invoices (duplicates, single-use PEC, ceilings) and decides.
 * The invoice is payable, as far as the stateless rules go, iff `motives` is empty.
 */
export interface Assessment {
  /** Every motive found, in a fixed order (rule family, then line): never only the first. */
  readonly motives: Motive[];
  /** Recomputed complementary part, Σ of lineAmcCents; 0 when it cannot be computed. */
  readonly amcCents: Cents;
  /** Recomputed part of each line, in line order; all 0 when it cannot be computed. */
  readonly lineAmcCents: Cents[];
  /** The PEC the invoice would use, for the commit step's single-use check; null when none. */
  readonly pecToConsume: PecToConsume | null;
  /** Date of care of the invoice: its earliest act date (0 when no line has a valid date). */
  readonly careDate: DateYmd;
  /** With ctx.auditArithmetic: lines whose integer amount differs from decimal.js (must stay 0). */
  readonly auditMismatches: number;
  /** Counters the invoice draws on (renewal periods, ceilings), for the commit step; usually empty. */
  readonly claims: readonly CounterClaim[];
  /**
   * Signalements: what the practitioner is told without the invoice being rejected (a late
   * transmission, a missing non-blocking rubric); kept only if the invoice is paid. Usually empty.
   */
  readonly signalements: readonly Motive[];
}

/** The claims of nearly every invoice: none, shared. */
export const NO_CLAIMS: readonly CounterClaim[] = Object.freeze([]);

/** Facts about the run the rules need besides the invoice and the referential. */
export interface AssessmentContext {
  /** Day the invoice is deemed received (after the 17:00 cut-off: the next business day). */
  readonly receivedDate: DateYmd;
  /** `--audit-arithmetic`: recompute every line with decimal.js and count differences. */
  readonly auditArithmetic?: boolean;
}
