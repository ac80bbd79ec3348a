import { c2sDueDate } from '../calendar/c2s-due-date.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import type { CounterClaimMessage, InvoiceOutcomeMessage, LiquidationResultMessage } from '../../codecs/proto/liquidation-codec.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { Channel, Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { PackedActLine } from '../../codecs/binary/packed-act-lines.js';
import { ReturnsTailEncoder, type ReturnsTailFields } from '../run/spool-returns-tail.js';
import { InvoiceReader, type InvoiceMeta } from '../intake/invoice-reader.js';
import { assessInvoice } from '../rules/assess-invoice.js';
import { motive } from '../rules/motive-factory.js';
import { functionalKey } from './functional-key.js';
import type { LiquidationTask, LotRef } from './task.js';
import { INDEX_BYTE_OFFSET, INDEX_LINE, INDEX_LOT, INDEX_RECORDS, INDEX_START, INDEX_STRIDE } from './task.js';

/**
 * The stateless half of liquidation, for one batch: decode each invoice, run every rule that
 * depends on that invoice alone, and compute its complementary part. Pure given the referential:
 * the same batch gives the same outcomes in any worker, in any order.
 */
export class BatchLiquidator {
  private readonly readers = new Map<string, InvoiceReader>();
  /** What the reader is told of each invoice, refilled for each (the reader copies it into the invoice). */
  private readonly meta: InvoiceMeta = { sequence: 0, practitionerId: '', location: { file: '', line: 0, byteOffset: 0, lot: '' } };

  constructor(
    private readonly ref: ReferentialView,
    private readonly layouts: ReadonlyMap<string, CompiledLayout>,
    private readonly auditArithmetic = false,
  ) {}

  private reader(profile: string, channel: Channel): InvoiceReader {
    const key = `${profile}/${channel}`;
    let reader = this.readers.get(key);
    if (!reader) {
      const layout = this.layouts.get(profile);
      if (!layout) throw new Error(`no layout loaded for profile ${profile}`);
      reader = new InvoiceReader(layout, channel);
      this.readers.set(key, reader);
    }
    return reader;
  }

  liquidate(task: LiquidationTask): LiquidationResultMessage {
    const outcomes: InvoiceOutcomeMessage[] = new Array(task.invoiceCount);
    const framing = new Map(task.framingErrors.map((f) => [f.at, f.errors] as const));
    const tally = { auditMismatches: 0 };
    for (let n = 0; n < task.invoiceCount; n++) {
      const i = n * INDEX_STRIDE;
      outcomes[n] = this.liquidateInvoice(
        task.bytes, task.index[i + INDEX_START]!, task.index[i + INDEX_RECORDS]!, task.lots[task.index[i + INDEX_LOT]!]!,
        task.index[i + INDEX_LINE]!, task.index[i + INDEX_BYTE_OFFSET]!, framing.get(n) ?? NO_ERRORS, tally,
      );
    }
    return { batch: task.batch, outcomes, auditMismatches: tally.auditMismatches };
  }

  /**
   * One framed invoice: its `recordCount` records start at `start` in `bytes` (a batch buffer, or a
   * framer's scratch view when a worker frames the file itself — read here, never kept), its first
   * record on `line` of the file, `byteOffset` bytes in. Its sequence is 0: the main thread numbers
   * invoices in run-wide input order when it commits.
   * `tally.auditMismatches` grows by the invoice's lines that differ from decimal.js.
   */
  liquidateInvoice(
    bytes: Uint8Array, start: number, recordCount: number, lot: LotRef, line: number, byteOffset: number,
    framingErrors: readonly CodecError[], tally: { auditMismatches: number },
  ): InvoiceOutcomeMessage {
    const meta = this.meta;
    meta.practitionerId = lot.practitionerId;
    meta.location = { file: lot.file, line, byteOffset, lot: lot.lot };
    const read = this.reader(lot.profile, lot.channel).read(bytes, start, recordCount, meta);
    const invoice = read.invoice;
    const structural = framingErrors.length === 0 ? read.errors : read.errors.length === 0 ? framingErrors : [...framingErrors, ...read.errors];
    const assessment = assessInvoice(invoice, this.ref, { receivedDate: lot.receivedDate as DateYmd, auditArithmetic: this.auditArithmetic });
    tally.auditMismatches += assessment.auditMismatches;
    // Signalements ride after the rejection motives; the commit step keeps them only on a paid invoice.
    const motives = motivesOf(assessment.motives, structural, assessment.signalements);
    const key = functionalKey(invoice);
    return {
      sequence: invoice.sequence,
      invoiceNumber: invoice.invoiceNumber,
      amcNumber: invoice.amcNumber,
      birthRank: invoice.birthRank,
      careDate: assessment.careDate,
      computedAmcCents: assessment.amcCents,
      claimedAmcCents: invoice.declaredAmcCents,
      motives,
      errors: structural.length === 0 ? [] : structural.map((e) => ({ code: e.code, message: e.message, line: e.line ?? 0, column: e.column ?? 0 })),
      functionalKeyHi: key.hi,
      functionalKeyLo: key.lo,
      pecNumber: assessment.pecToConsume?.pecNumber ?? '',
      pecCents: assessment.pecToConsume?.cents ?? 0,
      duplicataOf: invoice.duplicataOf,
      nature: invoice.nature,
      refersTo: invoice.refersTo,
      feeCents: invoice.declaredFeeCents,
      returnsTail: returnsTailOf(invoice, assessment.lineAmcCents, assessment.careDate),
      line: invoice.location.line,
      c2sDueDate: invoice.c2s === undefined ? 0 : c2sDueDate(invoice.c2s),
      c2sFormalNoticeDate: invoice.c2s?.formalNoticeDate ?? 0,
      claims: assessment.claims as CounterClaimMessage[],
    };
  }
}

const NO_ERRORS: readonly CodecError[] = [];

/**
 * What only the returns read of the invoice, as the spool keeps it (engine/run/spool-returns-tail.ts),
 * with the lines the return's 070s describe: what was read, with the AMC part computed for each.
 * Each line is handed to the packer through one of a few objects kept for the purpose (the packer
 * only reads them), not through an object of its own; the same for the other fields.
 */
function returnsTailOf(invoice: Invoice, lineAmcCents: readonly Cents[], careDate: DateYmd): Uint8Array {
  const lines = invoice.lines;
  while (packing.length < lines.length) packing.push({ actCode: '', actDate: 0, quantity: 0, coefficientHundredths: 0, baseCents: 0, amoCents: 0, computedAmcCents: 0, declaredAmcCents: 0 });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const packed = packing[i]!;
    packed.actCode = line.actCode;
    packed.actDate = line.actDate;
    packed.quantity = line.quantity;
    packed.coefficientHundredths = line.coefficientHundredths;
    packed.baseCents = line.baseCents;
    packed.amoCents = line.amoCents;
    packed.computedAmcCents = lineAmcCents[i] ?? 0;
    packed.declaredAmcCents = line.amcDeclaredCents;
  }
  const fields = tailFields;
  fields.nir = invoice.nir;
  fields.nirKey = invoice.nirKey;
  fields.amoCents = invoice.declaredAmoCents;
  fields.natureAssurance = invoice.natureAssurance ?? '';
  return tailEncoder.encode(fields, packing, lines.length, careDate);
}

const tailEncoder = new ReturnsTailEncoder();
const tailFields: ReturnsTailFields = { nir: '', nirKey: '', amoCents: 0, natureAssurance: '' };
const packing: PackedActLine[] = [];

/**
 * A record the codec could not read makes every figure of the invoice suspect, so such an invoice
 * is rejected as STRUCTURE_INVALIDE alone (with the first problem's code and place), not with the
 * noise its garbled fields would raise in the rules. Trailer totals that disagree with readable
 * lines are not a reading failure: the rules' motives stand, with TOTAL_INCOHERENT first.
 * The rules' own list is passed on as it is when nothing comes before or after it (nearly always).
 */
function motivesOf(ruleMotives: Motive[], structural: readonly CodecError[], signalements: readonly Motive[]): Motive[] {
  let leading: Motive | undefined;
  if (structural.length > 0) {
    const unreadable = structural.find((e) => e.code !== 'TPLIQ_B2_TOTAL_MISMATCH');
    if (unreadable) return [motive('STRUCTURE_INVALIDE', whereOf(unreadable))];
    if (!ruleMotives.some((m) => m.code === 'TOTAL_INCOHERENT')) leading = motive('TOTAL_INCOHERENT', whereOf(structural[0]!));
  }
  if (leading === undefined && signalements.length === 0) return ruleMotives;
  return leading === undefined ? [...ruleMotives, ...signalements] : [leading, ...ruleMotives, ...signalements];
}

const whereOf = (e: CodecError): string => `: ${e.code} ligne ${e.line ?? '?'}, colonne ${e.column ?? '?'}`;
