import type { Decision } from '../../engine/domain/decision.js';
import { MOTIVES, type Motive, type MotiveCode } from '../../engine/domain/motive.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';

/** The accounting day of the settlement tests: Monday 23 November 2026. */
export const ACCOUNTING_DATE = 20261123 as DateYmd;

export const motiveOf = (code: MotiveCode, label: string = MOTIVES[code].label): Motive => ({ code, label });

/** A paid decision of 12.34 € by default; the overrides say what the test is about. */
export function decisionOf(overrides: Partial<Decision> = {}): Decision {
  const status = overrides.status ?? 'PAID';
  const amount = (overrides.claimedCents ?? 1234) as Cents;
  return {
    sequence: 1,
    file: 'inbox/a.b2',
    lot: '001',
    line: 1,
    invoiceNumber: '000000001',
    practitionerId: '991023763',
    amcNumber: '0012345678',
    status,
    paidCents: (status === 'PAID' ? amount : 0) as Cents,
    claimedCents: amount,
    motives: status === 'REJECTED' ? [motiveOf('DROITS_FERMES')] : [],
    receivedDate: 20261120 as DateYmd,
    dueDate: 20261127 as DateYmd,
    channel: 'B2_PS',
    ...overrides,
  };
}

/** Decisions numbered 1…n in sequence, each built by `make(i)` on top of the defaults. */
export function decisionsOf(n: number, make: (i: number) => Partial<Decision>): Decision[] {
  return Array.from({ length: n }, (_, i) => decisionOf({ sequence: i + 1, line: i + 1, invoiceNumber: String(i + 1).padStart(9, '0'), ...make(i) }));
}
