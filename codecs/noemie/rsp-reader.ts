import type { CodecError, CodecErrorCode, CodecLocation } from '../fixed-width/codec-error.js';
import { codecError } from '../fixed-width/codec-error.js';
import type { CompiledLayout } from '../fixed-width/compiled-layout.js';
import type { EntityLine } from '../fixed-width/entity-file.js';
import { numberValue, readEntityLines, textValue } from '../fixed-width/entity-file.js';
import type { RecordValues } from '../fixed-width/record-codec.js';
import { JOINT_AFTER_SPACE, JOINT_GLUED, joinLabelPart } from './label-parts.js';
import type { RspFile, RspGroup, RspInvoice, RspMotive } from './rsp-model.js';
import { MOTIVE_REJECTION, RSP_ENTITY, STATUS_PAID, STATUS_PAID_WITH_SIGNALEMENT, STATUS_REJECTED, noemie580Layout, type RspLevel } from './rsp-layout.js';

/**
 * Reads a NOEMIE RSP 580 return (formats.md §4.2 reader design): one entity per line, dispatched on
 * its 3-digit number; unknown entities are kept raw and reading goes on; a stack of open levels
 * (file 000 ⊃ mandant 010 ⊃ lot 050) is checked against every 990 that closes one — entity count,
 * total paid, total rejected (N4) — and 999 against the number of entities in the file. Also
 * checked: a lot's invoice count (050), that each mandant's 040 equals what it pays (P13), that
 * the act lines (070) of a paid invoice add up to what it pays (AMC) and to the AMO part its 060
 * states, that a paid invoice's status (P / S) agrees with its signalements, and that a rejected
 * one pays nothing and gives a motive (P6, P7).
 *
 * Lenient on transport (LF or CRLF, delimiter missing, trailing blanks cut); never throws on bad
 * input: every problem is a CodecError with its line, and the model holds whatever could be read.
 */

export interface RspReadResult {
  ok: boolean;
  file: RspFile;
  errors: CodecError[];
}

export interface RspReadOptions {
  /** File name put in the errors' location. */
  file?: string;
  /** Another profile (an operator's official layout); the shipped one by default. */
  layout?: CompiledLayout;
}

export function readRsp580(text: string, options: RspReadOptions = {}): RspReadResult {
  const reading = new RspReading(options.file);
  for (const entity of readEntityLines(options.layout ?? noemie580Layout(), text, options.file === undefined ? {} : { file: options.file })) {
    reading.accept(entity);
  }
  reading.finish();
  return { ok: reading.errors.length === 0, file: reading.model(), errors: reading.errors };
}

/** A level opened by 000, 010 or 050 and not yet closed: what was read inside it so far. */
interface OpenLevel {
  level: RspLevel;
  line: number;
  /** Entities strictly inside the level, nested 990s included (what its 990 must count). */
  entitiesInside: number;
  paidCents: number;
  rejectedCents: number;
  /** Lot level: its number, its send date (0: blank) and the invoice count its 050 declares; 060s read in it. */
  lot: string;
  sendDate: number;
  declaredInvoices: number | null;
  invoicesRead: number;
  /** Mandant level: sum of its 040 amounts (null when it has none) and the last 040's line. */
  transferCents: number | null;
  transferLine: number;
  /** Mandant level: what its 085s recover (its 040 is what it pays less this). */
  offsetCents: number;
}

/** The motive the next 081 may continue: the last 080 read, and how many 081s followed it. */
interface ContinuableMotive {
  motive: RspMotive;
  invoiceNumber: string;
  continuationsRead: number;
}

const LEVEL_NAMES: Record<RspLevel, string> = { '000': 'file', '010': 'mandant', '050': 'lot' };

class RspReading {
  readonly errors: CodecError[] = [];
  private readonly levels: OpenLevel[] = [];
  private readonly groups: RspGroup[] = [];
  private readonly unmodelled: RspFile['unmodelled'] = [];
  private entityCount = 0;
  private headerSeen = false;
  private ended = false;
  private invoice: RspInvoice | undefined;
  /** The current invoice's 060 line, and whether one of its 065 / 070 could not be read (no sum check then). */
  private invoiceLine = 0;
  private invoicePartUnreadable = false;
  /** The current invoice's status as written: P and S both read as paid, and must agree with its 080s. */
  private invoiceStatusWritten = '';
  /** Set by an 080 or 081, cleared by any other entity: an 081 continues only the entity before it. */
  private continuable: ContinuableMotive | undefined;
  private reference = '';
  private fileNumber = 0;
  private creationDate = 0;
  private emitter = '';
  private billingId = '';
  private practitionerName: string | undefined;
  private accountingDate: number | undefined;
  private transfer: { reference: string; paymentDate: number; amountCents: number } | undefined;

  constructor(private readonly file: string | undefined) {}

  accept(entity: EntityLine): void {
    if (this.ended) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `entity ${entity.code} after the end of file (999)`, entity);
      this.keepRaw(entity, null);
      return;
    }
    this.entityCount++;
    if (this.entityCount === 1 && entity.code !== RSP_ENTITY.header) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `the file starts with entity ${entity.code}, not the header 000`, entity);
    }
    const outcome = entity.outcome;
    if (outcome && !outcome.ok) this.errors.push(...outcome.errors);
    // A known entity with a bad field still shapes the hierarchy, so that one bad zone does not
    // turn every level after it into structure errors; its values are simply not used.
    const values = outcome?.ok ? outcome.value.values : null;
    const continuing = this.continuable;
    this.continuable = undefined;
    switch (entity.record ? entity.code : undefined) {
      case RSP_ENTITY.header: return this.onHeader(entity, values);
      case RSP_ENTITY.mandant: return this.onMandant(entity, values);
      case RSP_ENTITY.payee: return this.onPayee(entity, values);
      case RSP_ENTITY.accountingDay: return this.onAccountingDay(entity, values);
      case RSP_ENTITY.transfer: return this.onTransfer(entity, values);
      case RSP_ENTITY.lot: return this.onLot(entity, values);
      case RSP_ENTITY.invoice: return this.onInvoice(entity, values);
      case RSP_ENTITY.motive: return this.onMotive(entity, values);
      case RSP_ENTITY.motiveContinuation: return this.onMotiveContinuation(entity, values, continuing);
      case RSP_ENTITY.regularisation: return this.onRegularisation(entity, values);
      case RSP_ENTITY.c2sIncrease: return this.onC2sIncrease(entity, values);
      case RSP_ENTITY.act: return this.onAct(entity, values);
      case RSP_ENTITY.offset: return this.onOffset(entity, values);
      case RSP_ENTITY.levelTotals: return this.onLevelTotals(entity, values);
      case RSP_ENTITY.fileEnd: return this.onFileEnd(entity, values);
      default:
        this.countInOpenLevels();
        this.keepRaw(entity, values);
    }
  }

  finish(): void {
    this.leaveInvoice();
    if (!this.headerSeen) this.error('TPLIQ_NOEMIE_STRUCTURE', 'no header entity 000', {});
    this.closeUnclosed(0, undefined);
    if (!this.ended) this.error('TPLIQ_NOEMIE_STRUCTURE', 'no end-of-file entity 999', {});
  }

  model(): RspFile {
    return {
      fileNumber: this.fileNumber,
      creationDate: this.creationDate,
      emitter: this.emitter,
      practitioner: { billingId: this.billingId, name: this.practitionerName ?? '' },
      accountingDate: this.accountingDate ?? 0,
      transfer: this.transfer ? { ...this.transfer } : null,
      groups: this.groups,
      reference: this.reference,
      unmodelled: this.unmodelled,
    };
  }

  private onHeader(entity: EntityLine, values: RecordValues | null): void {
    if (this.headerSeen) this.error('TPLIQ_NOEMIE_STRUCTURE', 'second header 000 (the first opened the file)', entity);
    this.headerSeen = true;
    this.countInOpenLevels();
    this.open(RSP_ENTITY.header, entity);
    if (!values) return;
    this.reference = textValue(values, 'reference');
    this.emitter = textValue(values, 'emitterId');
    this.billingId = textValue(values, 'practitionerId');
    this.creationDate = numberValue(values, 'creationDate') ?? 0;
    this.fileNumber = numberValue(values, 'fileNumber') ?? 0;
  }

  private onMandant(entity: EntityLine, values: RecordValues | null): void {
    this.leaveInvoice();
    if (!this.settleInto(RSP_ENTITY.header, entity)) return;
    this.countInOpenLevels();
    this.open(RSP_ENTITY.mandant, entity);
    this.groups.push({ amcNumber: values ? textValue(values, 'amcNumber') : '', amcName: values ? textValue(values, 'amcName') : '', invoices: [] });
  }

  private onPayee(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    if (!this.insideMandant(entity) || !values) return;
    const billingId = textValue(values, 'practitionerId');
    if (billingId !== this.billingId) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `payee ${billingId} differs from the practitioner ${this.billingId} of the header`, entity);
    }
    const name = textValue(values, 'practitionerName');
    if (this.practitionerName === undefined) this.practitionerName = name;
    else if (name !== this.practitionerName) this.error('TPLIQ_NOEMIE_STRUCTURE', `payee name "${name}" differs from "${this.practitionerName}" read before`, entity);
  }

  private onAccountingDay(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    if (!this.insideMandant(entity) || !values) return;
    const date = numberValue(values, 'accountingDate') ?? 0;
    if (this.accountingDate === undefined) this.accountingDate = date;
    else if (date !== this.accountingDate) this.error('TPLIQ_NOEMIE_STRUCTURE', `accounting day ${date} differs from ${this.accountingDate} read before: one return covers one day (P13)`, entity);
  }

  private onTransfer(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    const mandant = this.innermost(RSP_ENTITY.mandant);
    if (!this.insideMandant(entity) || !mandant || !values) return;
    const reference = textValue(values, 'transferReference');
    const paymentDate = numberValue(values, 'paymentDate') ?? 0;
    const amountCents = numberValue(values, 'amountCents') ?? 0;
    mandant.transferCents = (mandant.transferCents ?? 0) + amountCents;
    mandant.transferLine = entity.line;
    if (!this.transfer) {
      this.transfer = { reference, paymentDate, amountCents };
      return;
    }
    // One global transfer per practitioner and day (P7): every 040 names the same one.
    if (reference !== this.transfer.reference || paymentDate !== this.transfer.paymentDate) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `transfer ${reference} of ${paymentDate} differs from ${this.transfer.reference} of ${this.transfer.paymentDate} read before`, entity);
    }
    this.transfer.amountCents += amountCents;
  }

  private onLot(entity: EntityLine, values: RecordValues | null): void {
    this.leaveInvoice();
    if (!this.settleInto(RSP_ENTITY.mandant, entity)) return;
    this.countInOpenLevels();
    const lot = this.open(RSP_ENTITY.lot, entity);
    if (!values) return;
    lot.lot = textValue(values, 'lotNumber');
    lot.sendDate = numberValue(values, 'sendDate') ?? 0;
    lot.declaredInvoices = numberValue(values, 'invoiceCount');
  }

  private onInvoice(entity: EntityLine, values: RecordValues | null): void {
    this.leaveInvoice();
    this.countInOpenLevels();
    const lot = this.levels.at(-1);
    const group = this.groups.at(-1);
    if (lot?.level !== RSP_ENTITY.lot || !group) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'invoice 060 outside a lot (050)', entity);
      this.keepRaw(entity, values);
      return;
    }
    lot.invoicesRead++;
    if (!values) return;
    const invoice: RspInvoice = {
      invoiceNumber: textValue(values, 'invoiceNumber'),
      nir: textValue(values, 'nir'),
      nirKey: textValue(values, 'nirKey'),
      rank: numberValue(values, 'rank') ?? 0,
      careDate: numberValue(values, 'careDate') ?? 0,
      claimedCents: numberValue(values, 'claimedCents') ?? 0,
      paidCents: numberValue(values, 'paidCents') ?? 0,
      ...amoCentsOf(values),
      status: 'P',
      motives: [],
      lot: lot.lot,
      ...(lot.sendDate === 0 ? {} : { lotSendDate: lot.sendDate }),
      ...natureAssuranceOf(values),
    };
    const status = textValue(values, 'status');
    if (status === STATUS_REJECTED) invoice.status = 'R';
    else if (status !== STATUS_PAID && status !== STATUS_PAID_WITH_SIGNALEMENT) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `invoice status "${status}" is not P, S or R`, entity, { invoice: invoice.invoiceNumber });
    }
    for (const level of this.levels) {
      level.paidCents += invoice.paidCents;
      if (invoice.status === 'R') level.rejectedCents += invoice.claimedCents;
    }
    group.invoices.push(invoice);
    this.invoice = invoice;
    this.invoiceLine = entity.line;
    this.invoiceStatusWritten = status;
  }

  private onMotive(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    const invoice = this.invoice;
    if (!invoice) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'motive 080 without an invoice (060) before it', entity);
      this.keepRaw(entity, values);
      return;
    }
    if (!values) return;
    const rejection = textValue(values, 'kind') === MOTIVE_REJECTION;
    if (rejection !== (invoice.status === 'R')) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `${rejection ? 'rejection' : 'signalement'} motive on a${invoice.status === 'R' ? ' rejected' : ' paid'} invoice`, entity, { invoice: invoice.invoiceNumber });
    }
    const motive = { code: textValue(values, 'motiveCode'), label: textValue(values, 'label') };
    invoice.motives.push(motive);
    this.continuable = { motive, invoiceNumber: invoice.invoiceNumber, continuationsRead: 0 };
  }

  /** An 081 adds the next part of the label of the 080 it follows (label-parts.ts). */
  private onMotiveContinuation(entity: EntityLine, values: RecordValues | null, continuing: ContinuableMotive | undefined): void {
    this.countInOpenLevels();
    if (!continuing) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'label continuation 081 not right after a motive 080 or another 081', entity);
      this.keepRaw(entity, values);
      return;
    }
    // Still the motive's continuation even when a zone is unreadable: a later 081 is not orphaned.
    this.continuable = { ...continuing, continuationsRead: continuing.continuationsRead + 1 };
    if (!values) return;
    const where = { invoice: continuing.invoiceNumber };
    const sequence = numberValue(values, 'sequence');
    if (sequence !== continuing.continuationsRead + 1) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `label continuation 081 numbered ${sequence ?? '?'}, expected ${continuing.continuationsRead + 1}`, entity, where);
    }
    const joint = textValue(values, 'joint');
    if (joint !== JOINT_AFTER_SPACE && joint !== JOINT_GLUED) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `label continuation joint "${joint}" is not ${JOINT_AFTER_SPACE} or ${JOINT_GLUED}`, entity, where);
      return;
    }
    continuing.motive.label = joinLabelPart(continuing.motive.label, { joint, text: textValue(values, 'label') });
  }

  private onRegularisation(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    const invoice = this.invoice;
    if (!invoice || invoice.status === 'R' || invoice.regularisation !== undefined || invoice.motives.length > 0 || invoice.acts !== undefined) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'regularisation 065 not right after a paid invoice (060)', entity);
      this.keepRaw(entity, values);
      return;
    }
    if (!values) {
      this.invoicePartUnreadable = true;
      return;
    }
    const nature = textValue(values, 'nature');
    if (nature !== 'R' && nature !== 'A') {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `regularisation nature "${nature}" is not R or A`, entity, { invoice: invoice.invoiceNumber });
      return;
    }
    const previousCents = numberValue(values, 'previousCents') ?? 0;
    const newCents = numberValue(values, 'newCents') ?? 0;
    const deltaCents = numberValue(values, 'deltaCents') ?? 0;
    if (deltaCents !== newCents - previousCents || invoice.paidCents !== Math.max(0, deltaCents)) {
      this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `regularisation from ${previousCents} to ${newCents} cents states a difference of ${deltaCents} and pays ${invoice.paidCents}`, entity, { invoice: invoice.invoiceNumber });
    }
    invoice.regularisation = { nature, rectifiedInvoice: textValue(values, 'rectifiedInvoice'), previousCents, newCents, deltaCents };
  }

  /** A 067 follows the 060 of a paid C2S claim, before its acts: the increase its paid amount includes. */
  private onC2sIncrease(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    const invoice = this.invoice;
    if (!invoice || invoice.status === 'R' || invoice.c2sIncrease !== undefined || invoice.regularisation !== undefined || invoice.motives.length > 0 || invoice.acts !== undefined) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'C2S increase 067 not right after a paid invoice (060)', entity);
      this.keepRaw(entity, values);
      return;
    }
    if (!values) {
      this.invoicePartUnreadable = true;
      return;
    }
    const increaseCents = numberValue(values, 'increaseCents') ?? 0;
    if (increaseCents <= 0 || increaseCents > invoice.paidCents) {
      this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `C2S increase of ${increaseCents} cents on an invoice that pays ${invoice.paidCents}`, entity, { invoice: invoice.invoiceNumber });
    }
    invoice.c2sIncrease = { increaseCents, dueDate: numberValue(values, 'dueDate') ?? 0 };
  }

  /** An 070 describes one line of the invoice before it; the lines come before its motives. */
  private onAct(entity: EntityLine, values: RecordValues | null): void {
    this.countInOpenLevels();
    const invoice = this.invoice;
    if (!invoice || invoice.motives.length > 0) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', 'act 070 not right after its invoice (060), its regularisation (065), its increase (067) or another act: acts come before the motives (080)', entity);
      this.keepRaw(entity, values);
      return;
    }
    if (!values) {
      this.invoicePartUnreadable = true;
      return;
    }
    (invoice.acts ??= []).push({
      actCode: textValue(values, 'actCode'), actDate: numberValue(values, 'actDate') ?? 0, quantity: numberValue(values, 'quantity') ?? 0,
      coefficientHundredths: numberValue(values, 'coefficientHundredths') ?? 0, baseCents: numberValue(values, 'baseCents') ?? 0,
      amoCents: numberValue(values, 'amoCents') ?? 0, amcCents: numberValue(values, 'amcCents') ?? 0,
    });
  }

  /**
   * The invoice's entities are over: the act lines of a paid invoice must add up to what it pays
   * (to the 065's new amount for a regularisation, whose 060 pays only the complement; less the
   * 067's increase for a C2S claim paid late) and to the
   * AMO part its 060 states. A rejected invoice's lines are what was declared, which may be what
   * was wrong with it: not checked.
   */
  private leaveInvoice(): void {
    const invoice = this.invoice;
    const unreadable = this.invoicePartUnreadable;
    this.invoice = undefined;
    this.invoicePartUnreadable = false;
    if (!invoice) return;
    const at = { line: this.invoiceLine, code: RSP_ENTITY.invoice };
    const where = { invoice: invoice.invoiceNumber, lot: invoice.lot };
    // A paid invoice is S exactly when it carries signalements (rules.md §5.2): the status alone must tell.
    const written = this.invoiceStatusWritten;
    if ((written === STATUS_PAID && invoice.motives.length > 0) || (written === STATUS_PAID_WITH_SIGNALEMENT && invoice.motives.length === 0)) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `invoice status ${written} with ${invoice.motives.length} signalements (080): ${STATUS_PAID_WITH_SIGNALEMENT} when it has some, ${STATUS_PAID} when none`, at, where);
    }
    if (invoice.status === 'R') {
      // P6 and P7: a rejected invoice pays nothing, and says why.
      if (invoice.paidCents !== 0) this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `rejected invoice ${invoice.invoiceNumber} pays ${invoice.paidCents} cents`, at, where);
      if (invoice.motives.length === 0) this.error('TPLIQ_NOEMIE_STRUCTURE', `rejected invoice ${invoice.invoiceNumber} without a motive (080)`, at, where);
    }
    const acts = invoice.acts;
    if (acts === undefined || invoice.status === 'R' || unreadable) return;
    let amcCents = 0;
    let amoCents = 0;
    for (const act of acts) {
      amcCents += act.amcCents;
      amoCents += act.amoCents;
    }
    const increaseCents = invoice.c2sIncrease?.increaseCents ?? 0;
    const dueCents = invoice.regularisation?.newCents ?? invoice.paidCents - increaseCents;
    if (amcCents !== dueCents) {
      const what = invoice.regularisation
        ? `its regularisation (065) makes ${dueCents} cents due`
        : increaseCents > 0 ? `its 060 pays ${dueCents} before its C2S increase (067)` : `its 060 pays ${dueCents}`;
      this.error('TPLIQ_NOEMIE_ACT_AMC_MISMATCH', `the ${acts.length} acts (070) of invoice ${invoice.invoiceNumber} add up to ${amcCents} cents AMC, ${what}`, at, where);
    }
    if (invoice.amoCents !== undefined && amoCents !== invoice.amoCents) {
      this.error('TPLIQ_NOEMIE_ACT_AMO_MISMATCH', `the ${acts.length} acts (070) of invoice ${invoice.invoiceNumber} add up to ${amoCents} cents AMO, its 060 states ${invoice.amoCents}`, at, where);
    }
  }

  private onOffset(entity: EntityLine, values: RecordValues | null): void {
    this.leaveInvoice();
    // After the mandant's lots: a lot still open ends here, as a 990 would say.
    if (!this.settleInto(RSP_ENTITY.mandant, entity)) return;
    this.countInOpenLevels();
    const mandant = this.innermost(RSP_ENTITY.mandant);
    const group = this.groups.at(-1);
    if (!mandant || !group || !values) return;
    const offset = {
      debtInvoice: textValue(values, 'debtInvoice'), originalInvoice: textValue(values, 'originalInvoice'), debtDate: numberValue(values, 'debtDate') ?? 0,
      offsetCents: numberValue(values, 'offsetCents') ?? 0, remainingCents: numberValue(values, 'remainingCents') ?? 0,
    };
    if (offset.offsetCents <= 0 || offset.remainingCents < 0) {
      this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `offset of ${offset.offsetCents} cents leaving ${offset.remainingCents} cents is not a recovery`, entity, { invoice: offset.debtInvoice });
    }
    mandant.offsetCents += offset.offsetCents;
    (group.offsets ??= []).push(offset);
  }

  private onLevelTotals(entity: EntityLine, values: RecordValues | null): void {
    this.leaveInvoice();
    // A 990 whose zones cannot be read still closes a level: the innermost one.
    const closes = values ? textValue(values, 'levelClosed') : this.levels.at(-1)?.level;
    const index = this.levels.findLastIndex((l) => l.level === closes);
    if (index < 0) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `totals 990 close level ${closes ?? '?'}, which is not open`, entity);
      this.countInOpenLevels();
      return;
    }
    this.closeUnclosed(index + 1, entity);
    const level = this.levels.pop();
    if (level) this.close(level, values ? { entity, values } : undefined);
    this.countInOpenLevels();
  }

  private onFileEnd(entity: EntityLine, values: RecordValues | null): void {
    this.closeUnclosed(0, entity);
    this.ended = true;
    if (!values) return;
    const declared = numberValue(values, 'entityCount') ?? 0;
    if (declared !== this.entityCount) {
      this.error('TPLIQ_NOEMIE_COUNT_MISMATCH', `end of file 999 counts ${declared} entities, the file has ${this.entityCount}`, entity);
    }
  }

  /** Opens a level: the entity that opens it is counted in its parents, not in itself. */
  private open(level: RspLevel, entity: EntityLine): OpenLevel {
    const opened: OpenLevel = {
      level, line: entity.line, entitiesInside: 0, paidCents: 0, rejectedCents: 0,
      lot: '', sendDate: 0, declaredInvoices: null, invoicesRead: 0, transferCents: null, transferLine: 0, offsetCents: 0,
    };
    this.levels.push(opened);
    return opened;
  }

  private countInOpenLevels(): void {
    for (const level of this.levels) level.entitiesInside++;
  }

  /**
   * Before an entity that must sit directly in `parent`: closes (as errors) the levels still open
   * inside the parent. False, with an error, when no such parent is open.
   */
  private settleInto(parent: RspLevel, entity: EntityLine): boolean {
    const index = this.levels.findLastIndex((l) => l.level === parent);
    if (index < 0) {
      this.error('TPLIQ_NOEMIE_STRUCTURE', `entity ${entity.code} outside a ${LEVEL_NAMES[parent]} level (${parent})`, entity);
      this.countInOpenLevels();
      this.keepRaw(entity, null);
      return false;
    }
    this.closeUnclosed(index + 1, entity);
    return true;
  }

  private insideMandant(entity: EntityLine): boolean {
    if (this.innermost(RSP_ENTITY.mandant)) return true;
    this.error('TPLIQ_NOEMIE_STRUCTURE', `entity ${entity.code} outside a mandant level (010)`, entity);
    return false;
  }

  private innermost(level: RspLevel): OpenLevel | undefined {
    return this.levels.findLast((l) => l.level === level);
  }

  /** Levels from `depth` up that the file never closed: an error each, and their own checks. */
  private closeUnclosed(depth: number, at: EntityLine | undefined): void {
    while (this.levels.length > depth) {
      const level = this.levels.pop();
      if (!level) break;
      const where = at ? `before line ${at.line}` : 'at the end of the file';
      this.error('TPLIQ_NOEMIE_STRUCTURE', `${LEVEL_NAMES[level.level]} level opened by ${level.level} at line ${level.line} is not closed by a 990 ${where}`, { line: level.line, code: level.level }, lotOf(level));
      this.close(level, undefined);
    }
  }

  /** The checks of a level: against its 990 when there is one, and those that need no 990. */
  private close(level: OpenLevel, totals: { entity: EntityLine; values: RecordValues } | undefined): void {
    const what = `${LEVEL_NAMES[level.level]} level opened at line ${level.line}`;
    if (level.level === RSP_ENTITY.lot && level.declaredInvoices !== null && level.declaredInvoices !== level.invoicesRead) {
      this.error('TPLIQ_NOEMIE_COUNT_MISMATCH', `lot ${level.lot} declares ${level.declaredInvoices} invoices, ${level.invoicesRead} were read`, { line: level.line, code: RSP_ENTITY.lot }, lotOf(level));
    }
    if (level.level === RSP_ENTITY.mandant) {
      const netCents = level.paidCents - level.offsetCents;
      if (level.transferCents === null && netCents !== 0) {
        this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `${what} pays ${netCents} cents but has no transfer (040)`, { line: level.line, code: RSP_ENTITY.mandant });
      } else if (level.transferCents !== null && level.transferCents !== netCents) {
        this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `transfer 040 of ${level.transferCents} cents differs from the ${netCents} cents the ${what} pays less its offsets (P13)`, { line: level.transferLine, code: RSP_ENTITY.transfer });
      }
    }
    if (!totals) return;
    const { entity, values } = totals;
    const where = lotOf(level);
    const count = numberValue(values, 'entityCount') ?? 0;
    const paid = numberValue(values, 'paidTotalCents') ?? 0;
    const rejected = numberValue(values, 'rejectedTotalCents') ?? 0;
    if (count !== level.entitiesInside) {
      this.error('TPLIQ_NOEMIE_COUNT_MISMATCH', `totals of the ${what} count ${count} entities, ${level.entitiesInside} were read`, entity, where);
    }
    if (paid !== level.paidCents) {
      this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `totals of the ${what} say ${paid} cents paid, the invoices read pay ${level.paidCents}`, entity, where);
    }
    if (rejected !== level.rejectedCents) {
      this.error('TPLIQ_NOEMIE_TOTAL_MISMATCH', `totals of the ${what} say ${rejected} cents rejected, the invoices read reject ${level.rejectedCents}`, entity, where);
    }
  }

  private keepRaw(entity: EntityLine, values: RecordValues | null): void {
    this.unmodelled.push({ line: entity.line, code: entity.code, text: entity.text, values });
  }

  private error(code: CodecErrorCode, message: string, at: { line?: number; code?: string }, extra: CodecLocation = {}): void {
    const where: CodecLocation = { ...extra };
    if (this.file !== undefined) where.file = this.file;
    if (at.line !== undefined) where.line = at.line;
    if (at.code !== undefined) where.recordType = at.code;
    this.errors.push(codecError(code, message, where));
  }
}

/** The 060's nature d'assurance, when its zone is not blank. */
function natureAssuranceOf(values: RecordValues): { natureAssurance?: string } {
  const nature = textValue(values, 'natureAssurance');
  return nature === '' ? {} : { natureAssurance: nature };
}

/** The 060's AMO part, when its zone is not blank. */
function amoCentsOf(values: RecordValues): { amoCents?: number } {
  const amoCents = numberValue(values, 'amoPaidCents');
  return amoCents === null ? {} : { amoCents };
}

function lotOf(level: OpenLevel): CodecLocation {
  return level.level === RSP_ENTITY.lot && level.lot !== '' ? { lot: level.lot } : {};
}
