import { formatIso } from '../calendar/ymd.js';
import type { Decision } from '../domain/decision.js';
import { isSignalement, MOTIVES, type MotiveCode } from '../domain/motive.js';
import type { DateYmd } from '../domain/units.js';
import type { InvariantViolation } from './invariants.js';
import type { Transfer } from './transfers.js';
import type { DebtSummary } from './debt-summary.js';
import { C2sTally, type C2sFundTally } from './c2s-summary.js';

/**
 * summary.json: what a run did, in counts and cents, for the batch team and the auditors. Every key
 * is written in a fixed order (maps are emitted sorted), so two runs on the same inputs give the
 * same bytes. The only exception is `timings`, which measures the machine, not the inputs: it
 * lives under its own key and is left out when the caller asks for a deterministic summary.
 */

export interface RunIdentity {
  runId: string;
  accountingDate: DateYmd;
  /** ReqdExctnDt of the payment file: the day the bank is asked to debit and pay (execution-date.ts). */
  executionDate: DateYmd;
  engineVersion: string;
  snapshotId: string;
}

export interface SummaryInput {
  run: RunIdentity;
  decisions: Iterable<Decision>;
  transfers: readonly Transfer[];
  violations: readonly InvariantViolation[];
  /** Milliseconds per phase, measured by the caller. */
  timings?: Readonly<Record<string, number>>;
  /** Leave `timings` out, so that the summary depends on the inputs only (replays, tests). */
  deterministic?: boolean;
  /** The day's regularisations and debts, when there are any (settle/debt-summary.ts). */
  debts?: DebtSummary;
}

export interface StatusTally {
  count: number;
  claimedCents: number;
}

export interface PaidTally extends StatusTally {
  paidCents: number;
}

export interface MotiveTally {
  noemie: string;
  label: string;
  /** Invoices carrying the motive (an invoice with two motives counts under both). */
  count: number;
  claimedCents: number;
}

/** A signalement on paid invoices: how many carry it and what they were paid. */
export interface SignalementTally {
  noemie: string;
  label: string;
  /** Paid invoices carrying the signalement (an invoice with two counts under both). */
  count: number;
  paidCents: number;
}

export interface ChannelTally {
  count: number;
  paid: PaidTally;
  rejected: StatusTally;
}

export interface RunSummary {
  /** executionDate: the SEPA execution date of the transfers, a TARGET business day ≥ accountingDate. */
  run: { runId: string; accountingDate: string; executionDate: string; engineVersion: string; snapshotId: string };
  invoices: { count: number; claimedCents: number; paid: PaidTally; rejected: StatusTally };
  motives: Record<string, MotiveTally>;
  /**
   * Per signalement code, the paid invoices that carry it (rules.md §5.2). Present only on a day
   * with a signalement, so that other days keep their bytes; the codes are in `motives` too.
   */
  signalements?: Record<string, SignalementTally>;
  channels: Record<string, ChannelTally>;
  /** Per AMO fund, its C2S claims (settle/c2s-summary.ts). Present only on a day with a claim, so other days keep their bytes. */
  c2s?: Record<string, C2sFundTally>;
  transfers: { count: number; totalCents: number };
  /** Present when the day regularised an invoice or a debt was open before or after it. */
  debts?: DebtSummary;
  /** Paid invoices whose payment day (the accounting day) is after their due date (P10, P11). */
  sla: { breachCount: number; breachSequences: number[]; breachSequencesTruncated: boolean };
  invariants: { ok: boolean; violations: InvariantViolation[] };
  timings?: Record<string, number>;
}

/** A very late run could breach for every invoice: list enough to investigate, count them all. */
export const SLA_BREACHES_LISTED_MAX = 10_000;

/** Decisions without a channel (the commit step did not set it) are counted under this key. */
export const UNKNOWN_CHANNEL = 'UNKNOWN';

export function buildSummary(input: SummaryInput): RunSummary {
  const tally = new SummaryTally(input.run.accountingDate, input.run.executionDate);
  for (const decision of input.decisions) tally.add(decision);
  return tally.summary(input);
}

/**
 * buildSummary fed one decision at a time as the commit step decides them: a run never reads its
 * decisions back to count them. What it holds is bounded by motives, channels and listed breaches.
 */
export class SummaryTally {
  private readonly paid: PaidTally = { count: 0, claimedCents: 0, paidCents: 0 };
  private readonly rejected: StatusTally = { count: 0, claimedCents: 0 };
  private readonly motives = new Map<MotiveCode, MotiveTally>();
  private readonly signalements = new Map<MotiveCode, SignalementTally>();
  private readonly channels = new Map<string, ChannelTally>();
  private readonly breachSequences: number[] = [];
  private breachCount = 0;
  private readonly c2s: C2sTally;

  /** @param executionDate the day the transfers are made: a C2S claim paid after its due date is late. */
  constructor(private readonly accountingDate: DateYmd, executionDate: DateYmd) {
    this.c2s = new C2sTally(executionDate);
  }

  add(decision: Decision): void {
    this.c2s.add(decision);
    const channelKey = decision.channel ?? UNKNOWN_CHANNEL;
    let channel = this.channels.get(channelKey);
    if (channel === undefined) {
      channel = { count: 0, paid: { count: 0, claimedCents: 0, paidCents: 0 }, rejected: { count: 0, claimedCents: 0 } };
      this.channels.set(channelKey, channel);
    }
    channel.count += 1;
    if (decision.status === 'PAID') {
      addPaid(this.paid, decision);
      addPaid(channel.paid, decision);
      if (this.accountingDate > decision.dueDate) {
        this.breachCount += 1;
        if (this.breachSequences.length < SLA_BREACHES_LISTED_MAX) this.breachSequences.push(decision.sequence);
      }
    } else {
      addRejected(this.rejected, decision);
      addRejected(channel.rejected, decision);
    }
    for (const motive of decision.motives) {
      let tally = this.motives.get(motive.code);
      if (tally === undefined) {
        const reference = MOTIVES[motive.code];
        tally = { noemie: reference.noemie, label: reference.label, count: 0, claimedCents: 0 };
        this.motives.set(motive.code, tally);
      }
      tally.count += 1;
      tally.claimedCents += decision.claimedCents;
      if (decision.status === 'PAID' && isSignalement(motive.code)) this.addSignalement(motive.code, decision);
    }
  }

  private addSignalement(code: MotiveCode, decision: Decision): void {
    let tally = this.signalements.get(code);
    if (tally === undefined) {
      const reference = MOTIVES[code];
      tally = { noemie: reference.noemie, label: reference.label, count: 0, paidCents: 0 };
      this.signalements.set(code, tally);
    }
    tally.count += 1;
    tally.paidCents += decision.paidCents;
  }

  /** The summary of every decision added so far; `input.decisions` is not read. */
  summary(input: Omit<SummaryInput, 'decisions'>): RunSummary {
    const { paid, rejected } = this;
    let transfersCents = 0;
    for (const transfer of input.transfers) transfersCents += transfer.amountCents;
    const summary: RunSummary = {
      run: {
        runId: input.run.runId,
        accountingDate: formatIso(input.run.accountingDate),
        executionDate: formatIso(input.run.executionDate),
        engineVersion: input.run.engineVersion,
        snapshotId: input.run.snapshotId,
      },
      invoices: {
        count: paid.count + rejected.count,
        claimedCents: paid.claimedCents + rejected.claimedCents,
        paid: { ...paid },
        rejected: { ...rejected },
      },
      motives: sortedRecord(this.motives),
      ...(this.signalements.size === 0 ? {} : { signalements: sortedRecord(this.signalements) }),
      channels: sortedRecord(this.channels),
      ...(this.c2s.empty ? {} : { c2s: this.c2s.byFund() }),
      transfers: { count: input.transfers.length, totalCents: transfersCents },
      ...(input.debts === undefined ? {} : { debts: input.debts }),
      sla: {
        breachCount: this.breachCount,
        breachSequences: [...this.breachSequences].sort((a, b) => a - b),
        breachSequencesTruncated: this.breachCount > this.breachSequences.length,
      },
      invariants: { ok: input.violations.length === 0, violations: [...input.violations] },
    };
    if (input.deterministic !== true && input.timings !== undefined) {
      summary.timings = sortedRecord(Object.entries(input.timings));
    }
    return summary;
  }
}

/** The bytes of summary.json: two-space indentation and a final newline. */
export const serializeSummary = (summary: RunSummary): string => JSON.stringify(summary, null, 2) + '\n';

function addPaid(tally: PaidTally, decision: Decision): void {
  tally.count += 1;
  tally.claimedCents += decision.claimedCents;
  tally.paidCents += decision.paidCents;
}

function addRejected(tally: StatusTally, decision: Decision): void {
  tally.count += 1;
  tally.claimedCents += decision.claimedCents;
}

/** Keys in code-point order, whatever order they were met in (JSON keeps insertion order). */
function sortedRecord<V>(entries: Iterable<[string, V]>): Record<string, V> {
  const record: Record<string, V> = {};
  for (const [key, value] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) record[key] = value;
  return record;
}
