import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Decimal } from 'decimal.js';
import type { FrameSink, LotHeader } from '../../codecs/b2/frames.js';
import { codecError, type CodecErrorCode } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledField, CompiledLayout, CompiledRecord } from '../../codecs/fixed-width/compiled-layout.js';
import { c2sDueDate } from '../../engine/calendar/c2s-due-date.js';
import type { C2sClaim } from '../../engine/domain/c2s-claim.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import type { InvoiceOutcomeMessage } from '../../codecs/proto/liquidation-codec.js';
import { EMPTY_LEDGER, type LedgerLookups } from '../../engine/commit/ledger-lookups.js';
import { CommitStep } from '../../engine/commit/commit-step.js';
import type { Channel, Invoice, InvoiceLine, OperationNature, SecuringMode } from '../../engine/domain/invoice.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { framePaperFile } from '../../engine/intake/paper-invoices.js';
import { functionalKey } from '../../engine/pipeline/functional-key.js';
import type { LotRef } from '../../engine/pipeline/task.js';
import { loadSnapshot } from '../../engine/referential/load-snapshot.js';
import { assessInvoice } from '../../engine/rules/assess-invoice.js';
import { motive } from '../../engine/rules/motive-factory.js';
import { listInbox } from '../../engine/run/inbox.js';
import { SHIPPED_PROFILES } from '../../engine/run/liquidation-run.js';
import type { DateYmd as Ymd } from '../../engine/domain/units.js';

/**
 * Baseline 3, the straightforward engine: what a careful developer writes first. One thread;
 * `readline` gives each line as a string; every field is a `slice()`; every amount is a
 * decimal.js number (parsed, summed, compared, and every line's AMC part computed by the
 * decimal oracle — `assessInvoice` in audit mode, which must agree with the integer path);
 * the same rules (`assessInvoice`) and the same commit step (duplicates, PEC, lot rejection),
 * so it reaches the same decisions — the benchmark asserts its paid count and amount equal the
 * real engine's. It writes no output files: it is a lower bound on the time such an engine takes.
 */

export interface StraightforwardTotals {
  lines: number;
  /** Non-blank records of the B2 / DRE files. */
  records: number;
  invoices: number;
  paidCount: number;
  paidCents: number;
  rejectedCount: number;
  auditMismatches: number;
}

/** A c2s-amo file holds an AMO fund's C2S claims: its lots' emitter, the fund, is the payee. */
const CHANNEL_OF_PROFILE: Record<string, Channel> = { 'b2-etablissements': 'B2_ETAB', 'b2-ps': 'B2_PS', dre: 'DRE', 'c2s-amo': 'C2S' };
const DEFAULT_PROFILE = 'b2-etablissements';
const INVOICE_ROLES = new Set(['invoice-supplement', 'invoice-line', 'line-detail', 'invoice-trailer']);

/** A structural problem: its stable code is what decides the motive; the text is for people. */
interface Problem {
  code: CodecErrorCode;
  message: string;
}

interface OpenInvoice {
  records: string[];
  line: number;
  errors: Problem[];
  declaredAmc: Decimal;
}

interface OpenLot {
  lotNumber: string;
  emitterId: string;
  invoices: number;
  records: number;
  declaredAmc: Decimal;
  errors: Problem[];
}

/** A field's text, the usual way: slice it, trim it. */
const text = (record: string, f: CompiledField | undefined): string => (f ? record.slice(f.offset, f.offset + f.length).trim().toUpperCase() : '');
const isBlank = (s: string): boolean => s.trim() === '';

/** Whole number, or undefined when not digits (after leading blanks); null when blank. */
function whole(record: string, f: CompiledField): number | null | undefined {
  const s = record.slice(f.offset, f.offset + f.length);
  if (isBlank(s)) return null;
  const t = s.trimStart();
  return /^\d+$/.test(t) ? parseInt(t, 10) : undefined;
}

/** An amount in euros, as decimal.js, from its zone of cents (every B2 amount is in cents). */
function amount(record: string, f: CompiledField): Decimal | null | undefined {
  const s = record.slice(f.offset, f.offset + f.length);
  if (isBlank(s)) return null;
  const t = s.trimStart();
  if (!/^\d+$/.test(t)) return undefined;
  return new Decimal(t).dividedBy(100);
}

function date(record: string, f: CompiledField): number | null | undefined {
  const s = record.slice(f.offset, f.offset + f.length);
  if (isBlank(s)) return null;
  if (!/^\d+$/.test(s)) return undefined;
  const two = (at: number): number => parseInt(s.slice(at, at + 2), 10);
  let cc = -1, yy: number, mm: number, dd: number;
  switch (f.dateOrder) {
    case 'AAMMJJ': yy = two(0); mm = two(2); dd = two(4); break;
    case 'JJMMAA': dd = two(0); mm = two(2); yy = two(4); break;
    case 'SSAAMMJJ': cc = two(0); yy = two(2); mm = two(4); dd = two(6); break;
    case 'JJMMSSAA': dd = two(0); mm = two(2); cc = two(4); yy = two(6); break;
  }
  if (f.kind === 'D6') {
    if (yy === 0 && mm === 0 && dd === 0) return 0;
    cc = yy < f.centuryPivot ? 20 : 19;
  } else if (cc === 0 && yy === 0 && mm === 0 && dd === 0) return 0;
  return ((cc * 100 + yy) * 100 + mm) * 100 + dd;
}

class StraightforwardEngine {
  private readonly layouts = new Map<string, CompiledLayout>(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));
  private readonly ref;
  private readonly commit: CommitStep;
  private sequence = 0;
  readonly totals: StraightforwardTotals = { lines: 0, records: 0, invoices: 0, paidCount: 0, paidCents: 0, rejectedCount: 0, auditMismatches: 0 };

  constructor(snapshotPath: string, accountingDate: DateYmd, ledger: LedgerLookups) {
    this.ref = loadSnapshot(readFileSync(snapshotPath), { verify: false });
    this.commit = new CommitStep({ accountingDate, calendar: 'TARGET_AND_FR', ledger }, (c) => {
      if (c.decision.status === 'PAID') {
        this.totals.paidCount++;
        this.totals.paidCents += c.decision.paidCents;
      } else this.totals.rejectedCount++;
    });
  }

  async file(path: string, name: string, receivedDate: number): Promise<void> {
    let layout = this.layouts.get(DEFAULT_PROFILE)!;
    let lot: OpenLot | null = null;
    let invoice: OpenInvoice | null = null;
    let lineNo = 0;
    let records = 0;

    const lotRef = (): LotRef => ({ file: name, lot: lot!.lotNumber, practitionerId: lot!.emitterId, profile: layout.profile, channel: CHANNEL_OF_PROFILE[layout.profile] ?? 'B2_PS', receivedDate, sendDate: 0 });
    const closeInvoice = (problem?: Problem): void => {
      const inv = invoice!;
      invoice = null;
      if (problem) inv.errors.push(problem);
      lot!.invoices++;
      lot!.records += inv.records.length;
      lot!.declaredAmc = lot!.declaredAmc.plus(inv.declaredAmc);
      this.invoice(inv, layout, lotRef());
    };
    const closeLot = (problem?: Problem): void => {
      if (problem) lot!.errors.push(problem);
      this.commit.closeLot(lot!.errors.map((e) => codecError(e.code, e.message, { file: name, line: lineNo })));
      lot = null;
    };
    const field = (record: CompiledRecord, name: string): CompiledField | undefined => record.byName.get(name);

    const input = createInterface({ input: createReadStream(path, { encoding: 'latin1' }), crlfDelay: Infinity });
    for await (let line of input) {
      lineNo++;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length > layout.recordLength) line = line.slice(0, layout.recordLength) + line.slice(layout.recordLength).trimEnd();
      if (isBlank(line)) continue;
      records++;
      const code = line.slice(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength).trim().toUpperCase();
      const record = layout.records.get(code);
      if (!record || line.length !== layout.recordLength) {
        const problem: Problem = { code: record ? 'TPLIQ_B2_RECORD_LENGTH' : 'TPLIQ_B2_UNKNOWN_RECORD_TYPE', message: `line ${lineNo}` };
        const padded = line.slice(0, layout.recordLength).padEnd(layout.recordLength, ' ');
        if (invoice && (!record || INVOICE_ROLES.has(record.role))) {
          invoice.errors.push(problem);
          invoice.records.push(padded);
          if (record?.role === 'invoice-trailer') closeInvoice();
        } else if (record?.role === 'invoice-header' && lot) {
          if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'next invoice' });
          invoice = { records: [padded], line: lineNo, errors: [problem], declaredAmc: new Decimal(0) };
        } else if (lot) lot.errors.push(problem);
        continue;
      }
      switch (record.role) {
        case 'file-header': {
          const profile = text(line, field(record, 'profile')).toLowerCase();
          layout = this.layouts.get(profile) ?? layout;
          break;
        }
        case 'lot-header':
          if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'lot header' });
          if (lot) closeLot({ code: 'TPLIQ_B2_LOT_UNTERMINATED', message: 'lot header' });
          lot = { lotNumber: text(line, field(record, 'lotNumber')), emitterId: text(line, field(record, 'emitterId')), invoices: 0, records: 0, declaredAmc: new Decimal(0), errors: [] };
          if (lot.emitterId === '') lot.errors.push({ code: 'TPLIQ_B2_UNEXPECTED_RECORD', message: 'no emitter' });
          break;
        case 'invoice-header':
          if (!lot) break;
          if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'next invoice' });
          invoice = { records: [line], line: lineNo, errors: [], declaredAmc: new Decimal(0) };
          break;
        case 'invoice-supplement':
        case 'invoice-line':
        case 'line-detail':
          if (invoice) invoice.records.push(line);
          else if (lot) lot.errors.push({ code: 'TPLIQ_B2_UNEXPECTED_RECORD', message: 'outside an invoice' });
          break;
        case 'invoice-trailer':
          if (!invoice) {
            if (lot) lot.errors.push({ code: 'TPLIQ_B2_UNEXPECTED_RECORD', message: 'outside an invoice' });
            break;
          }
          invoice.records.push(line);
          for (const f of record.fields) {
            if (f.sums?.field !== 'amcDeclared') continue;
            const v = amount(line, f);
            if (v) invoice.declaredAmc = invoice.declaredAmc.plus(v);
          }
          closeInvoice();
          break;
        case 'lot-trailer': {
          if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'lot trailer' });
          if (!lot) break;
          const l: OpenLot = lot;
          const count = (n: string): number => {
            const f = field(record, n);
            const v = f ? whole(line, f) : undefined;
            return typeof v === 'number' ? v : -1;
          };
          const totalField = field(record, 'totalAmcDeclared');
          const total = totalField ? amount(line, totalField) : undefined;
          if (count('invoiceCount') !== l.invoices) l.errors.push({ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', message: 'invoices' });
          if (count('recordCount') !== l.records) l.errors.push({ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', message: 'records' });
          if (!total || !total.equals(l.declaredAmc)) l.errors.push({ code: 'TPLIQ_B2_LOT_TOTAL_MISMATCH', message: 'total' });
          if (text(line, field(record, 'lotNumber')) !== l.lotNumber) l.errors.push({ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', message: 'lot number' });
          closeLot();
          break;
        }
        case 'file-trailer':
          if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'file trailer' });
          if (lot) closeLot({ code: 'TPLIQ_B2_LOT_UNTERMINATED', message: 'file trailer' });
          break;
        case 'entity':
          break;
      }
    }
    if (invoice) closeInvoice({ code: 'TPLIQ_B2_INVOICE_UNTERMINATED', message: 'end of file' });
    if (lot) closeLot({ code: 'TPLIQ_B2_LOT_UNTERMINATED', message: 'end of file' });
    this.totals.lines += lineNo;
    this.totals.records += records;
  }

  /** Paper CSVs go through the engine's own converter (3 % of lines); their records are then read the straightforward way. */
  async paperFile(path: string, name: string, receivedDate: number): Promise<void> {
    const layout = this.layouts.get('b2-ps')!;
    const sink: FrameSink = {
      invoice: (frame) => {
        const all = Buffer.from(frame.bytes).toString('latin1');
        const records: string[] = [];
        for (let at = 0; at < all.length; at += layout.recordLength) records.push(all.slice(at, at + layout.recordLength));
        const lot: LotHeader = frame.lot;
        this.invoice({ records, line: frame.line, errors: frame.errors.map((e) => ({ code: e.code, message: e.message })), declaredAmc: new Decimal(0) }, layout, {
          file: name, lot: lot.lotNumber, practitionerId: lot.emitterId, profile: layout.profile, channel: 'PAPER', receivedDate, sendDate: 0,
        });
      },
      lotClosed: (close) => this.commit.closeLot(close.errors),
      fileClosed: () => undefined,
    };
    const summary = await framePaperFile(path, name, layout, sink, () => undefined);
    this.totals.lines += summary.rows + 1;
  }

  /** Decodes one invoice field by field, runs the rules, hands the outcome to the commit step. */
  private invoice(open: OpenInvoice, layout: CompiledLayout, lot: LotRef): void {
    const errors = open.errors.slice();
    const fail = (f: CompiledField, what: CodecErrorCode): void => {
      errors.push({ code: what, message: f.name });
    };
    const inv: Invoice = {
      sequence: this.sequence++, channel: lot.channel, location: { file: lot.file, line: open.line, byteOffset: 0, lot: lot.lot },
      practitionerId: lot.practitionerId, invoiceNumber: '', nature: 'INITIALE',
      securingMode: lot.channel === 'B2_ETAB' ? 'ETABLISSEMENT' : lot.channel === 'PAPER' ? 'PAPER' : 'VITALE',
      duplicataOf: '', refersTo: '', amcNumber: '', memberNumber: '', nir: '', nirKey: '', birthDate: 0 as DateYmd, birthRank: 0,
      roSentDate: 0 as DateYmd, horsParcours: false, pecNumber: '', declaredFeeCents: 0 as Cents, declaredAmoCents: 0 as Cents,
      declaredAmcCents: 0 as Cents, lines: [],
    };
    const num = (record: string, f: CompiledField | undefined): number => {
      if (!f) return 0;
      const v = whole(record, f);
      if (v === null) {
        if (!f.optional) fail(f, 'TPLIQ_B2_BAD_NUMBER');
        return 0;
      }
      if (v === undefined) {
        fail(f, 'TPLIQ_B2_BAD_NUMBER');
        return 0;
      }
      return v;
    };
    const money = (record: string, f: CompiledField | undefined): Decimal => {
      if (!f) return new Decimal(0);
      const v = amount(record, f);
      if (v === null) {
        if (!f.optional) fail(f, 'TPLIQ_B2_BAD_NUMBER');
        return new Decimal(0);
      }
      if (v === undefined) {
        fail(f, 'TPLIQ_B2_BAD_NUMBER');
        return new Decimal(0);
      }
      return v;
    };
    const day = (record: string, f: CompiledField | undefined): Ymd => {
      if (!f) return 0 as Ymd;
      const v = date(record, f);
      if (v === null) {
        if (!f.optional) fail(f, 'TPLIQ_B2_BAD_DATE');
        return 0 as Ymd;
      }
      if (v === undefined) {
        fail(f, 'TPLIQ_B2_BAD_DATE');
        return 0 as Ymd;
      }
      return v as Ymd;
    };
    const cents = (d: Decimal): Cents => d.times(100).toNumber() as Cents;
    let beneficiaryNir = '';
    let beneficiaryNirKey = '';
    const sums = new Map<string, Decimal>();
    const addSum = (code: string, of: string, v: Decimal): void => {
      const key = `${code}:${of}`;
      sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(v));
    };
    let trailer: { record: CompiledRecord; line: string } | null = null;
    // Fields a header and its supplements both may carry (the beneficiary when not the insured).
    const readSupplement = (line: string, f: (name: string) => CompiledField | undefined): void => {
      if (f('beneficiaryNir')) beneficiaryNir = text(line, f('beneficiaryNir'));
      if (f('beneficiaryNirKey')) beneficiaryNirKey = text(line, f('beneficiaryNirKey'));
      if (f('parcours')) inv.horsParcours = text(line, f('parcours')) === 'H';
    };
    for (const line of open.records) {
      const code = line.slice(layout.discriminatorOffset, layout.discriminatorOffset + layout.discriminatorLength).trim().toUpperCase();
      const record = layout.records.get(code);
      if (!record) continue;
      const f = (name: string): CompiledField | undefined => record.byName.get(name);
      switch (record.role) {
        case 'invoice-header':
          inv.invoiceNumber = text(line, f('invoiceNumber'));
          inv.nir = text(line, f('nir'));
          inv.nirKey = text(line, f('nirKey'));
          if (f('natureOperation')) inv.nature = natureOf(text(line, f('natureOperation')));
          if (f('securingMode')) inv.securingMode = securingOf(text(line, f('securingMode')), inv.securingMode);
          inv.roSentDate = day(line, f('roSentDate'));
          inv.birthDate = day(line, f('birthDate'));
          inv.birthRank = num(line, f('birthRank'));
          inv.memberNumber = text(line, f('memberNumber'));
          inv.pecNumber = text(line, f('pecNumber'));
          inv.duplicataOf = /^0*$/.test(text(line, f('duplicataOf'))) ? '' : text(line, f('duplicataOf'));
          inv.refersTo = /^0*$/.test(text(line, f('refersTo'))) ? '' : text(line, f('refersTo'));
          if (f('amcNumber')) {
            const amc = text(line, f('amcNumber'));
            inv.amcNumber = /^\d+$/.test(amc) ? amc.padStart(10, '0') : '';
          }
          if (f('c2sTransmission')) inv.c2s = claimOf(line, f, day, fail);
          // The non-blocking rubrics, read as the engine's reader does: what the signalements judge.
          if (f('accordPrealable')) inv.accordPrealableReference = text(line, f('accordPrealable'));
          if (lot.channel === 'B2_ETAB') {
            if (f('natureAssurance')) inv.natureAssurance = text(line, f('natureAssurance'));
            if (f('atNumber')) inv.accidentReference = /^0*$/.test(text(line, f('atNumber'))) ? '' : text(line, f('atNumber'));
          }
          readSupplement(line, f);
          break;
        case 'invoice-supplement':
          readSupplement(line, f);
          break;
        case 'invoice-line': {
          const base = money(line, f('base'));
          const amo = money(line, f('amo'));
          const fee = money(line, f('fee'));
          const amc = money(line, f('amcDeclared'));
          const invoiceLine: InvoiceLine = {
            lineNo: inv.lines.length + 1, actDate: day(line, f('actDate')), actCode: text(line, f('actCode')), quantity: num(line, f('quantity')),
            coefficientHundredths: num(line, f('coefficient')), unitPriceCents: cents(money(line, f('unitPrice'))), baseCents: cents(base),
            amoRatePercent: num(line, f('amoRate')), amoCents: cents(amo), feeCents: cents(fee), amcDeclaredCents: cents(amc), exoCode: text(line, f('exoCode')),
          };
          inv.lines.push(invoiceLine);
          addSum(record.code, 'base', base);
          addSum(record.code, 'amo', amo);
          addSum(record.code, 'fee', fee);
          addSum(record.code, 'amcDeclared', amc);
          break;
        }
        case 'invoice-trailer':
          trailer = { record, line };
          break;
        default:
          break;
      }
    }
    if (beneficiaryNir !== '') {
      inv.nir = beneficiaryNir;
      inv.nirKey = beneficiaryNirKey;
    }
    let totalMismatch = false;
    if (trailer) {
      let fee = new Decimal(0), amo = new Decimal(0), amc = new Decimal(0);
      for (const field of trailer.record.fields) {
        if (!field.sums) continue;
        const declared = money(trailer.line, field);
        let computed = new Decimal(0);
        for (const code of field.sums.records) computed = computed.plus(sums.get(`${code}:${field.sums.field}`) ?? 0);
        if (!declared.equals(computed)) totalMismatch = true;
        if (field.sums.field === 'fee') fee = fee.plus(declared);
        else if (field.sums.field === 'amo') amo = amo.plus(declared);
        else if (field.sums.field === 'amcDeclared') amc = amc.plus(declared);
      }
      inv.declaredFeeCents = cents(fee);
      inv.declaredAmoCents = cents(amo);
      inv.declaredAmcCents = cents(amc);
    }
    const assessment = assessInvoice(inv, this.ref, { receivedDate: lot.receivedDate as DateYmd, auditArithmetic: true });
    this.totals.auditMismatches += assessment.auditMismatches;
    let motives = assessment.motives.map((m) => ({ code: m.code as string, label: m.label }));
    if (errors.length > 0) {
      const m = motive('STRUCTURE_INVALIDE', `: ${errors[0]!.code}`);
      motives = [{ code: m.code, label: m.label }];
    } else {
      if (totalMismatch && !motives.some((m) => m.code === 'TOTAL_INCOHERENT')) {
        const m = motive('TOTAL_INCOHERENT', '');
        motives.unshift({ code: m.code, label: m.label });
      }
      // The signalements ride after the motives, as the engine sends them: the commit step keeps
      // them on a paid invoice and drops them from a rejected one.
      for (const m of assessment.signalements) motives.push({ code: m.code, label: m.label });
    }
    const key = functionalKey(inv);
    const outcome: InvoiceOutcomeMessage = {
      sequence: inv.sequence, invoiceNumber: inv.invoiceNumber, amcNumber: inv.amcNumber, birthRank: inv.birthRank,
      careDate: assessment.careDate, computedAmcCents: assessment.amcCents, claimedAmcCents: inv.declaredAmcCents, motives,
      errors: errors.map((e) => ({ code: e.code, message: e.message, line: 0, column: 0 })), functionalKeyHi: key.hi, functionalKeyLo: key.lo,
      pecNumber: assessment.pecToConsume?.pecNumber ?? '', pecCents: assessment.pecToConsume?.cents ?? 0, duplicataOf: inv.duplicataOf,
      nature: inv.nature, refersTo: inv.refersTo, feeCents: inv.declaredFeeCents,
      // This engine writes no returns: what only they read (NIR, AMO part, act lines…) is not packed.
      returnsTail: NO_RETURNS_TAIL, line: open.line,
      c2sDueDate: inv.c2s === undefined ? 0 : c2sDueDate(inv.c2s), c2sFormalNoticeDate: inv.c2s?.formalNoticeDate ?? 0, claims: [...assessment.claims],
    };
    this.totals.invoices++;
    this.commit.add(outcome, lot);
  }
}

const NO_RETURNS_TAIL = new Uint8Array(0);

/**
 * What dates a fund's claim (c2s-amo's Type 2): F (FSE) or P (paper), the ARL or sending date,
 * the wrong-fund flag, a formal notice date (zeros or blank for none). A code other than those
 * is a structural fault, as the engine's reader says.
 */
function claimOf(line: string, f: (name: string) => CompiledField | undefined, day: (record: string, f: CompiledField | undefined) => Ymd, fail: (f: CompiledField, what: CodecErrorCode) => void): C2sClaim {
  const transmission = text(line, f('c2sTransmission'));
  if (transmission !== 'F' && transmission !== 'P') fail(f('c2sTransmission')!, 'TPLIQ_B2_BAD_CODE');
  const wrongFund = text(line, f('c2sWrongFund'));
  if (wrongFund !== '' && wrongFund !== '0' && wrongFund !== '1') fail(f('c2sWrongFund')!, 'TPLIQ_B2_BAD_CODE');
  const notice = text(line, f('c2sFormalNoticeDate'));
  return {
    treatingPractitionerId: text(line, f('treatingPractitionerId')),
    transmission: transmission === 'P' ? 'PAPER' : 'FSE',
    startDate: day(line, f('c2sStartDate')),
    wrongFund: wrongFund === '1',
    formalNoticeDate: /^0*$/.test(notice) ? (0 as Ymd) : day(line, f('c2sFormalNoticeDate')),
  };
}

function natureOf(code: string): OperationNature {
  return code === 'A' ? 'ANNULATION' : code === 'R' ? 'RECTIFICATIVE' : 'INITIALE';
}

function securingOf(code: string, fallback: SecuringMode): SecuringMode {
  return code === 'V' ? 'VITALE' : code === 'D' ? 'DEGRADE' : code === 'P' ? 'PAPER' : fallback;
}

/** Liquidates the inbox the straightforward way; returns what it decided. */
/** `ledger`: the earlier runs the day is decided against (none when absent). */
export async function runStraightforward(inboxDir: string, snapshotPath: string, accountingDate: DateYmd, ledger: LedgerLookups = EMPTY_LEDGER): Promise<StraightforwardTotals> {
  const engine = new StraightforwardEngine(snapshotPath, accountingDate, ledger);
  for (const file of listInbox(inboxDir, 'TARGET_AND_FR').files) {
    if (file.kind === 'B2') await engine.file(file.path, file.name, file.receivedDate);
    else await engine.paperFile(file.path, file.name, file.receivedDate);
  }
  return engine.totals;
}
