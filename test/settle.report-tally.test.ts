import { describe, expect, it } from 'vitest';
import type { Cents } from '../engine/domain/units.js';
import { REJECTED_PRACTITIONERS_LISTED_MAX, ReportTally, type ReportNames } from '../engine/settle/report-tally.js';
import { decisionOf, decisionsOf } from './support/decision-builder.js';

const c = (n: number): Cents => n as Cents;
const names: ReportNames = {
  amcName: (amcNumber) => (amcNumber === '0012345678' ? 'MUTUELLE A' : undefined),
  practitionerName: (id) => (id === '991023763' ? 'DR UN' : undefined),
};

describe('report tallies per AMC and per practitioner', () => {
  it('counts each AMC’s invoices, paid and rejected, with its name from the referential, by AMC number', () => {
    const tally = new ReportTally();
    tally.add(decisionOf({ amcNumber: '0099999999', claimedCents: c(500) }));
    tally.add(decisionOf({ amcNumber: '0012345678', claimedCents: c(1000) }));
    tally.add(decisionOf({ amcNumber: '0012345678', status: 'REJECTED', claimedCents: c(300) }));
    tally.add(decisionOf({ amcNumber: '', status: 'REJECTED', claimedCents: c(7) }));
    expect(tally.detail(names).amcs).toEqual([
      { amcNumber: '', name: undefined, invoiceCount: 1, claimedCents: 7, paidCount: 0, paidCents: 0, rejectedCount: 1, rejectedClaimedCents: 7 },
      { amcNumber: '0012345678', name: 'MUTUELLE A', invoiceCount: 2, claimedCents: 1300, paidCount: 1, paidCents: 1000, rejectedCount: 1, rejectedClaimedCents: 300 },
      { amcNumber: '0099999999', name: undefined, invoiceCount: 1, claimedCents: 500, paidCount: 1, paidCents: 500, rejectedCount: 0, rejectedClaimedCents: 0 },
    ]);
  });

  it('lists the practitioners with the most rejections first, ties by billing id, never one without any', () => {
    const tally = new ReportTally();
    const rejected = (practitionerId: string, claimedCents = 100) => decisionOf({ practitionerId, status: 'REJECTED', claimedCents: c(claimedCents) });
    for (const d of [rejected('200000002'), rejected('991023763', 40), rejected('100000001'), rejected('991023763', 60), decisionOf({ practitionerId: '991023763' }), decisionOf({ practitionerId: '300000003' })]) tally.add(d);
    const detail = tally.detail(names);
    expect(detail.rejectedPractitioners).toEqual([
      { practitionerId: '991023763', name: 'DR UN', invoiceCount: 3, rejectedCount: 2, rejectedClaimedCents: 100 },
      { practitionerId: '100000001', name: undefined, invoiceCount: 1, rejectedCount: 1, rejectedClaimedCents: 100 },
      { practitionerId: '200000002', name: undefined, invoiceCount: 1, rejectedCount: 1, rejectedClaimedCents: 100 },
    ]);
    expect(detail.practitionersWithRejections).toBe(3);
  });

  it(`lists at most ${REJECTED_PRACTITIONERS_LISTED_MAX} practitioners and counts them all`, () => {
    const tally = new ReportTally();
    // Practitioner i has i + 1 rejections: the last ten are the worst.
    const ids = Array.from({ length: 25 }, (_, i) => String(100_000_000 + i));
    ids.forEach((id, i) => decisionsOf(i + 1, () => ({ practitionerId: id, status: 'REJECTED' })).forEach((d) => tally.add(d)));
    const detail = tally.detail(names);
    expect(detail.rejectedPractitioners.map((p) => p.practitionerId)).toEqual(ids.slice(-REJECTED_PRACTITIONERS_LISTED_MAX).reverse());
    expect(detail.practitionersWithRejections).toBe(25);
  });

  it('gives the same detail whatever order the decisions came in', () => {
    const list = decisionsOf(40, (i) => ({ practitionerId: String(100_000_000 + (i % 7)), amcNumber: String(i % 5).padStart(10, '0'), status: i % 3 === 0 ? 'REJECTED' : 'PAID' }));
    const forward = new ReportTally();
    const backward = new ReportTally();
    for (const d of list) forward.add(d);
    for (const d of [...list].reverse()) backward.add(d);
    expect(backward.detail(names)).toEqual(forward.detail(names));
  });
});
