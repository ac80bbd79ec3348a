import { B2Framer } from '../../../codecs/b2/framer.js';
import type { FrameSink } from '../../../codecs/b2/frames.js';
import type { CodecError } from '../../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../../codecs/fixed-width/load-layout.js';
import { InvoiceReader } from '../../intake/invoice-reader.js';
import { framePaperFile, paperFileClose } from '../../intake/paper-invoices.js';
import { lotRefOf } from '../../pipeline/lot-ref.js';
import { SHIPPED_PROFILES } from '../../run/shipped-profiles.js';

/** Profiles a run falls back to, as liquidation-run.ts: headerless B2 files, and paper invoices keyed into B2 PS. */
export const DEFAULT_B2_PROFILE = 'b2-etablissements';
export const PAPER_PROFILE = 'b2-ps';

/** One invoice as framed and decoded: what `inspect --summary` adds up and `validate` reports. */
export interface CheckedInvoice {
  invoiceNumber: string;
  line: number;
  /** Σ of the invoice's declared AMC amounts, integer cents (what the practitioner claims). */
  claimedAmcCents: number;
  /** Framing and decoding problems: in a run, each rejects this invoice as STRUCTURE_INVALIDE. */
  errors: CodecError[];
}

export interface CheckedLot {
  lotNumber: string;
  line: number;
  invoices: CheckedInvoice[];
  /** Envelope problems (trailer counts and totals, repeated or unterminated lot): a negative ARL. */
  errors: CodecError[];
}

/** A B2-family or paper file checked as a run reads it, without a referential. */
export interface InputFileCheck {
  name: string;
  kind: 'B2' | 'PAPER';
  /** Profile the framer read the file with ('' for paper, which has no envelope). */
  profile: string;
  /** Paper invoices are each a lot of their own with no lot number of the file: no lot here. */
  lots: CheckedLot[];
  /** Paper invoices (B2-family invoices are in their lots). */
  paperInvoices: CheckedInvoice[];
  /**
   * File-level problems, exactly what a run lists in summary.json `inputs.errors` for the file:
   * the file close's errors, then the paper CSV's.
   */
  fileErrors: CodecError[];
}

/** The shipped layouts by profile name, loaded once per process. */
let shipped: ReadonlyMap<string, CompiledLayout> | undefined;
export function shippedLayouts(): ReadonlyMap<string, CompiledLayout> {
  shipped ??= new Map(SHIPPED_PROFILES.map((name) => [name, loadLayout(name)] as const));
  return shipped;
}

/** The layouts a run given these `--profile` files would read with: the shipped ones, the operator's in their place. */
export function layoutsWith(profileFiles: Readonly<Record<string, string>>): ReadonlyMap<string, CompiledLayout> {
  if (Object.keys(profileFiles).length === 0) return shippedLayouts();
  return new Map(SHIPPED_PROFILES.map((name) => [name, loadLayout(profileFiles[name] ?? name)] as const));
}

/**
 * Frames a whole file with the run's own framer (B2Framer, or framePaperFile for paper CSV) and
 * decodes each invoice with the run's own InvoiceReader, so that every problem comes out with the
 * code and place a run gives it. Nothing is liquidated: no referential, no ledger, no output.
 */
export async function checkInputFile(bytes: Uint8Array, name: string, kind: 'B2' | 'PAPER', layouts: ReadonlyMap<string, CompiledLayout> = shippedLayouts()): Promise<InputFileCheck> {
  const readers = new Map<string, InvoiceReader>();
  const lots: CheckedLot[] = [];
  const paperInvoices: CheckedInvoice[] = [];
  const fileErrors: CodecError[] = [];
  const source = { name, receivedDate: 0, ...(kind === 'PAPER' ? { channelOverride: 'PAPER' as const } : {}) };
  let profile = '';
  let open: CheckedLot | undefined;
  const sink: FrameSink = {
    invoice(frame) {
      const lot = lotRefOf(source, frame.lot);
      const key = `${lot.profile}/${lot.channel}`;
      let reader = readers.get(key);
      if (reader === undefined) readers.set(key, (reader = new InvoiceReader(frame.lot.layout, lot.channel)));
      // The frame's bytes are the framer's scratch: read here, never kept.
      const read = reader.read(frame.bytes, 0, frame.recordCount, {
        sequence: 0, practitionerId: lot.practitionerId,
        location: { file: name, line: frame.line, byteOffset: frame.byteOffset, lot: lot.lot },
      });
      const invoiceNumber = read.invoice.invoiceNumber;
      const place = { file: name, line: frame.line, ...(lot.lot === '' ? {} : { lot: lot.lot }), ...(invoiceNumber === '' ? {} : { invoice: invoiceNumber }) };
      const invoice: CheckedInvoice = {
        invoiceNumber, line: frame.line, claimedAmcCents: read.invoice.declaredAmcCents,
        errors: [...frame.errors, ...read.errors].map((e) => ({ ...place, ...e })),
      };
      if (kind === 'PAPER') {
        paperInvoices.push(invoice);
        return;
      }
      if (open?.line !== frame.lot.line) lots.push((open = { lotNumber: frame.lot.lotNumber, line: frame.lot.line, invoices: [], errors: [] }));
      open.invoices.push(invoice);
    },
    lotClosed(close) {
      if (kind === 'PAPER') return;
      // A lot without any invoice is closed without having been opened by one.
      if (open?.line !== close.lot.line) lots.push((open = { lotNumber: close.lot.lotNumber, line: close.lot.line, invoices: [], errors: [] }));
      open.errors.push(...close.errors);
      open = undefined;
    },
    fileClosed(close) {
      profile = close.profile;
      fileErrors.push(...close.errors);
    },
  };
  if (kind === 'B2') {
    const framer = new B2Framer({ file: name, defaultLayout: layoutOf(layouts, DEFAULT_B2_PROFILE), resolveLayout: (p) => layouts.get(p) }, sink);
    framer.push(bytes);
    framer.end();
  } else {
    const summary = await framePaperFile(bytes, name, layoutOf(layouts, PAPER_PROFILE), sink, () => undefined);
    sink.fileClosed(paperFileClose(name, bytes.length, summary));
    fileErrors.push(...summary.errors);
  }
  return { name, kind, profile, lots, paperInvoices, fileErrors };
}

/** Every invoice of the checked file, in file order. */
export function invoicesOf(check: InputFileCheck): CheckedInvoice[] {
  return check.kind === 'PAPER' ? check.paperInvoices : check.lots.flatMap((lot) => lot.invoices);
}

/** Every problem of the checked file: the file's, then each lot's envelope and invoices', in file order. */
export function problemsOf(check: InputFileCheck): CodecError[] {
  const invoices = check.paperInvoices.flatMap((i) => i.errors);
  const lots = check.lots.flatMap((lot) => [...lot.errors, ...lot.invoices.flatMap((i) => i.errors)]);
  return [...check.fileErrors, ...lots, ...invoices];
}

function layoutOf(layouts: ReadonlyMap<string, CompiledLayout>, profile: string): CompiledLayout {
  const layout = layouts.get(profile);
  if (layout === undefined) throw new Error(`no layout loaded for profile ${profile}`);
  return layout;
}
