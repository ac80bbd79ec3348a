import type { Decision } from '../domain/decision.js';

/**
 * What report.html shows that summary.json does not count: the day per AMC, and the practitioners
 * with the most rejected invoices. Fed one decision at a time by the commit step, like SummaryTally,
 * so the run never reads its decisions back for it. It holds one small record per AMC and per
 * practitioner met (thousands, not millions), never a decision.
 */

export interface AmcTally {
  /** As written on the invoices; '' for invoices that name none. */
  amcNumber: string;
  /** From the referential; undefined when the AMC is unknown to it. */
  name: string | undefined;
  invoiceCount: number;
  claimedCents: number;
  paidCount: number;
  paidCents: number;
  rejectedCount: number;
  rejectedClaimedCents: number;
}

export interface RejectedPractitioner {
  /** Billing id as written on the invoices (may be malformed: it is the invoices' word). */
  practitionerId: string;
  /** From the referential; undefined when the practitioner is unknown to it. */
  name: string | undefined;
  invoiceCount: number;
  rejectedCount: number;
  rejectedClaimedCents: number;
}

export interface ReportDetail {
  /** Every AMC of the day, by AMC number. */
  amcs: AmcTally[];
  /** At most REJECTED_PRACTITIONERS_LISTED_MAX, most rejections first (ties by billing id). */
  rejectedPractitioners: RejectedPractitioner[];
  /** How many practitioners had at least one rejected invoice, listed or not. */
  practitionersWithRejections: number;
}

/** A page an operator reads on one screen: the worst offenders, not a directory. */
export const REJECTED_PRACTITIONERS_LISTED_MAX = 10;

/** Where the names come from (the run's payee directory); names only, never anything else of the referential. */
export interface ReportNames {
  amcName(amcNumber: string): string | undefined;
  practitionerName(practitionerId: string): string | undefined;
}

type AmcCounts = Omit<AmcTally, 'amcNumber' | 'name'>;
type PractitionerCounts = Omit<RejectedPractitioner, 'practitionerId' | 'name'>;

export class ReportTally {
  private readonly amcs = new Map<string, AmcCounts>();
  private readonly practitioners = new Map<string, PractitionerCounts>();

  add(decision: Decision): void {
    let amc = this.amcs.get(decision.amcNumber);
    if (amc === undefined) {
      amc = { invoiceCount: 0, claimedCents: 0, paidCount: 0, paidCents: 0, rejectedCount: 0, rejectedClaimedCents: 0 };
      this.amcs.set(decision.amcNumber, amc);
    }
    let practitioner = this.practitioners.get(decision.practitionerId);
    if (practitioner === undefined) {
      practitioner = { invoiceCount: 0, rejectedCount: 0, rejectedClaimedCents: 0 };
      this.practitioners.set(decision.practitionerId, practitioner);
    }
    amc.invoiceCount += 1;
    amc.claimedCents += decision.claimedCents;
    practitioner.invoiceCount += 1;
    if (decision.status === 'PAID') {
      amc.paidCount += 1;
      amc.paidCents += decision.paidCents;
    } else {
      amc.rejectedCount += 1;
      amc.rejectedClaimedCents += decision.claimedCents;
      practitioner.rejectedCount += 1;
      practitioner.rejectedClaimedCents += decision.claimedCents;
    }
  }

  /** Sorted whatever order the decisions came in, so the report's bytes depend on the inputs only. */
  detail(names: ReportNames): ReportDetail {
    const amcs = [...this.amcs]
      .sort(([a], [b]) => compareText(a, b))
      .map(([amcNumber, counts]) => ({ amcNumber, name: names.amcName(amcNumber), ...counts }));
    const rejected = [...this.practitioners].filter(([, counts]) => counts.rejectedCount > 0);
    const rejectedPractitioners = rejected
      .sort(([idA, a], [idB, b]) => b.rejectedCount - a.rejectedCount || compareText(idA, idB))
      .slice(0, REJECTED_PRACTITIONERS_LISTED_MAX)
      .map(([practitionerId, counts]) => ({ practitionerId, name: names.practitionerName(practitionerId), ...counts }));
    return { amcs, rejectedPractitioners, practitionersWithRejections: rejected.length };
  }
}

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
