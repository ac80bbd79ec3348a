import { DEFAULT_PROFILE, SHIPPED_PROFILES } from '../run/shipped-profiles.js';
import { centsToDecimalText } from '../../codecs/sepa/amount-text.js';
import { readArl } from '../../codecs/arl/arl-reader.js';
import { formatCodecError } from '../../codecs/fixed-width/codec-error.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { decodeRecord, type RecordValues } from '../../codecs/fixed-width/record-codec.js';
import { readRsp580, type RspReadResult } from '../../codecs/noemie/rsp-reader.js';
import type { RspAct } from '../../codecs/noemie/rsp-model.js';
import { isSelective, selectRspInvoices, selects, type InspectSelection } from './inspect-selection.js';
import { formatSummary, summariseB2, summariseRsp } from './inspect-summary.js';
import { maskNirFields } from './mask-nir.js';
import { readNamedFile } from './read-named-file.js';
import { UsageError } from './run-options.js';
import { detectFileFormat } from './validate/file-format.js';
import { checkInputFile } from './validate/input-file-check.js';

export type InspectedFormat = 'B2' | 'NOEMIE' | 'ARL';

/**
 * Which view of a file inspect gives, from the one format detector (validate/file-format.ts):
 * NOEMIE and ARL have their readers; anything else is shown record by record as B2, which is
 * what lets an operator look at a broken file line by line.
 */
export function inspectedFormatOf(path: string, bytes: Uint8Array): InspectedFormat {
  const format = detectFileFormat(path, bytes);
  return format === 'NOEMIE' || format === 'ARL' ? format : 'B2';
}

export interface InspectedRecord {
  line: number;
  /** The lot and invoice the record belongs to, when it is inside one (for --lot / --invoice). */
  lot?: string;
  invoice?: string;
  type: string;
  role: string;
  values: RecordValues;
  errors: string[];
}

/** Every record of a B2 / DRE file decoded under the profile its header names. */
export function inspectB2(text: string, file: string): InspectedRecord[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? '';
  const named = header.slice(40, 60).trim().toLowerCase();
  const layout = loadLayout((SHIPPED_PROFILES as readonly string[]).includes(named) ? named : DEFAULT_PROFILE);
  const out: InspectedRecord[] = [];
  // The lot and invoice being read: records carry them so that a selection keeps whole lots and invoices.
  let lot: string | undefined;
  let invoice: string | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '').padEnd(layout.recordLength, ' ');
    if (raw.trim() === '') return;
    const r = decodeRecord(layout, line.length > layout.recordLength ? raw : line, { file, line: i + 1 });
    if (r.ok) {
      const values = Object.fromEntries(Object.entries(r.value.values).filter(([k]) => !k.startsWith('filler_')));
      const role = r.value.record.role;
      if (role === 'file-header' || role === 'file-trailer') lot = invoice = undefined;
      if (role === 'lot-header') {
        lot = textOf(values['lotNumber']);
        invoice = undefined;
      }
      if (role === 'invoice-header') invoice = textOf(values['invoiceNumber']);
      out.push({ line: i + 1, ...place(lot, invoice), type: r.value.code, role, values, errors: [] });
      if (role === 'lot-trailer') lot = invoice = undefined;
      if (role === 'invoice-trailer') invoice = undefined;
    } else {
      out.push({ line: i + 1, ...place(lot, invoice), type: raw.slice(0, 2).trim(), role: 'unreadable', values: {}, errors: r.errors.map(formatCodecError) });
    }
  });
  return out;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function place(lot: string | undefined, invoice: string | undefined): { lot?: string; invoice?: string } {
  return { ...(lot === undefined ? {} : { lot }), ...(invoice === undefined ? {} : { invoice }) };
}

export interface InspectOptions {
  showNir?: boolean;
  /** Per lot and per file totals instead of the records (B2 family and NOEMIE). */
  summary?: boolean;
  selection?: InspectSelection;
}

export async function inspectFile(path: string, json: boolean, options: InspectOptions = {}): Promise<string> {
  const bytes = readNamedFile(path);
  const text = bytes.toString('latin1');
  const format = inspectedFormatOf(path, bytes);
  const selection = options.selection ?? {};
  if ((options.summary === true || isSelective(selection)) && format === 'ARL') {
    throw new UsageError(`--summary, --lot and --invoice read B2, DRE and NOEMIE files; ${path} is an ARL`, 'TPLIQ_USAGE_INSPECT_FORMAT');
  }
  const shown = <T>(value: T): T => (options.showNir === true ? value : maskNirFields(value));
  if (format === 'NOEMIE') {
    const read = readRsp580(text, { file: path });
    if (options.summary === true) {
      const summary = summariseRsp(path, read.file, selection);
      return json ? JSON.stringify(summary, null, 2) : formatSummary(summary);
    }
    const r = shown({ ...read, file: selectRspInvoices(read.file, selection) });
    return json ? JSON.stringify({ format, ...r }, null, 2) : humanNoemie(r);
  }
  if (format === 'ARL') {
    const r = readArl(text, { file: path });
    return json ? JSON.stringify({ format, ...r }, null, 2) : `ARL ${JSON.stringify(r.file, null, 2)}\n${r.errors.map(formatCodecError).join('\n')}`;
  }
  if (options.summary === true) {
    const summary = summariseB2(await checkInputFile(bytes, path, 'B2'), selection);
    return json ? JSON.stringify(summary, null, 2) : formatSummary(summary);
  }
  const records = shown(inspectB2(text, path).filter((r) => !isSelective(selection) || selects(selection, r.lot, r.invoice)));
  if (json) return JSON.stringify({ format, records }, null, 2);
  return records
    .map((r) => {
      const head = `${String(r.line).padStart(7)}  ${r.type.padEnd(2)} ${r.role}`;
      const body = Object.entries(r.values).map(([k, v]) => `${k}=${v === null ? '' : String(v)}`).join(' ');
      return r.errors.length > 0 ? `${head}  ${r.errors.join('; ')}` : `${head}  ${body}`;
    })
    .join('\n');
}

/** One 070 for people: code, date, quantity × coefficient, base, AMO and AMC amounts in euros. */
function actText(a: RspAct): string {
  const date = a.actDate === 0 ? 'no date' : String(a.actDate);
  return `${a.actCode} ${date} ${a.quantity} x ${centsToDecimalText(a.coefficientHundredths)} base ${centsToDecimalText(a.baseCents)} AMO ${centsToDecimalText(a.amoCents)} AMC ${centsToDecimalText(a.amcCents)}`;
}

function humanNoemie(r: RspReadResult): string {
  const f = r.file;
  const out = [`NOEMIE RSP ${f.reference} for ${f.practitioner.billingId} ${f.practitioner.name}, day ${f.accountingDate}`];
  if (f.transfer) out.push(`  transfer ${f.transfer.reference} ${centsToDecimalText(f.transfer.amountCents)} EUR on ${f.transfer.paymentDate}`);
  for (const g of f.groups) {
    out.push(`  AMC ${g.amcNumber} ${g.amcName}`);
    for (const i of g.invoices) {
      const amo = i.amoCents === undefined ? '' : ` AMO ${centsToDecimalText(i.amoCents)}`;
      const lotDate = i.lotSendDate === undefined ? '' : ` of ${i.lotSendDate}`;
      const nature = i.natureAssurance === undefined ? '' : ` nature ${i.natureAssurance}`;
      out.push(`    ${i.status} invoice ${i.invoiceNumber} lot ${i.lot}${lotDate}${nature} claimed ${centsToDecimalText(i.claimedCents)} paid ${centsToDecimalText(i.paidCents)}${amo}${i.motives.map((m) => ` [${m.code} ${m.label}]`).join('')}`);
      const r = i.regularisation;
      if (r !== undefined) {
        out.push(`      regularises ${r.rectifiedInvoice} (${r.nature}): ${centsToDecimalText(r.previousCents)} -> ${centsToDecimalText(r.newCents)}, difference ${centsToDecimalText(r.deltaCents)}`);
      }
      const increase = i.c2sIncrease;
      if (increase !== undefined) out.push(`      C2S increase ${centsToDecimalText(increase.increaseCents)} (due ${increase.dueDate}), included in what it pays`);
      for (const a of i.acts ?? []) out.push(`      act ${actText(a)}`);
    }
  }
  for (const e of r.errors) out.push(`  ! ${formatCodecError(e)}`);
  return out.join('\n');
}
