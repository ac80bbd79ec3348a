import { writeArlBytes } from '../../codecs/arl/arl-writer.js';
import type { ArlError, ArlInput } from '../../codecs/arl/arl-model.js';
import type { LotClose } from '../../codecs/b2/frames.js';
import type { RspAct, RspGroup, RspInput, RspInvoice, RspMotive } from '../../codecs/noemie/rsp-model.js';
import { actFitsLayout, noemie580Layout } from '../../codecs/noemie/rsp-layout.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { visitActLines, type PackedActLine } from '../../codecs/binary/packed-act-lines.js';
import { writeRsp580Bytes } from '../../codecs/noemie/rsp-writer.js';
import { toB2Text } from '../../codecs/fixed-width/transliterate.js';
import { isDigits } from '../../codecs/identifiers/digits.js';
import { BoundedMemo } from '../bounded-memo.js';
import type { Decision } from '../domain/decision.js';
import { MOTIVES, type Motive } from '../domain/motive.js';
import type { PayeeDirectory } from '../referential/payee-directory.js';
import type { NoemieTotal } from '../settle/invariants.js';
import type { Transfer } from '../settle/transfers.js';
import type { SpooledInvoice } from './decision-spool.js';

import type { DebtOffset, Regularisation } from '../domain/regularisation.js';
/**
 * NOEMIE's zones (codecs/layouts/noemie-580.json): a label of 70 characters, names of 30. Names
 * and ARL labels are cut to fit there, after transliteration; the full label stays in
 * decisions.csv. A return's motive label is written whole, over an 080 and its 081 continuations,
 * up to a bound far above any label the rules make (the 081 sequence numbers 99 at most).
 */
const NOEMIE_LABEL_MAX = 70;
const RSP_MOTIVE_LABEL_CHARS_MAX = 1000;
const NOEMIE_NAME_MAX = 30;
/** What the return's AMC zone holds for invoices that name no AMC. */
const NO_AMC_NUMBER = '0000000000';

const fit = (text: string, max: number): string => {
  const plain = toB2Text(text);
  return plain.length > max ? plain.slice(0, max).trimEnd() : plain;
};

/**
 * The practitioner's NOEMIE RSP 580 for the accounting day (protocol §9-2-5, rules.md P13): every
 * invoice processed that day for all AMCs, grouped by mandating AMC, with the global transfer.
 * Paper invoices are answered by notices (protocol §8), not NOEMIE.
 */
export function rspInputOf(
  practitionerId: string,
  invoices: Iterable<Readonly<SpooledInvoice>>,
  settled: PractitionerSettlement,
  ref: PayeeDirectory,
  run: { accountingDate: number; executionDate: number; operatorId: string; fileNumber: number },
): RspInput {
  const { transfer } = settled;
  const groups = new Map<string, RspGroup>();
  const groupOf = (amcNumberAsDecided: string): RspGroup => {
    // Grouped by the number as written: an invoice naming no AMC and one naming AMC 0000000000
    // are one group on the wire, which the writer requires (two groups of one AMC are refused).
    const amcNumber = amcNumberAsDecided === '' ? NO_AMC_NUMBER : amcNumberAsDecided;
    let group = groups.get(amcNumber);
    if (!group) {
      // `offsets` from the start, for the same reason as rspInvoiceOf's `regularisation`.
      group = { amcNumber, amcName: fit(ref.amc(amcNumberAsDecided)?.name ?? 'ORGANISME INCONNU', NOEMIE_NAME_MAX), invoices: [], offsets: undefined };
      groups.set(amcNumber, group);
    }
    return group;
  };
  for (const inv of invoices) {
    const d = inv.decision;
    groupOf(d.amcNumber).invoices.push(rspInvoiceOf(inv, settled.regularisationOf(d.sequence)));
  }
  // A debt is recovered from its AMC's share (set-off.ts): that AMC has a group, it paid today.
  for (const o of settled.offsets) {
    (groupOf(o.amcNumber).offsets ??= []).push({
      debtInvoice: o.debtInvoice, originalInvoice: o.originalInvoice, debtDate: o.debtCreatedOn, offsetCents: o.amountCents, remainingCents: o.remainingCents,
    });
  }
  const practitioner = ref.practitioner(practitionerId);
  return {
    fileNumber: run.fileNumber,
    creationDate: run.accountingDate,
    emitter: run.operatorId,
    practitioner: { billingId: practitionerId, name: fit(practitioner?.name ?? 'PROFESSIONNEL INCONNU', NOEMIE_NAME_MAX) },
    accountingDate: run.accountingDate,
    // The day the bank executes the transfer (a TARGET business day), as in the payment file.
    transfer: transfer ? { reference: transfer.endToEndId, paymentDate: run.executionDate, amountCents: transfer.amountCents } : null,
    groups: [...groups.keys()].sort().map((k) => groups.get(k)!),
  };
}

/** What the day settles for one practitioner, for the return. */
export interface PractitionerSettlement {
  transfer: Transfer | undefined;
  /** The debts recovered from the transfer, oldest first. */
  offsets: readonly DebtOffset[];
  /** The regularisation an accepted rectificative or annulation made, by its sequence. */
  regularisationOf: (sequence: number) => Regularisation | undefined;
}

function rspInvoiceOf(inv: Readonly<SpooledInvoice>, regularisation: Regularisation | undefined): RspInvoice {
  const d = inv.decision;
  return {
    // Always present, undefined for most: a property spread in for a few invoices gave the day's
    // invoices two hidden classes, and every later access megamorphic (2.1 s instead of 0.1 s in
    // this function for 1 M invoices of which 0.6 % regularise, CPU profile of the main thread).
    regularisation: regularisation === undefined ? undefined : {
      nature: regularisation.nature === 'ANNULATION' ? 'A' as const : 'R' as const, rectifiedInvoice: regularisation.rectifiedInvoice,
      previousCents: regularisation.previousCents, newCents: regularisation.newCents, deltaCents: regularisation.deltaCents,
    },
    // Always present too: the 067 of a fund's C2S claim paid with the increase (its due date is the decision's).
    c2sIncrease: d.c2sIncreaseCents === undefined ? undefined : { increaseCents: d.c2sIncreaseCents, dueDate: d.dueDate },
    acts: rspActsOf(inv),
    invoiceNumber: isDigits(d.invoiceNumber, 9) ? d.invoiceNumber : '000000000',
    nir: inv.nir.slice(0, 13),
    nirKey: isDigits(inv.nirKey, 2) ? inv.nirKey : '00',
    rank: inv.birthRank,
    careDate: inv.careDate,
    claimedCents: d.claimedCents,
    amoCents: inv.amoCents,
    paidCents: d.paidCents,
    status: d.status === 'PAID' ? 'P' : 'R',
    motives: d.motives.length === 0 ? [] : d.motives.map(rspMotiveOf),
    lot: isDigits(d.lot, 3) ? d.lot : '000',
    // Always present, for the same reason as `regularisation` above.
    lotSendDate: inv.lotSendDate === 0 ? undefined : inv.lotSendDate,
    // Written as read when it is what the zone holds (2 digits); anything else, or none, leaves it blank.
    natureAssurance: isDigits(inv.natureAssurance, 2) ? inv.natureAssurance : undefined,
  };
}

/**
 * The invoice's act lines for its 070s (rules.md P8). The AMC amount of a line is, for a paid
 * invoice, what the AMC pays for it: the part tpliq computed, held to the declared part where that
 * is lower — which on a paid invoice happens only on a line a counter lowered (the practitioner
 * must declare exactly what the counter allows, P6, and every other covered line exactly the
 * computation) or on a line no guarantee covers (computed 0) — so that the lines add up to the
 * invoice's paid amount, or to its regularisation's new amount. For a rejected invoice it is the
 * part the practitioner declared: what the rejection refuses, line by line. Lines the layout's 070
 * zones cannot hold (an operator's narrower layout) are not written at all for that invoice, rather
 * than cut: the 060 stands alone, as for an invoice without lines.
 */
function rspActsOf(inv: Readonly<SpooledInvoice>): RspAct[] {
  if (inv.actLines.length === 0) return [];
  const acts = actsOfOneInvoice;
  acts.start(inv.decision.status === 'PAID');
  visitActLines(inv.actLines, inv.careDate, collectAct);
  return acts.take();
}

/**
 * The 070s of the invoice being read, gathered by one visitor for every invoice: a closure and a
 * growing array an invoice were most of what the returns allocate beside the invoices themselves.
 */
class RspActsOfInvoice {
  private layout: CompiledLayout | undefined;
  private readonly acts: RspAct[] = [];
  private count = 0;
  private paid = false;
  private fits = true;

  start(paid: boolean): void {
    this.layout = noemie580Layout();
    this.count = 0;
    this.paid = paid;
    this.fits = true;
  }

  add(line: Readonly<PackedActLine>): void {
    const act: RspAct = {
      actCode: line.actCode, actDate: line.actDate, quantity: line.quantity, coefficientHundredths: line.coefficientHundredths,
      baseCents: line.baseCents, amoCents: line.amoCents,
      amcCents: this.paid ? Math.min(line.computedAmcCents, line.declaredAmcCents) : line.declaredAmcCents,
    };
    this.fits &&= actFitsLayout(act, this.layout as CompiledLayout);
    this.acts[this.count++] = act;
  }

  /** The invoice's acts in an array of their own, of their exact length; none when one does not fit. */
  take(): RspAct[] {
    const taken = this.fits ? this.acts.slice(0, this.count) : [];
    this.acts.fill(NO_ACT, 0, this.count);
    return taken;
  }
}

/** What the gathering array holds between invoices, so that it keeps no invoice's act alive. */
const NO_ACT: RspAct = Object.freeze({ actCode: '', actDate: 0, quantity: 0, coefficientHundredths: 0, baseCents: 0, amoCents: 0, amcCents: 0 });
const actsOfOneInvoice = new RspActsOfInvoice();
const collectAct = (line: Readonly<PackedActLine>): void => actsOfOneInvoice.add(line);

/** A decision's motive as the return writes it (a function made once, not a closure an invoice). */
const rspMotiveOf = (m: Readonly<Motive>): RspMotive => ({ code: noemieCodeOf(m.code), label: boundedLabels.get(m.label) });

/**
 * A night's returns say the same few dozen motive labels hundreds of thousands of times: each is
 * transliterated and bounded once (≈ 0.2 s of the main thread's returns at 1 M lines, CPU profile).
 */
const boundedLabels = new BoundedMemo(boundedLabel, 4096);

/** The label transliterated; past the bound, cut at the last space before it (never mid-word). */
function boundedLabel(label: string): string {
  const plain = toB2Text(label);
  if (plain.length <= RSP_MOTIVE_LABEL_CHARS_MAX) return plain;
  const space = plain.lastIndexOf(' ', RSP_MOTIVE_LABEL_CHARS_MAX);
  return plain.slice(0, space > 0 ? space : RSP_MOTIVE_LABEL_CHARS_MAX).trimEnd();
}

function noemieCodeOf(code: string): string {
  return (MOTIVES as Record<string, { noemie: string }>)[code]?.noemie ?? code.slice(0, 5);
}

/** Writes the return through `write` (the run's StagedWriter, into the staging folder). */
export function writeNoemie(write: (relativePath: string, content: Uint8Array) => void, input: RspInput): NoemieTotal {
  write(`noemie/${input.practitioner.billingId}-${input.accountingDate}.rsp`, writeRsp580Bytes(input));
  return { practitionerId: input.practitioner.billingId, accountingDate: input.accountingDate as Decision['receivedDate'], paidCents: (input.transfer?.amountCents ?? 0) as NoemieTotal['paidCents'] };
}

/** Per-lot tallies kept by the commit callback until the lot's ARL is written. */
export interface LotTally {
  received: number;
  amountCents: number;
  invoiceErrors: ArlError[];
}

/**
 * The ARL of one received lot (formats.md §5). Negative only when the lot's envelope is broken
 * (the lot must be sent again, A1); it then lists the lot errors and any broken invoice too. A
 * broken invoice in a sound lot does not make the ARL negative: the lot is received, and that
 * invoice comes back rejected in the NOEMIE return like any other (A2).
 */
export function arlInputOf(close: LotClose, tally: LotTally, file: { fileNumber: string; receiverId: string; receivedDate: number }): ArlInput {
  const lotErrors: ArlError[] = close.errors.map((e) => ({ level: 'lot', code: e.code, invoiceNumber: '', line: e.line ?? null, label: fit(e.message, NOEMIE_LABEL_MAX) }));
  const negative = lotErrors.length > 0;
  const errors = negative ? [...lotErrors, ...tally.invoiceErrors.map((e) => ({ ...e, label: fit(e.label, NOEMIE_LABEL_MAX) }))] : [];
  return {
    emitterId: close.lot.emitterId,
    lotNumber: isDigits(close.lot.lotNumber, 3) ? close.lot.lotNumber : '000',
    fileNumber: isDigits(file.fileNumber, 5) ? file.fileNumber : '00000',
    constitutionDate: close.lot.constitutionDate,
    receiverId: file.receiverId,
    receptionDate: file.receivedDate,
    status: negative ? 'N' : 'P',
    counts: {
      invoicesReceived: tally.received,
      invoicesAccepted: negative ? 0 : tally.received,
      receivedAmountCents: tally.amountCents,
      declaredInvoices: close.trailer?.invoiceCount ?? null,
      declaredAmountCents: close.trailer?.totalAmcCents ?? null,
    },
    errors,
  };
}

export { writeArlBytes };
