import { assertSepaIdentifier, isSepaText } from '../../codecs/sepa/sepa-text.js';
import { formatFr } from '../calendar/ymd.js';
import type { Decision } from '../domain/decision.js';
import { cents, type Cents, type DateYmd } from '../domain/units.js';
import { payerKey } from './set-off.js';

/**
 * One global transfer per practitioner per accounting day (protocol §5-1 and §9-2-5, rules.md P7,
 * P13, §7.2): the sum of the practitioner's invoices paid that day, with a label that recalls the
 * date comptable and the NOEMIE return that details it.
 */
export interface Transfer {
  practitionerId: string;
  accountingDate: DateYmd;
  /** What the practitioner receives: what the day pays, less the debts it recovers (set-off). */
  amountCents: Cents;
  /** Number of paid invoices the transfer settles (NBF in the label). */
  invoiceCount: number;
  /** ≤ 35, deterministic, returned to the payee by the banks. */
  endToEndId: string;
  /** Libellé du virement, ≤ 140 SEPA characters. */
  remittance: string;
}

export interface TransferGrouping {
  /** The run's accounting day (date comptable): one per run. */
  accountingDate: DateYmd;
  /** Reference of the NOEMIE return file the practitioner receives for that day. */
  returnRefOf: (practitionerId: string) => string;
}

const REMITTANCE_LENGTH_MAX = 140;

/** A transfer is identified by practitioner and accounting day; this is its map key everywhere. */
export const transferKey = (practitionerId: string, accountingDate: DateYmd): string =>
  `${practitionerId}|${accountingDate}`;

/** `TPLIQ-<yyyymmdd>-<billingId>`: unique per practitioner and day, and readable on a statement. */
export const endToEndIdOf = (practitionerId: string, accountingDate: DateYmd): string =>
  `TPLIQ-${accountingDate}-${practitionerId}`;

/** `TP AMC DC <jj/mm/aaaa> REF <returnRef> NBF <n>` (rules.md §7.2: date comptable first, P13). */
export function remittanceOf(accountingDate: DateYmd, returnRef: string, invoiceCount: number): string {
  const remittance = `TP AMC DC ${formatFr(accountingDate)} REF ${returnRef} NBF ${invoiceCount}`;
  if (remittance.length > REMITTANCE_LENGTH_MAX || !isSepaText(remittance)) {
    throw new RangeError(`remittance "${remittance}" is not ≤ 140 SEPA characters: check the return reference`);
  }
  return remittance;
}

/**
 * Groups the PAID decisions of a run into transfers, sorted by practitioner id then day, so the
 * payment file is the same whatever order the decisions came in. Rejected decisions pay nothing
 * and are ignored. A practitioner whose paid total is exactly zero gets no transfer: SEPA has no
 * 0.00 transfer (a negative total is kept, for the run invariants to stop the run).
 *
 * Every decision of a run carries the run's accounting day, so grouping by practitioner within the
 * run is grouping by (practitioner, day); the day is still part of the key so that transfers of
 * different days never merge when results of several runs are grouped together.
 */
export function groupTransfers(decisions: Iterable<Decision>, grouping: TransferGrouping): Transfer[] {
  const grouper = new TransferGrouper(grouping);
  for (const decision of decisions) grouper.add(decision);
  return grouper.transfers();
}

interface TransferGroup {
  practitionerId: string;
  amountCents: number;
  invoiceCount: number;
  /**
   * What each AMC pays of it, by the AMC's ordinal (TransferGrouper.amcNumbers), in the order the
   * AMCs first paid: pairs in one array (ordinal, cents, ordinal, cents…) while they are few, a
   * Map past PAIRS_MAX. A Map per practitioner keyed by AMC number held ≈ 20 MiB through the
   * 10 M-line day's intake and returns for its 27 700 practitioners (each map's table, and a
   * string a key, since each decision brings its own): the pairs hold a fraction of that.
   */
  byAmc: number[] | Map<number, number>;
}

/** An AMC pair search stays shorter than a Map lookup up to this many AMCs for one practitioner. */
const PAIRS_MAX = 16;

/**
 * groupTransfers, fed one decision at a time as the commit step decides them, so a run of millions
 * of invoices needs no second pass over its decisions: it holds one small group per practitioner.
 */
export class TransferGrouper {
  /** Per practitioner; `byAmc`: what each AMC pays of it (set-off recovers an AMC's debt from its own share). */
  private readonly groups = new Map<string, TransferGroup>();
  private lastGroup: TransferGroup | undefined;
  /** The AMCs that paid, each once, in the order they first did: the groups name them by ordinal. */
  private readonly amcNumbers: string[] = [];
  private readonly amcOrdinals = new Map<string, number>();

  constructor(private readonly grouping: TransferGrouping) {}

  add(decision: Decision): void {
    if (decision.status !== 'PAID') return;
    // A lot is one practitioner's: its invoices find their group without a key made for each.
    let group = decision.practitionerId === this.lastGroup?.practitionerId ? this.lastGroup : undefined;
    if (group === undefined) {
      const key = transferKey(decision.practitionerId, this.grouping.accountingDate);
      group = this.groups.get(key);
      if (group === undefined) {
        group = { practitionerId: decision.practitionerId, amountCents: 0, invoiceCount: 0, byAmc: [] };
        this.groups.set(key, group);
      }
      this.lastGroup = group;
    }
    group.amountCents += decision.paidCents;
    group.invoiceCount += 1;
    const byAmc = group.byAmc;
    const ordinal = this.amcOrdinalOf(decision.amcNumber);
    if (Array.isArray(byAmc)) {
      if (!addToPair(byAmc, ordinal, decision.paidCents)) group.byAmc = mapOfPairs(byAmc, ordinal, decision.paidCents);
    } else {
      byAmc.set(ordinal, (byAmc.get(ordinal) ?? 0) + decision.paidCents);
    }
  }

  /** What each AMC pays each practitioner (payerKey) by the decisions added so far, before any set-off. */
  grossByPayer(): Map<string, number> {
    const gross = new Map<string, number>();
    for (const group of this.groups.values()) {
      const byAmc = group.byAmc;
      if (Array.isArray(byAmc)) {
        for (let at = 0; at < byAmc.length; at += 2) gross.set(payerKey(group.practitionerId, this.amcNumbers[byAmc[at]!]!), byAmc[at + 1]!);
      } else {
        for (const [ordinal, cents] of byAmc) gross.set(payerKey(group.practitionerId, this.amcNumbers[ordinal]!), cents);
      }
    }
    return gross;
  }

  private amcOrdinalOf(amcNumber: string): number {
    let ordinal = this.amcOrdinals.get(amcNumber);
    if (ordinal === undefined) {
      ordinal = this.amcNumbers.length;
      this.amcNumbers.push(amcNumber);
      this.amcOrdinals.set(amcNumber, ordinal);
    }
    return ordinal;
  }

  /**
   * The transfers of every decision added so far, sorted by practitioner then day, each less what
   * set-off recovers from it (settle/set-off.ts); a transfer set off to zero is not sent.
   */
  transfers(recoveredByPractitioner: ReadonlyMap<string, number> = new Map()): Transfer[] {
    const { grouping } = this;
    const transfers: Transfer[] = [];
    for (const group of this.groups.values()) {
      const amountCents = group.amountCents - (recoveredByPractitioner.get(group.practitionerId) ?? 0);
      if (!Number.isSafeInteger(amountCents)) {
        throw new RangeError(`transfer total of ${group.practitionerId} is not exact in integer cents`);
      }
      if (amountCents === 0) continue;
      const endToEndId = endToEndIdOf(group.practitionerId, grouping.accountingDate);
      assertSepaIdentifier(endToEndId, 'EndToEndId');
      transfers.push({
        practitionerId: group.practitionerId,
        accountingDate: grouping.accountingDate,
        amountCents: cents(amountCents),
        invoiceCount: group.invoiceCount,
        endToEndId,
        remittance: remittanceOf(grouping.accountingDate, grouping.returnRefOf(group.practitionerId), group.invoiceCount),
      });
    }
    return transfers.sort(compareTransfers);
  }
}

/** Adds `cents` to the AMC's pair, or appends one while there is room; false when there is none. */
function addToPair(pairs: number[], amcOrdinal: number, cents: number): boolean {
  for (let at = 0; at < pairs.length; at += 2) {
    if (pairs[at] === amcOrdinal) {
      pairs[at + 1]! += cents;
      return true;
    }
  }
  if (pairs.length >= 2 * PAIRS_MAX) return false;
  pairs.push(amcOrdinal, cents);
  return true;
}

/** The pairs and one more AMC as a Map, in the same order. */
function mapOfPairs(pairs: readonly number[], amcOrdinal: number, cents: number): Map<number, number> {
  const byAmc = new Map<number, number>();
  for (let at = 0; at < pairs.length; at += 2) byAmc.set(pairs[at]!, pairs[at + 1]!);
  byAmc.set(amcOrdinal, cents);
  return byAmc;
}

function compareTransfers(a: Transfer, b: Transfer): number {
  if (a.practitionerId !== b.practitionerId) return a.practitionerId < b.practitionerId ? -1 : 1;
  return a.accountingDate - b.accountingDate;
}
