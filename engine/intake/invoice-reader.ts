import type { CodecError, CodecErrorCode } from '../../codecs/fixed-width/codec-error.js';
import { codecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../../codecs/fixed-width/compiled-layout.js';
import { BLANK, NOT_A_NUMBER, readDate } from '../../codecs/fixed-width/read-date.js';
import { readText, readUnsigned } from '../../codecs/fixed-width/read-field.js';
import { recordTypeAt } from '../../codecs/fixed-width/record-codec.js';
import type { Channel, Invoice, InvoiceLine, InvoiceLocation, OperationNature, SecuringMode } from '../domain/invoice.js';
import type { Cents, DateYmd } from '../domain/units.js';

/**
 * Turns the raw records of one framed invoice into the normalised Invoice the rules work on.
 * Field names are the contract between the layout profiles and the engine: any profile that
 * names its fields `invoiceNumber`, `nir`, `actDate`, `amo`, `amcDeclared`… is understood, so an
 * operator can swap a profile file without touching this code. Positions are resolved once per
 * profile; per invoice only numbers are read in place (strings only for text the rules need).
 */

/** Header-level fields, read from the invoice header and supplements (a supplement overrides). */
const HEADER_FIELDS = [
  'invoiceNumber', 'nir', 'nirKey', 'beneficiaryNir', 'beneficiaryNirKey', 'natureOperation', 'securingMode',
  'roSentDate', 'birthDate', 'birthRank', 'memberNumber', 'parcours', 'pecNumber', 'duplicataOf', 'refersTo',
  'amcNumber',
] as const;
const LINE_FIELDS = ['actDate', 'actCode', 'quantity', 'coefficient', 'unitPrice', 'base', 'amoRate', 'amo', 'fee', 'amcDeclared', 'exoCode'] as const;

type HeaderName = (typeof HEADER_FIELDS)[number];
type LineName = (typeof LINE_FIELDS)[number];

interface RecordPlan {
  record: CompiledRecord;
  header: Partial<Record<HeaderName, CompiledField>>;
  line: Partial<Record<LineName, CompiledField>>;
  /** Trailer totals and what each sums. */
  sums: Array<{ field: CompiledField; of: string; records: ReadonlySet<string> }>;
}

export interface InvoiceMeta {
  sequence: number;
  location: InvoiceLocation;
  practitionerId: string;
}

export interface ReadInvoice {
  invoice: Invoice;
  /** Structural problems found while reading (bad numbers, totals that don't add up…). */
  errors: CodecError[];
}

export class InvoiceReader {
  private readonly plans = new Map<CompiledRecord, RecordPlan>();

  constructor(private readonly layout: CompiledLayout, private readonly channel: Channel) {
    for (const record of layout.records.values()) {
      const plan: RecordPlan = { record, header: {}, line: {}, sums: [] };
      if (record.role === 'invoice-header' || record.role === 'invoice-supplement') {
        for (const name of HEADER_FIELDS) {
          const f = record.byName.get(name);
          if (f) plan.header[name] = f;
        }
      }
      if (record.role === 'invoice-line') {
        for (const name of LINE_FIELDS) {
          const f = record.byName.get(name);
          if (f) plan.line[name] = f;
        }
      }
      if (record.role === 'invoice-trailer') {
        for (const f of record.fields) if (f.sums) plan.sums.push({ field: f, of: f.sums.field, records: new Set(f.sums.records) });
      }
      this.plans.set(record, plan);
    }
  }

  read(bytes: Uint8Array, start: number, recordCount: number, meta: InvoiceMeta): ReadInvoice {
    const recordLength = this.layout.recordLength;
    const errors: CodecError[] = [];
    const inv: Invoice = {
      sequence: meta.sequence,
      channel: this.channel,
      location: meta.location,
      practitionerId: meta.practitionerId,
      invoiceNumber: '',
      nature: 'INITIALE',
      securingMode: this.channel === 'B2_ETAB' ? 'ETABLISSEMENT' : this.channel === 'PAPER' ? 'PAPER' : 'VITALE',
      duplicataOf: '',
      refersTo: '',
      amcNumber: '',
      memberNumber: '',
      nir: '',
      nirKey: '',
      birthDate: 0 as DateYmd,
      birthRank: 0,
      roSentDate: 0 as DateYmd,
      horsParcours: false,
      pecNumber: '',
      declaredFeeCents: 0 as Cents,
      declaredAmoCents: 0 as Cents,
      declaredAmcCents: 0 as Cents,
      lines: [],
    };
    let beneficiaryNir = '';
    let beneficiaryNirKey = '';
    let trailer: { plan: RecordPlan; at: number; index: number } | null = null;
    const sumsByRecord = new Map<string, Map<string, number>>();

    const fail = (code: CodecErrorCode, message: string, index: number, f: CompiledField | undefined): void => {
      errors.push(codecError(code, message, {
        file: meta.location.file, line: meta.location.line + index, column: f ? f.offset + 1 : 1,
        lot: meta.location.lot, invoice: inv.invoiceNumber, ...(f ? { field: f.name } : {}),
      }));
    };
    const num = (f: CompiledField | undefined, at: number, index: number): number => {
      if (!f) return 0;
      const v = readUnsigned(bytes, at + f.offset, f.length);
      if (v === BLANK) {
        if (!f.optional) fail('TPLIQ_B2_BAD_NUMBER', `${f.name} is blank`, index, f);
        return 0;
      }
      if (v === NOT_A_NUMBER) {
        fail('TPLIQ_B2_BAD_NUMBER', `${f.name} is not a number`, index, f);
        return 0;
      }
      return v;
    };
    const date = (f: CompiledField | undefined, at: number, index: number): DateYmd => {
      if (!f) return 0 as DateYmd;
      const v = readDate(bytes, at + f.offset, f);
      if (v === BLANK) {
        if (!f.optional) fail('TPLIQ_B2_BAD_DATE', `${f.name} is blank`, index, f);
        return 0 as DateYmd;
      }
      if (v === NOT_A_NUMBER) {
        fail('TPLIQ_B2_BAD_DATE', `${f.name} is not a date`, index, f);
        return 0 as DateYmd;
      }
      return v as DateYmd;
    };
    const text = (f: CompiledField | undefined, at: number): string => (f ? readText(bytes, at + f.offset, f.length).trim() : '');

    for (let index = 0; index < recordCount; index++) {
      const at = start + index * recordLength;
      const record = recordTypeAt(this.layout, bytes, at);
      if (!record) continue; // already reported by the framer
      const plan = this.plans.get(record)!;
      switch (record.role) {
        case 'invoice-header':
        case 'invoice-supplement': {
          const h = plan.header;
          if (h.invoiceNumber && record.role === 'invoice-header') inv.invoiceNumber = text(h.invoiceNumber, at);
          if (record.role === 'invoice-header') {
            if (h.nir) inv.nir = text(h.nir, at);
            if (h.nirKey) inv.nirKey = text(h.nirKey, at);
            if (h.natureOperation) inv.nature = natureOf(text(h.natureOperation, at));
            if (h.securingMode) inv.securingMode = securingOf(text(h.securingMode, at), inv.securingMode);
            if (h.roSentDate) inv.roSentDate = date(h.roSentDate, at, index);
            if (h.birthDate) inv.birthDate = date(h.birthDate, at, index);
            if (h.birthRank) inv.birthRank = num(h.birthRank, at, index);
            if (h.memberNumber) inv.memberNumber = text(h.memberNumber, at);
            if (h.pecNumber) inv.pecNumber = text(h.pecNumber, at);
            if (h.duplicataOf) inv.duplicataOf = nonZero(text(h.duplicataOf, at));
            if (h.refersTo) inv.refersTo = nonZero(text(h.refersTo, at));
            if (h.amcNumber) inv.amcNumber = amcNumberOf(text(h.amcNumber, at));
          }
          if (h.beneficiaryNir) beneficiaryNir = text(h.beneficiaryNir, at);
          if (h.beneficiaryNirKey) beneficiaryNirKey = text(h.beneficiaryNirKey, at);
          if (h.parcours) inv.horsParcours = text(h.parcours, at) === 'H';
          break;
        }
        case 'invoice-line': {
          const l = plan.line;
          const line: InvoiceLine = {
            lineNo: inv.lines.length + 1,
            actDate: date(l.actDate, at, index),
            actCode: text(l.actCode, at),
            quantity: num(l.quantity, at, index),
            coefficientHundredths: num(l.coefficient, at, index),
            unitPriceCents: num(l.unitPrice, at, index) as Cents,
            baseCents: num(l.base, at, index) as Cents,
            amoRatePercent: num(l.amoRate, at, index),
            amoCents: num(l.amo, at, index) as Cents,
            feeCents: num(l.fee, at, index) as Cents,
            amcDeclaredCents: num(l.amcDeclared, at, index) as Cents,
            exoCode: text(l.exoCode, at),
          };
          inv.lines.push(line);
          let sums = sumsByRecord.get(record.code);
          if (!sums) sumsByRecord.set(record.code, (sums = new Map()));
          sums.set('base', (sums.get('base') ?? 0) + line.baseCents);
          sums.set('amo', (sums.get('amo') ?? 0) + line.amoCents);
          sums.set('fee', (sums.get('fee') ?? 0) + line.feeCents);
          sums.set('amcDeclared', (sums.get('amcDeclared') ?? 0) + line.amcDeclaredCents);
          break;
        }
        case 'invoice-trailer':
          trailer = { plan, at, index };
          break;
        default:
          break; // line details (CCAM, NABM, LPP, UCD) are kept in the file, not liquidated
      }
    }
    if (beneficiaryNir !== '') {
      inv.nir = beneficiaryNir;
      inv.nirKey = beneficiaryNirKey;
    }
    if (trailer) {
      let fee = 0, amo = 0, amc = 0;
      for (const s of trailer.plan.sums) {
        const declared = num(s.field, trailer.at, trailer.index);
        let computed = 0;
        for (const code of s.records) computed += sumsByRecord.get(code)?.get(s.of) ?? 0;
        if (declared !== computed) {
          fail('TPLIQ_B2_TOTAL_MISMATCH', `${s.field.name} is ${declared} cents, the lines sum to ${computed}`, trailer.index, s.field);
        }
        if (s.of === 'fee') fee += declared;
        else if (s.of === 'amo') amo += declared;
        else if (s.of === 'amcDeclared') amc += declared;
      }
      inv.declaredFeeCents = fee as Cents;
      inv.declaredAmoCents = amo as Cents;
      inv.declaredAmcCents = amc as Cents;
    }
    return { invoice: inv, errors };
  }
}

function natureOf(code: string): OperationNature {
  if (code === 'A') return 'ANNULATION';
  if (code === 'R') return 'RECTIFICATIVE';
  return 'INITIALE';
}

function securingOf(code: string, fallback: SecuringMode): SecuringMode {
  if (code === 'V') return 'VITALE';
  if (code === 'D') return 'DEGRADE';
  if (code === 'P') return 'PAPER';
  return fallback;
}

function nonZero(digits: string): string {
  return /^0*$/.test(digits) ? '' : digits;
}

/** N° AMC as 10 digits; the "top mutualiste" form (blanks and an M) names no AMC. */
function amcNumberOf(raw: string): string {
  const t = raw.trim();
  if (t === '' || t === 'M' || !/^\d+$/.test(t)) return '';
  return t.padStart(10, '0');
}
