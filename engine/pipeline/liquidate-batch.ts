import { c2sDueDate } from '../calendar/c2s-due-date.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import type { CounterClaimMessage, InvoiceOutcomeMessage, LiquidationResultMessage } from '../../codecs/proto/liquidation-codec.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { Channel, Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { packActLines } from '../../codecs/binary/packed-act-lines.js';
import { InvoiceReader } from '../intake/invoice-reader.js';
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
        // sequence 0: the main thread numbers invoices in run-wide input order when it commits.
        { line: task.index[i + INDEX_LINE]!, byteOffset: task.index[i + INDEX_BYTE_OFFSET]!, sequence: 0 },
        framing.get(n) ?? NO_ERRORS, tally,
      );
    }
    return { batch: task.batch, outcomes, auditMismatches: tally.auditMismatches };
  }

  /**
   * One framed invoice: its `recordCount` records start at `start` in `bytes` (a batch buffer, or a
   * framer's scratch view when a worker frames the file itself — read here, never kept).
   * `tally.auditMismatches` grows by the invoice's lines that differ from decimal.js.
   */
  liquidateInvoice(
    bytes: Uint8Array, start: number, recordCount: number, lot: LotRef,
    at: { line: number; byteOffset: number; sequence: number },
    framingErrors: readonly CodecError[], tally: { auditMismatches: number },
  ): InvoiceOutcomeMessage {
    const read = this.reader(lot.profile, lot.channel).read(bytes, start, recordCount, {
      sequence: at.sequence,
      practitionerId: lot.practitionerId,
      location: { file: lot.file, line: at.line, byteOffset: at.byteOffset, lot: lot.lot },
    });
    const invoice = read.invoice;
    const structural = [...framingErrors, ...read.errors];
    const assessment = assessInvoice(invoice, this.ref, { receivedDate: lot.receivedDate as DateYmd, auditArithmetic: this.auditArithmetic });
    tally.auditMismatches += assessment.auditMismatches;
    // Signalements ride after the rejection motives; the commit step keeps them only on a paid invoice.
    const motives = motivesOf(assessment.motives, structural, assessment.signalements);
    const key = functionalKey(invoice);
    return {
      sequence: invoice.sequence,
      invoiceNumber: invoice.invoiceNumber,
      amcNumber: invoice.amcNumber,
      nir: invoice.nir,
      nirKey: invoice.nirKey,
      birthRank: invoice.birthRank,
      careDate: assessment.careDate,
      computedAmcCents: assessment.amcCents,
      claimedAmcCents: invoice.declaredAmcCents,
      motives,
      errors: structural.map((e) => ({ code: e.code, message: e.message, line: e.line ?? 0, column: e.column ?? 0 })),
      functionalKeyHi: key.hi,
      functionalKeyLo: key.lo,
      pecNumber: assessment.pecToConsume?.pecNumber ?? '',
      pecCents: assessment.pecToConsume?.cents ?? 0,
      duplicataOf: invoice.duplicataOf,
      nature: invoice.nature,
      refersTo: invoice.refersTo,
      feeCents: invoice.declaredFeeCents,
      amoCents: invoice.declaredAmoCents,
      actLines: packActLinesOf(invoice, assessment.lineAmcCents, assessment.careDate),
      natureAssurance: invoice.natureAssurance ?? '',
      line: invoice.location.line,
      c2sDueDate: invoice.c2s === undefined ? 0 : c2sDueDate(invoice.c2s),
      c2sFormalNoticeDate: invoice.c2s?.formalNoticeDate ?? 0,
      claims: assessment.claims as CounterClaimMessage[],
    };
  }
}

const NO_ERRORS: readonly CodecError[] = [];

/** The lines the return's 070s describe: what was read, with the AMC part computed for each. */
function packActLinesOf(invoice: Invoice, lineAmcCents: readonly Cents[], careDate: DateYmd): Uint8Array {
  return packActLines(invoice.lines.map((line, i) => ({
    actCode: line.actCode, actDate: line.actDate, quantity: line.quantity, coefficientHundredths: line.coefficientHundredths,
    baseCents: line.baseCents, amoCents: line.amoCents, computedAmcCents: lineAmcCents[i] ?? 0, declaredAmcCents: line.amcDeclaredCents,
  })), careDate);
}

/**
 * A record the codec could not read makes every figure of the invoice suspect, so such an invoice
 * is rejected as STRUCTURE_INVALIDE alone (with the first problem's code and place), not with the
 * noise its garbled fields would raise in the rules. Trailer totals that disagree with readable
 * lines are not a reading failure: the rules' motives stand, with TOTAL_INCOHERENT first.
 */
function motivesOf(ruleMotives: readonly Motive[], structural: readonly CodecError[], signalements: readonly Motive[]): Array<{ code: string; label: string }> {
  const unreadable = structural.find((e) => e.code !== 'TPLIQ_B2_TOTAL_MISMATCH');
  const where = (e: CodecError): string => `: ${e.code} ligne ${e.line ?? '?'}, colonne ${e.column ?? '?'}`;
  if (unreadable) {
    const m = motive('STRUCTURE_INVALIDE', where(unreadable));
    return [{ code: m.code, label: m.label }];
  }
  const motives = ruleMotives.map((m) => ({ code: m.code, label: m.label }));
  const mismatch = structural[0];
  if (mismatch && !motives.some((m) => m.code === 'TOTAL_INCOHERENT')) {
    const m = motive('TOTAL_INCOHERENT', where(mismatch));
    motives.unshift({ code: m.code, label: m.label });
  }
  for (const m of signalements) motives.push({ code: m.code, label: m.label });
  return motives;
}
