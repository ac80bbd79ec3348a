import type { Decision } from '../domain/decision.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { Transfer } from './transfers.js';
import type { Debt, DebtOffset, OpenDebt } from '../domain/regularisation.js';

/**
 * The run invariants, checked after settlement and before anything is written or paid (style.md,
 * after TigerBeetle: assert the books balance, in positive and negative space). Each one is
 * computed again from the decisions, independently of the code that built the transfers and the
 * returns, so a bug in either shows up as a disagreement. A non-empty list means: abort the run,
 * pay nothing, commit nothing.
 */

export type InvariantCode =
  /** invoices read ≠ paid + rejected */
  | 'TPLIQ_INVARIANT_INVOICE_COUNT'
  /** amount claimed by the invoices read ≠ amount claimed by the decisions */
  | 'TPLIQ_INVARIANT_CLAIMED_TOTAL'
  /** a decision pays a negative or fractional amount, or a rejected invoice pays something (P6) */
  | 'TPLIQ_INVARIANT_DECISION_AMOUNT'
  /** a transfer of zero or less */
  | 'TPLIQ_INVARIANT_TRANSFER_NOT_POSITIVE'
  /** two transfers, or two NOEMIE totals, for one practitioner and day (P7: one global transfer) */
  | 'TPLIQ_INVARIANT_DUPLICATE_SETTLEMENT'
  /** a transfer or a NOEMIE total dated another day than the run's accounting day */
  | 'TPLIQ_INVARIANT_ACCOUNTING_DATE'
  /** a practitioner's transfer ≠ the sum of the practitioner's paid invoices */
  | 'TPLIQ_INVARIANT_TRANSFER_PAID'
  /** a practitioner's transfer ≠ the total paid in the practitioner's NOEMIE return (P13) */
  | 'TPLIQ_INVARIANT_TRANSFER_NOEMIE'
  /** sum of transfers ≠ sum paid + sum of complements − sum of offsets */
  | 'TPLIQ_INVARIANT_TRANSFERS_TOTAL'
  /** a practitioner's debts open after the day ≠ open before + created − recovered, or an offset not positive */
  | 'TPLIQ_INVARIANT_DEBT_BALANCE'
  /** a practitioner's offsets exceed what the day pays the practitioner */
  | 'TPLIQ_INVARIANT_OFFSET_EXCEEDS_PAID';

export interface InvariantViolation {
  code: InvariantCode;
  message: string;
  practitionerId?: string;
  expected?: number;
  actual?: number;
  /** Sequences of the first offending decisions (at most SEQUENCES_LISTED_MAX). */
  sequences?: number[];
}

/** The total paid that the NOEMIE return of one practitioner for one day announces. */
export interface NoemieTotal {
  practitionerId: string;
  accountingDate: DateYmd;
  paidCents: Cents;
}

export interface RunInvariantInput {
  /** What was read: every invoice that entered the run, and the AMC total they claimed. */
  invoicesIn: { count: number; claimedCents: Cents };
  decisions: Iterable<Decision>;
  transfers: readonly Transfer[];
  noemieTotals: readonly NoemieTotal[];
  accountingDate: DateYmd;
  /** The debts' side of the day (set-off); absent: no debt was open, created or recovered. */
  debts?: DebtMovements;
}

/** Debts before and after a day, as set-off left them. */
export interface DebtMovements {
  openBefore: readonly OpenDebt[];
  created: readonly Debt[];
  offsets: readonly DebtOffset[];
  openAfter: readonly OpenDebt[];
}

/** A broken decision is usually broken by the thousand: list a few, count them all. */
const SEQUENCES_LISTED_MAX = 10;

export function checkRunInvariants(input: RunInvariantInput): InvariantViolation[] {
  const tally = new DecisionTally();
  for (const decision of input.decisions) tally.add(decision);
  return tally.check(input);
}

/**
 * The decisions' side of the invariants, fed one decision at a time as the commit step decides
 * them (a run never reads millions of decisions back to check them). It is its own arithmetic,
 * independent of TransferGrouper and of the NOEMIE writer, so that a bug in either still shows.
 */
export class DecisionTally {
  private paidCount = 0;
  private rejectedCount = 0;
  private claimedCents = 0;
  private paidCents = 0;
  /** Of paidCents, what regularisations pay (complements). */
  private complementCents = 0;
  private readonly paidByPractitioner = new Map<string, number>();
  private readonly badAmountSequences: number[] = [];
  private badAmountCount = 0;

  add(decision: Decision): void {
    this.claimedCents += decision.claimedCents;
    const paid = decision.paidCents;
    const amountOk = Number.isSafeInteger(paid) && (decision.status === 'PAID' ? paid >= 0 : paid === 0);
    if (!amountOk) {
      this.badAmountCount += 1;
      if (this.badAmountSequences.length < SEQUENCES_LISTED_MAX) this.badAmountSequences.push(decision.sequence);
    }
    if (decision.status === 'PAID') {
      this.paidCount += 1;
      this.paidCents += paid;
      if (decision.regularisation !== undefined) this.complementCents += paid;
      this.paidByPractitioner.set(decision.practitionerId, (this.paidByPractitioner.get(decision.practitionerId) ?? 0) + paid);
    } else {
      this.rejectedCount += 1;
    }
  }

  /** The invariants over every decision added so far; `input.decisions` is not read. */
  check(input: Omit<RunInvariantInput, 'decisions'>): InvariantViolation[] {
    const violations: InvariantViolation[] = [];
    const { paidCount, rejectedCount, claimedCents, paidCents, paidByPractitioner, badAmountSequences, badAmountCount } = this;
    if (input.invoicesIn.count !== paidCount + rejectedCount) {
      violations.push({
        code: 'TPLIQ_INVARIANT_INVOICE_COUNT',
        message: `${input.invoicesIn.count} invoices read but ${paidCount} paid + ${rejectedCount} rejected`,
        expected: input.invoicesIn.count,
        actual: paidCount + rejectedCount,
      });
    }
    if (input.invoicesIn.claimedCents !== claimedCents) {
      violations.push({
        code: 'TPLIQ_INVARIANT_CLAIMED_TOTAL',
        message: `invoices read claim ${input.invoicesIn.claimedCents} cents but decisions claim ${claimedCents}`,
        expected: input.invoicesIn.claimedCents,
        actual: claimedCents,
      });
    }
    if (badAmountCount > 0) {
      violations.push({
        code: 'TPLIQ_INVARIANT_DECISION_AMOUNT',
        message: `${badAmountCount} decisions pay a negative or fractional amount, or pay a rejected invoice`,
        actual: badAmountCount,
        sequences: badAmountSequences,
      });
    }

    const transferByPractitioner = new Map<string, number>();
    let transfersCents = 0;
    for (const transfer of input.transfers) {
      const who = transfer.practitionerId;
      transfersCents += transfer.amountCents;
      if (!Number.isSafeInteger(transfer.amountCents) || transfer.amountCents <= 0) {
        violations.push({
          code: 'TPLIQ_INVARIANT_TRANSFER_NOT_POSITIVE',
          message: `transfer ${transfer.endToEndId} of ${transfer.amountCents} cents is not a positive amount`,
          practitionerId: who,
          actual: transfer.amountCents,
        });
      }
      if (transfer.accountingDate !== input.accountingDate) {
        violations.push(dateViolation(`transfer ${transfer.endToEndId}`, who, transfer.accountingDate, input.accountingDate));
      }
      if (transferByPractitioner.has(who)) {
        violations.push(duplicateViolation('transfers', who));
      }
      transferByPractitioner.set(who, (transferByPractitioner.get(who) ?? 0) + transfer.amountCents);
    }

    const noemieByPractitioner = new Map<string, number>();
    for (const total of input.noemieTotals) {
      const who = total.practitionerId;
      if (total.accountingDate !== input.accountingDate) {
        violations.push(dateViolation('NOEMIE total', who, total.accountingDate, input.accountingDate));
      }
      if (noemieByPractitioner.has(who)) {
        violations.push(duplicateViolation('NOEMIE totals', who));
      }
      noemieByPractitioner.set(who, (noemieByPractitioner.get(who) ?? 0) + total.paidCents);
    }

    // A practitioner absent from one side counts as zero there: paid 0, no transfer, NOEMIE total 0
    // (or absent) is consistent; anything else is not.
    const offsetByPractitioner = new Map<string, number>();
    let offsetsCents = 0;
    for (const offset of input.debts?.offsets ?? []) {
      offsetsCents += offset.amountCents;
      offsetByPractitioner.set(offset.practitionerId, (offsetByPractitioner.get(offset.practitionerId) ?? 0) + offset.amountCents);
    }
    if (input.debts !== undefined) violations.push(...debtViolations(input.debts));

    const practitioners = [
      ...new Set([...paidByPractitioner.keys(), ...transferByPractitioner.keys(), ...noemieByPractitioner.keys(), ...offsetByPractitioner.keys()]),
    ].sort();
    for (const who of practitioners) {
      const transferred = transferByPractitioner.get(who) ?? 0;
      const gross = paidByPractitioner.get(who) ?? 0;
      const recovered = offsetByPractitioner.get(who) ?? 0;
      if (recovered > gross) {
        violations.push({
          code: 'TPLIQ_INVARIANT_OFFSET_EXCEEDS_PAID',
          message: `practitioner ${who}: ${recovered} cents recovered from ${gross} cents paid`,
          practitionerId: who,
          expected: gross,
          actual: recovered,
        });
      }
      const paid = gross - recovered;
      const announced = noemieByPractitioner.get(who) ?? 0;
      if (transferred !== paid) {
        violations.push({
          code: 'TPLIQ_INVARIANT_TRANSFER_PAID',
          message: `practitioner ${who}: transfer ${transferred} cents ≠ paid invoices ${gross} cents less ${recovered} cents recovered`,
          practitionerId: who,
          expected: paid,
          actual: transferred,
        });
      }
      if (transferred !== announced) {
        violations.push({
          code: 'TPLIQ_INVARIANT_TRANSFER_NOEMIE',
          message: `practitioner ${who}: transfer ${transferred} cents ≠ NOEMIE total ${announced} cents`,
          practitionerId: who,
          expected: announced,
          actual: transferred,
        });
      }
    }

    // Σ paid + Σ complements − Σ offsets = Σ transfers (issue: the books of a day with set-off).
    const invoicesPaidCents = paidCents - this.complementCents;
    const expectedTransfers = invoicesPaidCents + this.complementCents - offsetsCents;
    if (transfersCents !== expectedTransfers) {
      violations.push({
        code: 'TPLIQ_INVARIANT_TRANSFERS_TOTAL',
        message: `transfers total ${transfersCents} cents ≠ paid ${invoicesPaidCents} + complements ${this.complementCents} − offsets ${offsetsCents} cents`,
        expected: expectedTransfers,
        actual: transfersCents,
      });
    }
    return violations;
  }
}

/**
 * Per practitioner: what was open before, plus what the day created, less what it recovered, is
 * what is open after; every offset is positive and no debt is left below zero.
 */
function debtViolations(debts: DebtMovements): InvariantViolation[] {
  const balance = new Map<string, { before: number; created: number; recovered: number; after: number }>();
  const of = (who: string): { before: number; created: number; recovered: number; after: number } => {
    let b = balance.get(who);
    if (b === undefined) balance.set(who, (b = { before: 0, created: 0, recovered: 0, after: 0 }));
    return b;
  };
  const violations: InvariantViolation[] = [];
  for (const debt of debts.openBefore) of(debt.practitionerId).before += debt.remainingCents;
  for (const debt of debts.created) of(debt.practitionerId).created += debt.amountCents;
  for (const offset of debts.offsets) {
    of(offset.practitionerId).recovered += offset.amountCents;
    if (!Number.isSafeInteger(offset.amountCents) || offset.amountCents <= 0 || offset.remainingCents < 0) {
      violations.push({ code: 'TPLIQ_INVARIANT_DEBT_BALANCE', message: `offset of ${offset.amountCents} cents on debt ${offset.debtInvoice} leaves ${offset.remainingCents} cents`, practitionerId: offset.practitionerId, actual: offset.amountCents });
    }
  }
  for (const debt of debts.openAfter) of(debt.practitionerId).after += debt.remainingCents;
  for (const who of [...balance.keys()].sort()) {
    const b = balance.get(who)!;
    if (b.before + b.created - b.recovered !== b.after) {
      violations.push({
        code: 'TPLIQ_INVARIANT_DEBT_BALANCE',
        message: `practitioner ${who}: debts open ${b.before} + created ${b.created} − recovered ${b.recovered} cents ≠ ${b.after} cents open after`,
        practitionerId: who,
        expected: b.before + b.created - b.recovered,
        actual: b.after,
      });
    }
  }
  return violations;
}

function dateViolation(what: string, practitionerId: string, actual: DateYmd, expected: DateYmd): InvariantViolation {
  return {
    code: 'TPLIQ_INVARIANT_ACCOUNTING_DATE',
    message: `${what} of practitioner ${practitionerId} is dated ${actual}, the run's accounting day is ${expected}`,
    practitionerId,
    expected,
    actual,
  };
}

function duplicateViolation(what: string, practitionerId: string): InvariantViolation {
  return {
    code: 'TPLIQ_INVARIANT_DUPLICATE_SETTLEMENT',
    message: `practitioner ${practitionerId} has several ${what} for the accounting day`,
    practitionerId,
  };
}
