import type { CodecError, CodecErrorCode } from '../../codecs/fixed-width/codec-error.js';
import { codecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../../codecs/fixed-width/compiled-layout.js';
import { BLANK, birthDateNotAfterCare, NOT_A_DAY, NOT_A_NUMBER, readDate } from '../../codecs/fixed-width/read-date.js';
import { readText, readUnsigned } from '../../codecs/fixed-width/read-field.js';
import { recordTypeAt } from '../../codecs/fixed-width/record-codec.js';
import type { Channel, Invoice, InvoiceLine, InvoiceLocation, OperationNature, SecuringMode } from '../domain/invoice.js';
import type { C2sClaim } from '../domain/c2s-claim.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { earliestActDate } from '../rules/act-dates.js';

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
  'amcNumber', 'accordPrealable', 'natureAssurance', 'atNumber',
  'treatingPractitionerId', 'c2sTransmission', 'c2sStartDate', 'c2sWrongFund', 'c2sFormalNoticeDate',
] as const;
const LINE_FIELDS = ['actDate', 'actCode', 'quantity', 'coefficient', 'unitPrice', 'base', 'amoRate', 'amo', 'fee', 'amcDeclared', 'exoCode'] as const;

type HeaderName = (typeof HEADER_FIELDS)[number];
type LineName = (typeof LINE_FIELDS)[number];

interface RecordPlan {
  record: CompiledRecord;
  header: Partial<Record<HeaderName, CompiledField>>;
  line: Partial<Record<LineName, CompiledField>>;
  /** Invoice-line records: this record's row in the per-invoice sums (-1 for other roles). */
  lineSlot: number;
  /** Trailer totals: the field, the summed line field's column (-1: not a summed field, total 0) and the line records' rows it sums. */
  sums: Array<{ field: CompiledField; of: string; column: number; slots: number[] }>;
}

/** Line fields whose per-record sums a trailer may check, in their column order in `sums`. */
const SUMMED = ['base', 'amo', 'fee', 'amcDeclared'] as const;
const SUM_COLUMNS = SUMMED.length;

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

/**
 * Performance (bench/micro b2-decode, profile of the workers): `read` runs once per invoice on
 * millions of invoices. It allocates only what it returns — no closures, no Map per invoice: the
 * state of the invoice being read lives in fields of this (single-threaded, non-reentrant)
 * reader, and the line sums a trailer checks are a reused Float64Array indexed by (line record,
 * summed field), laid out once per layout. Same fields read in the same order, same errors in the
 * same order, same Invoice, as the straightforward version it replaces.
 */
export class InvoiceReader {
  private readonly plans = new Map<CompiledRecord, RecordPlan>();
  private readonly sums: Float64Array;
  // The invoice being read (valid during one `read` call only).
  private bytes: Uint8Array = new Uint8Array(0);
  private meta: InvoiceMeta | undefined;
  private inv: Invoice | undefined;
  private errors: CodecError[] = [];

  constructor(private readonly layout: CompiledLayout, private readonly channel: Channel) {
    let lineRecords = 0;
    for (const record of layout.records.values()) {
      const plan: RecordPlan = { record, header: {}, line: {}, lineSlot: -1, sums: [] };
      if (record.role === 'invoice-header' || record.role === 'invoice-supplement') {
        for (const name of HEADER_FIELDS) {
          const f = record.byName.get(name);
          if (f) plan.header[name] = f;
        }
      }
      if (record.role === 'invoice-line') {
        plan.lineSlot = lineRecords++;
        for (const name of LINE_FIELDS) {
          const f = record.byName.get(name);
          if (f) plan.line[name] = f;
        }
      }
      this.plans.set(record, plan);
    }
    for (const plan of this.plans.values()) {
      if (plan.record.role !== 'invoice-trailer') continue;
      for (const f of plan.record.fields) {
        if (!f.sums) continue;
        const slots = [...new Set(f.sums.records)]
          .map((code) => layout.records.get(code))
          .filter((r): r is CompiledRecord => r !== undefined && r.role === 'invoice-line')
          .map((r) => this.plans.get(r)!.lineSlot);
        plan.sums.push({ field: f, of: f.sums.field, column: (SUMMED as readonly string[]).indexOf(f.sums.field), slots });
      }
    }
    this.sums = new Float64Array(Math.max(1, lineRecords) * SUM_COLUMNS);
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
      birthCenturyInferred: false,
      birthRank: 0,
      roSentDate: 0 as DateYmd,
      horsParcours: false,
      // Declared in every invoice, so that all invoices share one shape whichever format they came from.
      natureAssurance: undefined,
      pecNumber: '',
      declaredFeeCents: 0 as Cents,
      declaredAmoCents: 0 as Cents,
      declaredAmcCents: 0 as Cents,
      lines: [],
    };
    this.bytes = bytes;
    this.meta = meta;
    this.inv = inv;
    this.errors = errors;
    const sums = this.sums;
    sums.fill(0);
    let beneficiaryNir = '';
    let beneficiaryNirKey = '';
    let trailerPlan: RecordPlan | null = null;
    let trailerAt = 0;
    let trailerIndex = 0;
    let birthField6 = false;

    for (let index = 0; index < recordCount; index++) {
      const at = start + index * recordLength;
      const record = recordTypeAt(this.layout, bytes, at);
      if (!record) continue; // already reported by the framer
      const plan = this.plans.get(record)!;
      switch (record.role) {
        case 'invoice-header':
        case 'invoice-supplement': {
          const h = plan.header;
          if (h.invoiceNumber && record.role === 'invoice-header') inv.invoiceNumber = this.text(h.invoiceNumber, at);
          if (record.role === 'invoice-header') {
            if (h.nir) inv.nir = this.text(h.nir, at);
            if (h.nirKey) inv.nirKey = this.text(h.nirKey, at);
            if (h.natureOperation) inv.nature = natureOf(this.text(h.natureOperation, at));
            if (h.securingMode) inv.securingMode = securingOf(this.text(h.securingMode, at), inv.securingMode);
            if (h.roSentDate) inv.roSentDate = this.date(h.roSentDate, at, index);
            if (h.birthDate) {
              inv.birthDate = this.date(h.birthDate, at, index);
              birthField6 = h.birthDate.kind === 'D6' && h.birthDate.birth;
            }
            if (h.birthRank) inv.birthRank = this.num(h.birthRank, at, index);
            if (h.memberNumber) inv.memberNumber = this.text(h.memberNumber, at);
            if (h.pecNumber) inv.pecNumber = this.text(h.pecNumber, at);
            if (h.duplicataOf) inv.duplicataOf = nonZero(this.text(h.duplicataOf, at));
            if (h.refersTo) inv.refersTo = nonZero(this.text(h.refersTo, at));
            if (h.amcNumber) inv.amcNumber = amcNumberOf(this.text(h.amcNumber, at));
            // Present in the invoice only when the format has the rubric: '' then means missing.
            if (h.accordPrealable) inv.accordPrealableReference = this.text(h.accordPrealable, at);
            // The 060's nature d'assurance, from every layout that has the zone (blank: none).
            if (h.natureAssurance) inv.natureAssurance = this.text(h.natureAssurance, at) || undefined;
            // The accident rubric (R. 161-42 4°) only the hospital B2 makes due: its AT number is read there alone.
            if (this.channel === 'B2_ETAB' && h.atNumber) inv.accidentReference = nonZero(this.text(h.atNumber, at));
            if (h.c2sTransmission) inv.c2s = this.c2sClaim(h, at, index);
          }
          if (h.beneficiaryNir) beneficiaryNir = this.text(h.beneficiaryNir, at);
          if (h.beneficiaryNirKey) beneficiaryNirKey = this.text(h.beneficiaryNirKey, at);
          if (h.parcours) inv.horsParcours = this.text(h.parcours, at) === 'H';
          break;
        }
        case 'invoice-line': {
          const l = plan.line;
          // Object literal fields are evaluated in order: the errors come out in field order.
          const line: InvoiceLine = {
            lineNo: inv.lines.length + 1,
            actDate: this.date(l.actDate, at, index),
            actCode: this.text(l.actCode, at),
            quantity: this.num(l.quantity, at, index),
            coefficientHundredths: this.num(l.coefficient, at, index),
            unitPriceCents: this.num(l.unitPrice, at, index) as Cents,
            baseCents: this.num(l.base, at, index) as Cents,
            amoRatePercent: this.num(l.amoRate, at, index),
            amoCents: this.num(l.amo, at, index) as Cents,
            feeCents: this.num(l.fee, at, index) as Cents,
            amcDeclaredCents: this.num(l.amcDeclared, at, index) as Cents,
            exoCode: this.text(l.exoCode, at),
          };
          inv.lines.push(line);
          const row = plan.lineSlot * SUM_COLUMNS;
          sums[row] = sums[row]! + line.baseCents;
          sums[row + 1] = sums[row + 1]! + line.amoCents;
          sums[row + 2] = sums[row + 2]! + line.feeCents;
          sums[row + 3] = sums[row + 3]! + line.amcDeclaredCents;
          break;
        }
        case 'invoice-trailer':
          trailerPlan = plan;
          trailerAt = at;
          trailerIndex = index;
          break;
        default:
          break; // line details (CCAM, NABM, LPP, UCD) are kept in the file, not liquidated
      }
    }
    // A 6-digit birth date was read with the pivot's century; the acts, read since, say which one
    // it is: the latest that does not put the birth after the care (FieldSpec.birth). Without a
    // valid act date the invoice is rejected for it (mandatory rubrics) and the pivot reading stays.
    if (birthField6 && inv.birthDate > 0) {
      // The date of care of the beneficiary check (rules/beneficiary.ts): the earliest act date.
      const care = earliestActDate(inv.lines);
      if (care !== 0) inv.birthDate = birthDateNotAfterCare(inv.birthDate, care) as DateYmd;
      inv.birthCenturyInferred = true;
    }
    if (beneficiaryNir !== '') {
      inv.nir = beneficiaryNir;
      inv.nirKey = beneficiaryNirKey;
    }
    if (trailerPlan) {
      let fee = 0, amo = 0, amc = 0;
      for (const s of trailerPlan.sums) {
        const declared = this.num(s.field, trailerAt, trailerIndex);
        let computed = 0;
        if (s.column >= 0) for (const slot of s.slots) computed += sums[slot * SUM_COLUMNS + s.column]!;
        if (declared !== computed) {
          this.fail('TPLIQ_B2_TOTAL_MISMATCH', `${s.field.name} is ${declared} cents, the lines sum to ${computed}`, trailerIndex, s.field);
        }
        if (s.of === 'fee') fee += declared;
        else if (s.of === 'amo') amo += declared;
        else if (s.of === 'amcDeclared') amc += declared;
      }
      inv.declaredFeeCents = fee as Cents;
      inv.declaredAmoCents = amo as Cents;
      inv.declaredAmcCents = amc as Cents;
    }
    this.bytes = EMPTY;
    this.meta = undefined;
    this.inv = undefined;
    this.errors = [];
    return { invoice: inv, errors };
  }

  /** A fund's C2S claim (c2s-amo profile): what dates its due date (D. 861-6) and its increase (D. 861-5). */
  private c2sClaim(h: RecordPlan['header'], at: number, index: number): C2sClaim {
    const transmission = this.text(h.c2sTransmission, at);
    if (transmission !== 'F' && transmission !== 'P') {
      this.fail('TPLIQ_B2_BAD_CODE', `c2sTransmission is "${transmission}", not F (FSE) or P (paper)`, index, h.c2sTransmission);
    }
    const wrongFund = this.text(h.c2sWrongFund, at);
    if (wrongFund !== '' && wrongFund !== '0' && wrongFund !== '1') {
      this.fail('TPLIQ_B2_BAD_CODE', `c2sWrongFund is "${wrongFund}", not 0 or 1`, index, h.c2sWrongFund);
    }
    return {
      treatingPractitionerId: this.text(h.treatingPractitionerId, at),
      transmission: transmission === 'P' ? 'PAPER' : 'FSE',
      startDate: this.date(h.c2sStartDate, at, index),
      wrongFund: wrongFund === '1',
      formalNoticeDate: ZEROS_ONLY.test(this.text(h.c2sFormalNoticeDate, at)) ? 0 as DateYmd : this.date(h.c2sFormalNoticeDate, at, index),
    };
  }

  private fail(code: CodecErrorCode, message: string, index: number, f: CompiledField | undefined): void {
    const meta = this.meta!;
    this.errors.push(codecError(code, message, {
      file: meta.location.file, line: meta.location.line + index, column: f ? f.offset + 1 : 1,
      lot: meta.location.lot, invoice: this.inv!.invoiceNumber, ...(f ? { field: f.name } : {}),
    }));
  }

  private num(f: CompiledField | undefined, at: number, index: number): number {
    if (!f) return 0;
    const v = readUnsigned(this.bytes, at + f.offset, f.length);
    if (v === BLANK) {
      if (!f.optional) this.fail('TPLIQ_B2_BAD_NUMBER', `${f.name} is blank`, index, f);
      return 0;
    }
    if (v === NOT_A_NUMBER) {
      this.fail('TPLIQ_B2_BAD_NUMBER', `${f.name} is not a number`, index, f);
      return 0;
    }
    return v;
  }

  private date(f: CompiledField | undefined, at: number, index: number): DateYmd {
    if (!f) return 0 as DateYmd;
    const v = readDate(this.bytes, at + f.offset, f);
    if (v === BLANK) {
      if (!f.optional) this.fail('TPLIQ_B2_BAD_DATE', `${f.name} is blank`, index, f);
      return 0 as DateYmd;
    }
    if (v === NOT_A_NUMBER) {
      this.fail('TPLIQ_B2_BAD_DATE', `${f.name} is not a date`, index, f);
      return 0 as DateYmd;
    }
    if (v === NOT_A_DAY) {
      // No digits in the message: a birth date is health data, and the column locates the zone.
      this.fail('TPLIQ_B2_BAD_DATE', `${f.name} is not a day in ${f.dateOrder} order`, index, f);
      return 0 as DateYmd;
    }
    return v as DateYmd;
  }

  private text(f: CompiledField | undefined, at: number): string {
    return f ? readText(this.bytes, at + f.offset, f.length).trim() : '';
  }
}

const EMPTY = new Uint8Array(0);

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

// A regular expression literal makes a new RegExp object each time it is evaluated: these are
// tested for every invoice, so they are made once.
const ZEROS_ONLY = /^0*$/;
const DIGITS_ONLY = /^\d+$/;

function nonZero(digits: string): string {
  return ZEROS_ONLY.test(digits) ? '' : digits;
}

/** N° AMC as 10 digits; the "top mutualiste" form (blanks and an M) names no AMC. */
function amcNumberOf(raw: string): string {
  const t = raw.trim();
  if (t === '' || t === 'M' || !DIGITS_ONLY.test(t)) return '';
  return t.padStart(10, '0');
}
