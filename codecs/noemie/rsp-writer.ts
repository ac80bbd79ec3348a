/**
 * Writes the NOEMIE RSP 580 return of one practitioner for one accounting day (rules.md P7, P13):
 * every invoice processed that day for all mandating AMCs, paid or rejected with its motives in
 * clear, and the global transfer that pays them. Entity hierarchy (placeholder, formats.md §4.2 [R]):
 *
 *   000 en-tête de fichier ────────────────────────────────────── opens the file level
 *     010 organisme mandant, one per AMC, in the order given ──── opens a mandant level
 *       020 destinataire du règlement (the practitioner)
 *       030 date de journée comptable
 *       040 virement: this mandant's share of the day's transfer (absent when nothing is paid)
 *       050 lot, one per lot number and send date, ascending ───── opens a lot level
 *         060 facture, in the order given
 *           065 régularisation, for an accepted rectificative or annulation
 *           067 majoration C2S, for a fund's claim paid with the 10 % increase
 *           070 acte, one per line of the invoice, in line order
 *           080 rejet / signalement, one per motive
 *             081 suite du libellé, when the label is longer than the 080's zone (label-parts.ts)
 *       990 totaux du lot
 *       085 retenue sur indu, one per debt of the practitioner to this mandant recovered today
 *     990 totaux du mandant
 *   990 totaux du fichier
 *   999 fin de fichier
 *
 * Each 990 carries the level it closes, the number of entities strictly between the level's
 * opening entity and itself (at every depth), the total paid and the total rejected (montant
 * facturé of the rejected invoices) of the level (formats.md N4). 999 counts every entity of the
 * file. Lines end with the profile's delimiter then LF; the bytes depend only on the input.
 * A mandant's 040 is its share of the transfer: what it pays less what it recovers (085).
 */
import { CodecFault, codecError, type CodecErrorCode } from '../fixed-width/codec-error.js';
import { isDigits } from '../identifiers/digits.js';
import type { CompiledLayout } from '../fixed-width/compiled-layout.js';
import { EntityFileBytes } from '../fixed-width/entity-file.js';
import type { RecordValues } from '../fixed-width/record-codec.js';
import { toB2Text } from '../fixed-width/transliterate.js';
import { splitLabel } from './label-parts.js';
import type { RspAct, RspInput, RspInvoice, RspOffset } from './rsp-model.js';
import {
  MOTIVE_LEVEL_INVOICE, MOTIVE_REJECTION, MOTIVE_SIGNALEMENT, RSP_ENTITY, STATUS_PAID, STATUS_PAID_WITH_SIGNALEMENT,
  STATUS_REJECTED, motiveLabelWidthsOf, noemie580Layout, type MotiveLabelWidths, type RspLevel,
} from './rsp-layout.js';

/** Digits of the zones the writer checks (isDigits: a loop, cheaper than a regular expression for every invoice). */
const INVOICE_NUMBER_DIGITS = 9;
const LOT_NUMBER_DIGITS = 3;
const NIR_KEY_DIGITS = 2;
const NATURE_ASSURANCE_DIGITS = 2;

/** Throws a CodecFault when the input breaks the model's invariants: the caller built it wrong. */
export function writeRsp580(input: RspInput, layout: CompiledLayout = noemie580Layout()): string {
  return writeRsp580Bytes(input, layout).toString('utf8');
}

/** The same return as bytes: a view valid until the next file is written (see EntityFileBytes). */
export function writeRsp580Bytes(input: RspInput, layout: CompiledLayout = noemie580Layout()): Buffer {
  const file = new EntityFileBytes(layout);
  writeRspEntities(input, motiveLabelWidthsOf(layout), file);
  return file.bytes();
}

/** Every entity of the return, written as it is made (checked whole first: a fault writes nothing of worth). */
function writeRspEntities(input: RspInput, labelWidths: MotiveLabelWidths, file: EntityFileBytes): void {
  assertWritable(input);
  const push = (code: string, values: RecordValues): number => file.write(code, values);
  const values = new EntityValues();
  const closeLevel = (level: RspLevel, openedAt: number, totals: RspTotals): void => {
    const v = values.levelTotals;
    v.levelClosed = level;
    v.entityCount = file.count - openedAt - 1;
    v.paidTotalCents = totals.paidCents;
    v.rejectedTotalCents = totals.rejectedCents;
    push(RSP_ENTITY.levelTotals, v);
  };

  const fileOpenedAt = push(RSP_ENTITY.header, {
    emitterId: input.emitter,
    practitionerId: input.practitioner.billingId,
    creationDate: input.creationDate,
    fileNumber: input.fileNumber,
  });
  const fileTotals: RspTotals = { paidCents: 0, rejectedCents: 0 };
  for (const group of input.groups) {
    // Summed once, before the lots: the transfer's amount is written ahead of them.
    const groupTotals = totalsOf(group.invoices);
    fileTotals.paidCents += groupTotals.paidCents;
    fileTotals.rejectedCents += groupTotals.rejectedCents;
    const mandantOpenedAt = push(RSP_ENTITY.mandant, { amcNumber: group.amcNumber, amcName: group.amcName });
    push(RSP_ENTITY.payee, { practitionerId: input.practitioner.billingId, practitionerName: input.practitioner.name });
    push(RSP_ENTITY.accountingDay, { accountingDate: input.accountingDate });
    if (input.transfer) {
      push(RSP_ENTITY.transfer, {
        transferReference: input.transfer.reference,
        paymentDate: input.transfer.paymentDate,
        amountCents: groupTotals.paidCents - offsetsCentsOf(group.offsets),
      });
    }
    for (const { lotNumber, sendDate, invoices } of lotsOf(group.invoices)) {
      const lotOpenedAt = push(RSP_ENTITY.lot, { lotNumber, sendDate: sendDate ?? null, invoiceCount: invoices.length });
      for (const invoice of invoices) writeInvoice(invoice, labelWidths, push, values);
      closeLevel(RSP_ENTITY.lot, lotOpenedAt, totalsOf(invoices));
    }
    for (const offset of group.offsets ?? []) {
      push(RSP_ENTITY.offset, {
        debtInvoice: offset.debtInvoice, originalInvoice: offset.originalInvoice, debtDate: offset.debtDate,
        offsetCents: offset.offsetCents, remainingCents: offset.remainingCents,
      });
    }
    closeLevel(RSP_ENTITY.mandant, mandantOpenedAt, groupTotals);
  }
  closeLevel(RSP_ENTITY.header, fileOpenedAt, fileTotals);
  push(RSP_ENTITY.fileEnd, { entityCount: file.count + 1 });
}

/**
 * The values of the entities a return has many of, one object each, filled again for every entity
 * (the file takes each entity's values as it is written and keeps none): a literal an entity was
 * ≈ 60 MiB a second of garbage in the returns of a 1 M-line day (sampling heap profile).
 */
class EntityValues {
  readonly invoice: RecordValues = {
    invoiceNumber: '', nir: '', nirKey: '', rank: 0, careDate: 0, natureAssurance: null, claimedCents: 0, amoPaidCents: null, paidCents: 0, status: '',
  };
  readonly act: RecordValues = { actCode: '', actDate: null, quantity: 0, coefficientHundredths: 0, baseCents: 0, amoCents: 0, amcCents: 0 };
  readonly motive: RecordValues = { kind: '', motiveCode: '', label: '', level: '' };
  readonly motiveContinuation: RecordValues = { sequence: 0, joint: '', label: '' };
  readonly levelTotals: RecordValues = { levelClosed: '', entityCount: 0, paidTotalCents: 0, rejectedTotalCents: 0 };
}

function writeInvoice(invoice: RspInvoice, labelWidths: MotiveLabelWidths, push: (code: string, values: RecordValues) => number, values: EntityValues): void {
  const rejected = invoice.status === 'R';
  const v = values.invoice;
  v.invoiceNumber = invoice.invoiceNumber;
  v.nir = invoice.nir;
  v.nirKey = invoice.nirKey;
  v.rank = invoice.rank;
  v.careDate = invoice.careDate;
  v.natureAssurance = invoice.natureAssurance ?? null;
  v.claimedCents = invoice.claimedCents;
  v.amoPaidCents = invoice.amoCents ?? null;
  v.paidCents = invoice.paidCents;
  v.status = rejected ? STATUS_REJECTED : invoice.motives.length > 0 ? STATUS_PAID_WITH_SIGNALEMENT : STATUS_PAID;
  push(RSP_ENTITY.invoice, v);
  const r = invoice.regularisation;
  if (r !== undefined) {
    push(RSP_ENTITY.regularisation, { nature: r.nature, rectifiedInvoice: r.rectifiedInvoice, previousCents: r.previousCents, newCents: r.newCents, deltaCents: r.deltaCents });
  }
  const increase = invoice.c2sIncrease;
  if (increase !== undefined) push(RSP_ENTITY.c2sIncrease, { increaseCents: increase.increaseCents, dueDate: increase.dueDate === 0 ? null : increase.dueDate });
  const acts = invoice.acts;
  if (acts !== undefined) {
    const a = values.act;
    for (let i = 0; i < acts.length; i++) {
      const act = acts[i] as RspAct;
      a.actCode = act.actCode;
      a.actDate = act.actDate === 0 ? null : act.actDate;
      a.quantity = act.quantity;
      a.coefficientHundredths = act.coefficientHundredths;
      a.baseCents = act.baseCents;
      a.amoCents = act.amoCents;
      a.amcCents = act.amcCents;
      push(RSP_ENTITY.act, a);
    }
  }
  for (const motive of invoice.motives) {
    // Cut the text as it goes on the wire: transliteration can lengthen it (Œ is written OE).
    const [first, ...continuations] = splitLabel(toB2Text(motive.label), labelWidths.firstChars, labelWidths.continuationChars);
    if (continuations.length > labelWidths.continuationsMax) {
      throw fault('TPLIQ_ENCODE_OVERFLOW', `motive ${motive.code} label needs ${continuations.length} continuations (081), the layout numbers ${labelWidths.continuationsMax}`, invoice.invoiceNumber);
    }
    const m = values.motive;
    m.kind = rejected ? MOTIVE_REJECTION : MOTIVE_SIGNALEMENT;
    m.motiveCode = motive.code;
    m.label = first?.text ?? '';
    m.level = MOTIVE_LEVEL_INVOICE;
    push(RSP_ENTITY.motive, m);
    const c = values.motiveContinuation;
    continuations.forEach((part, index) => {
      c.sequence = index + 1;
      c.joint = part.joint;
      c.label = part.text;
      push(RSP_ENTITY.motiveContinuation, c);
    });
  }
}

/**
 * Invoices grouped by lot — its number and its send date, since a practitioner may send two lots of
 * one number on different days —, lots in ascending number then date (an undated lot first), and
 * invoices in the order given within a lot, so that each lot is written once whatever order the
 * commit step produced them in.
 */
function lotsOf(invoices: readonly RspInvoice[]): Array<{ lotNumber: string; sendDate: number | undefined; invoices: RspInvoice[] }> {
  const byLot = new Map<string, { lotNumber: string; sendDate: number | undefined; invoices: RspInvoice[] }>();
  let last: { lotNumber: string; sendDate: number | undefined; invoices: RspInvoice[] } | undefined;
  for (const invoice of invoices) {
    // An invoice is nearly always of the lot before it: that lot is found without a key made.
    if (last !== undefined && last.lotNumber === invoice.lot && last.sendDate === invoice.lotSendDate) {
      last.invoices.push(invoice);
      continue;
    }
    const key = `${invoice.lot}|${invoice.lotSendDate ?? ''}`;
    last = byLot.get(key);
    if (last) last.invoices.push(invoice);
    else byLot.set(key, (last = { lotNumber: invoice.lot, sendDate: invoice.lotSendDate, invoices: [invoice] }));
  }
  return [...byLot.values()].sort((a, b) => (a.lotNumber !== b.lotNumber ? (a.lotNumber < b.lotNumber ? -1 : 1) : (a.sendDate ?? 0) - (b.sendDate ?? 0)));
}

interface RspTotals {
  paidCents: number;
  /** Montant facturé of the rejected invoices. */
  rejectedCents: number;
}

function offsetsCentsOf(offsets: readonly RspOffset[] | undefined): number {
  let cents = 0;
  for (const offset of offsets ?? []) cents += offset.offsetCents;
  return cents;
}

function totalsOf(invoices: Iterable<RspInvoice>): RspTotals {
  let paidCents = 0;
  let rejectedCents = 0;
  for (const invoice of invoices) {
    paidCents += invoice.paidCents;
    if (invoice.status === 'R') rejectedCents += invoice.claimedCents;
  }
  return { paidCents, rejectedCents };
}

function fault(code: CodecErrorCode, message: string, invoice?: string): CodecFault {
  return new CodecFault(codecError(code, message, invoice === undefined ? {} : { invoice }));
}

/**
 * The invariants the return must show before it is written. The transfer check is rules.md P13:
 * the transfer amount is the total of the invoices the file pays.
 */
function assertWritable(input: RspInput): void {
  if (input.groups.length === 0) throw fault('TPLIQ_ENCODE_BAD_VALUE', 'an RSP return needs at least one mandating AMC');
  const amcNumbers = new Set<string>();
  let paidCents = 0;
  for (const group of input.groups) {
    if (amcNumbers.has(group.amcNumber)) throw fault('TPLIQ_ENCODE_BAD_VALUE', `AMC ${group.amcNumber} appears in two groups`);
    amcNumbers.add(group.amcNumber);
    let groupPaidCents = 0;
    for (const invoice of group.invoices) {
      assertInvoice(invoice);
      groupPaidCents += invoice.paidCents;
    }
    for (const offset of group.offsets ?? []) assertOffset(offset);
    // An AMC's debt is recovered from that AMC's own payments only (engine/settle/set-off.ts).
    const groupNetCents = groupPaidCents - offsetsCentsOf(group.offsets);
    if (groupNetCents < 0) throw fault('TPLIQ_NOEMIE_TOTAL_MISMATCH', `AMC ${group.amcNumber} recovers more than the ${groupPaidCents} cents it pays`);
    paidCents += groupNetCents;
  }
  const transferCents = input.transfer?.amountCents ?? 0;
  if (!Number.isSafeInteger(transferCents) || transferCents !== paidCents) {
    throw fault('TPLIQ_NOEMIE_TOTAL_MISMATCH', `transfer of ${transferCents} cents differs from the ${paidCents} cents the file pays less its offsets (rules.md P13)`);
  }
}

function assertOffset(offset: RspOffset): void {
  if (!isDigits(offset.debtInvoice, INVOICE_NUMBER_DIGITS) || !isDigits(offset.originalInvoice, INVOICE_NUMBER_DIGITS)) {
    throw fault('TPLIQ_ENCODE_BAD_VALUE', `offset names invoices "${offset.debtInvoice}" and "${offset.originalInvoice}", not 9 digits each`);
  }
  if (!Number.isSafeInteger(offset.offsetCents) || offset.offsetCents <= 0 || !Number.isSafeInteger(offset.remainingCents) || offset.remainingCents < 0) {
    throw fault('TPLIQ_ENCODE_BAD_VALUE', `offset of ${offset.offsetCents} cents leaving ${offset.remainingCents} cents is not a recovery`, offset.debtInvoice);
  }
}

function assertInvoice(invoice: RspInvoice): void {
  const n = invoice.invoiceNumber;
  if (!isDigits(n, INVOICE_NUMBER_DIGITS)) throw fault('TPLIQ_ENCODE_BAD_VALUE', `invoice number "${n}" is not 9 digits`, n);
  if (!isDigits(invoice.lot, LOT_NUMBER_DIGITS)) throw fault('TPLIQ_ENCODE_BAD_VALUE', `lot "${invoice.lot}" is not 3 digits`, n);
  if (!isDigits(invoice.nirKey, NIR_KEY_DIGITS)) throw fault('TPLIQ_ENCODE_BAD_VALUE', `NIR key "${invoice.nirKey}" is not 2 digits`, n);
  if (invoice.natureAssurance !== undefined && !isDigits(invoice.natureAssurance, NATURE_ASSURANCE_DIGITS)) {
    throw fault('TPLIQ_ENCODE_BAD_VALUE', `nature d'assurance "${invoice.natureAssurance}" is not 2 digits`, n);
  }
  if (!Number.isSafeInteger(invoice.paidCents) || !Number.isSafeInteger(invoice.claimedCents)) {
    throw fault('TPLIQ_ENCODE_BAD_VALUE', 'amounts must be integer cents', n);
  }
  if (invoice.status !== 'P' && invoice.status !== 'R') throw fault('TPLIQ_ENCODE_BAD_VALUE', `status "${String(invoice.status)}" is not P or R`, n);
  if (invoice.status === 'R') {
    // P6/P7: a rejected invoice pays nothing and says why.
    if (invoice.paidCents !== 0) throw fault('TPLIQ_ENCODE_BAD_VALUE', `rejected invoice pays ${invoice.paidCents} cents`, n);
    if (invoice.motives.length === 0) throw fault('TPLIQ_ENCODE_BAD_VALUE', 'rejected invoice without a motive', n);
  }
}
