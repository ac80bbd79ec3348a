import { join } from 'node:path';
import { isPayeeIdFormat } from '../../codecs/identifiers/payee-id.js';
import type { PayeeDirectory } from '../referential/payee-directory.js';
import type { NoemieTotal } from '../settle/invariants.js';
import { buildPaperNotices, type EarlierPaperLines } from '../settle/mail-notices.js';
import type { Transfer } from '../settle/transfers.js';
import type { DecisionSpool, SpooledInvoice } from './decision-spool.js';
import type { Decision } from '../domain/decision.js';
import type { PaidKeyFilter } from './paid-key-filter.js';
import type { RegularisedInvoice } from './day-book.js';
import type { DebtOffset } from '../domain/regularisation.js';
import type { EventLoopTurns } from './event-loop-turns.js';
import { rspInputOf, writeNoemie } from './run-outputs.js';
import type { RunParameters } from './run-parameters.js';

/**
 * The day's returns, practitioner by practitioner from the spool: the NOEMIE RSP 580 of each
 * (P13: every invoice processed that day for the practitioner, paper ones included) and the paper
 * channel's notices (protocol §8), per practitioner too, so no run-long list of paper invoices is
 * kept; a monthly notice adds what earlier runs of the month decided (`earlierInMonth`, the ledger). Gives each return's total, for the invariants. The event loop gets a turn now and then, so
 * that a SIGTERM during the returns is handled (stop-on-signal.ts).
 *
 * `paidKeys`, the data folder's filter of paid keys, takes the paid invoices' keys as they go by:
 * the returns read every spooled invoice anyway, and the ledger thread that added them before is
 * what the end of a run waits for.
 */
/** What the day pays and recovers, which the returns state. */
export interface DayReturnsSettlement {
  transfers: readonly Transfer[];
  /** The day's set-off, by practitioner (settle/set-off.ts). */
  offsets: readonly DebtOffset[];
  /** The accepted rectificatives and annulations, in input order. */
  regularised: readonly RegularisedInvoice[];
}

export async function writeReturns(
  spool: DecisionSpool,
  settlement: DayReturnsSettlement,
  payees: PayeeDirectory,
  params: RunParameters,
  stage: (relativePath: string, content: string | Uint8Array) => void,
  turns: EventLoopTurns,
  earlierInMonth: EarlierPaperLines,
  paidKeys: PaidKeyFilter | undefined,
): Promise<NoemieTotal[]> {
  const transferOf = new Map<string, Transfer>(settlement.transfers.map((tr) => [tr.practitionerId, tr] as const));
  const offsetsOf = new Map<string, DebtOffset[]>();
  for (const offset of settlement.offsets) {
    const list = offsetsOf.get(offset.practitionerId);
    if (list === undefined) offsetsOf.set(offset.practitionerId, [offset]);
    else list.push(offset);
  }
  const regularisationOf = new Map(settlement.regularised.map((r) => [r.sequence, r.regularisation] as const));
  const noticeParameters = { accountingDate: params.accountingDate, operatorName: params.operator.name, fromAddress: params.operator.email };
  const returnParameters = { accountingDate: params.accountingDate, executionDate: params.executionDate, operatorId: params.operator.id, fileNumber: 1 };
  const noemieTotals: NoemieTotal[] = [];
  for (const { practitionerId, invoices } of spool.byPractitioner()) {
    const turn = turns.due();
    if (turn) await turn;
    // One pass over the practitioner's invoices, each read into the object the next one reuses
    // (SpooledInvoiceCursor): what outlives it is copied as it goes by.
    const paper: Decision[] = [];
    const eachInvoice = (inv: Readonly<SpooledInvoice>): void => {
      if (paidKeys !== undefined) addPaidKeys(paidKeys, inv);
      if (inv.channel === 'PAPER') paper.push(copyOfDecision(inv.decision));
    };
    invoices.watchedBy(eachInvoice);
    // Invoices that name no payee (its id was refused at decode: they are all rejected) have no
    // one to return to: decisions.csv and the ARL report them. They are read for the watch alone.
    if (!isPayeeIdFormat(practitionerId)) {
      for (const _ of invoices);
      continue;
    }
    const settled = { transfer: transferOf.get(practitionerId), offsets: offsetsOf.get(practitionerId) ?? [], regularisationOf: (sequence: number) => regularisationOf.get(sequence) };
    noemieTotals.push(writeNoemie(stage, rspInputOf(practitionerId, invoices, settled, payees, returnParameters)));
    if (paper.length > 0) {
      for (const notice of buildPaperNotices(paper, (id) => payees.practitioner(id), noticeParameters, earlierInMonth)) stage(join('notices', notice.path), notice.content);
    }
  }
  return noemieTotals;
}

/** The key of a paid invoice, which the ledger's duplicate lookups find once the run is committed (SqlPaidKeySource reads the same). */
function addPaidKeys(filter: PaidKeyFilter, inv: Readonly<SpooledInvoice>): void {
  const d = inv.decision;
  if (d.status !== 'PAID') return;
  filter.addInvoice(d.practitionerId, d.invoiceNumber);
  filter.addFunctionalKey(inv.functionalKeyHi, inv.functionalKeyLo);
}

/** A decision that outlives the object it was read into: its motives' array is refilled too. */
function copyOfDecision(decision: Readonly<Decision>): Decision {
  return { ...decision, motives: decision.motives.slice() };
}
