import type { Decision } from '../domain/decision.js';
import type { DateYmd } from '../domain/units.js';

/**
 * The C2S claims of one AMO fund in a run (summary.json `c2s`): what the AMC paid the fund for the
 * care the fund paid practitioners (D. 861-4), how many claims were paid after their D. 861-6 due
 * date, and the L. 861-3 increases paid with them.
 */
export interface C2sFundTally {
  claims: number;
  paid: { count: number; claimedCents: number; paidCents: number };
  rejected: { count: number; claimedCents: number };
  /** Paid claims whose execution date is after their due date. */
  late: { count: number; paidCents: number };
  /** Paid claims increased by 10 % (late, or under formal notice), and the increases alone. */
  increased: { count: number; increaseCents: number };
}

/** Per fund, for the decisions of the C2S channel; nothing is held for any other invoice. */
export class C2sTally {
  private readonly funds = new Map<string, C2sFundTally>();

  constructor(private readonly executionDate: DateYmd) {}

  get empty(): boolean {
    return this.funds.size === 0;
  }

  add(decision: Decision): void {
    if (decision.channel !== 'C2S') return;
    let fund = this.funds.get(decision.practitionerId);
    if (fund === undefined) {
      fund = {
        claims: 0,
        paid: { count: 0, claimedCents: 0, paidCents: 0 },
        rejected: { count: 0, claimedCents: 0 },
        late: { count: 0, paidCents: 0 },
        increased: { count: 0, increaseCents: 0 },
      };
      this.funds.set(decision.practitionerId, fund);
    }
    fund.claims += 1;
    if (decision.status !== 'PAID') {
      fund.rejected.count += 1;
      fund.rejected.claimedCents += decision.claimedCents;
      return;
    }
    fund.paid.count += 1;
    fund.paid.claimedCents += decision.claimedCents;
    fund.paid.paidCents += decision.paidCents;
    if (decision.dueDate !== 0 && this.executionDate > decision.dueDate) {
      fund.late.count += 1;
      fund.late.paidCents += decision.paidCents;
    }
    const increase = decision.c2sIncreaseCents ?? 0;
    if (increase > 0) {
      fund.increased.count += 1;
      fund.increased.increaseCents += increase;
    }
  }

  /** Per fund code, in code order. */
  byFund(): Record<string, C2sFundTally> {
    const record: Record<string, C2sFundTally> = {};
    for (const key of [...this.funds.keys()].sort()) record[key] = this.funds.get(key)!;
    return record;
  }
}
