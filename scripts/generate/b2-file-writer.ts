import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { BlockWriter } from './block-writer.js';
import { FieldSlot, RecordTemplate } from './fast-record.js';
import type { GenInvoice, GenLine, GenPractitioner } from './model.js';

/**
 * Writes one B2 or DRE file: file header (type 0, naming the profile of what follows), lots (type 1
 * … type 8) of invoices, file trailer (type 9), each record 128 characters and CRLF-terminated
 * (formats.md §2.3: the record is the 128 characters; CRLF between records is the usual form).
 * Trailers count what was really written; a lot can be asked to lie about its invoice count, which
 * is how a broken lot (LOT_INVALIDE) is made.
 */

export type FixedWidthProfile = 'b2-ps' | 'dre' | 'b2-etablissements';

/** The operator's n° de transmission (protocol §9-2, formats.md b2-envelope note). */
export const OPERATOR_RECEIVER_ID = '98532005';

const CRLF_BYTES = 2;

export interface FileStats {
  lots: number;
  invoices: number;
  lineRecords: number;
  records: number;
  bytes: number;
  totalAmcDeclaredCents: number;
}

/**
 * The fields every invoice record repeats (formats.md §2.2, cols 12–38: NIR, key, rang, n° de
 * facture). They are written once per invoice into a scratch record, and that span is copied into
 * each of the invoice's records.
 */
class InvoicePrefix {
  readonly nir: FieldSlot;
  readonly nirKey: FieldSlot;
  readonly rank: FieldSlot;
  readonly number: FieldSlot;
  readonly spanStart: number;
  readonly spanEnd: number;
  constructor(readonly template: RecordTemplate) {
    this.nir = template.slot('nir');
    this.nirKey = template.slot('nirKey');
    this.rank = template.slot('beneficiaryRank');
    this.number = template.slot('invoiceNumber');
    this.spanStart = this.nir.offset;
    this.spanEnd = this.number.offset + this.number.length;
    if (this.nirKey.offset !== this.nir.offset + this.nir.length || this.rank.offset !== this.nirKey.offset + this.nirKey.length || this.number.offset !== this.rank.offset + this.rank.length) {
      throw new Error(`record ${template.code}: NIR, key, rank and invoice number are not one span`);
    }
  }
  /** Writes the prefix of `inv` into `scratch` (a record-sized buffer) once per invoice. */
  prepare(scratch: Buffer, inv: GenInvoice): void {
    this.nir.text(scratch, 0, inv.nir);
    this.nirKey.digits(scratch, 0, inv.nirKey);
    // Rang de bénéficiaire: 000 for the régime général (formats.md §2.2).
    this.rank.digits(scratch, 0, '000');
    this.number.digits(scratch, 0, inv.invoiceNumber);
  }
  /** Copies the empty record, then the invoice's prefix span (`span` = the scratch's cols 12–38). */
  begin(out: Buffer, at: number, span: Buffer): void {
    this.template.begin(out, at);
    out.set(span, at + this.spanStart);
  }
}

/**
 * The fields every invoice line record has (Type 3 and Type 4 name them alike, at different
 * columns): the record-specific classes below only add their own extras.
 */
abstract class LineRecord extends InvoicePrefix {
  private readonly actDate: FieldSlot;
  private readonly actCode: FieldSlot;
  private readonly quantity: FieldSlot;
  private readonly exoCode: FieldSlot;
  private readonly coefficient: FieldSlot;
  private readonly unitPrice: FieldSlot;
  private readonly base: FieldSlot;
  private readonly amoRate: FieldSlot;
  private readonly amo: FieldSlot;
  readonly fee: FieldSlot;
  private readonly amc: FieldSlot;
  constructor(t: RecordTemplate) {
    super(t);
    this.actDate = t.slot('actDate');
    this.actCode = t.slot('actCode');
    this.quantity = t.slot('quantity');
    this.exoCode = t.slot('exoCode');
    this.coefficient = t.slot('coefficient');
    this.unitPrice = t.slot('unitPrice');
    this.base = t.slot('base');
    this.amoRate = t.slot('amoRate');
    this.amo = t.slot('amo');
    this.fee = t.slot('fee');
    this.amc = t.slot('amcDeclared');
  }
  write(out: Buffer, at: number, prefix: Buffer, inv: GenInvoice, line: GenLine): void {
    this.begin(out, at, prefix);
    this.actDate.date(out, at, line.actDate);
    this.actCode.text(out, at, line.spec.code);
    this.quantity.number(out, at, line.quantity);
    this.exoCode.text(out, at, line.exoCode);
    this.coefficient.number(out, at, line.coefficientHundredths);
    this.unitPrice.number(out, at, line.unitPriceCents);
    this.base.number(out, at, line.baseCents);
    this.amoRate.number(out, at, line.amoRatePercent);
    this.amo.number(out, at, line.amoCents);
    this.fee.number(out, at, line.feeCents);
    this.amc.number(out, at, line.amcDeclaredCents);
    this.writeExtras(out, at, inv, line);
  }
  protected abstract writeExtras(out: Buffer, at: number, inv: GenInvoice, line: GenLine): void;
}

/** Type 4 (NGAP / NABM / pharmacy act), the same positions in the three profiles. */
class ActLineRecord extends LineRecord {
  private readonly specialty: FieldSlot;
  private readonly denombrement: FieldSlot;
  constructor(layout: CompiledLayout) {
    const t = new RecordTemplate(layout, '4');
    super(t);
    this.specialty = t.slot('executantSpecialty');
    this.denombrement = t.slot('denombrement');
  }
  protected writeExtras(out: Buffer, at: number, inv: GenInvoice): void {
    this.specialty.digits(out, at, inv.practitioner.kind === 'PS' ? inv.practitioner.specialty : '');
    this.denombrement.number(out, at, 1);
  }
}

/** Type 3 (hospital services: GHS, forfait journalier), établissements only. */
class StayLineRecord extends LineRecord {
  private readonly endDate: FieldSlot;
  constructor(layout: CompiledLayout) {
    const t = new RecordTemplate(layout, '3');
    super(t);
    this.endDate = t.slot('endDate');
  }
  protected writeExtras(out: Buffer, at: number, _inv: GenInvoice, line: GenLine): void {
    if (line.endDate !== 0) this.endDate.date(out, at, line.endDate);
  }
}

/** Type 2 of the B2 PS and DRE profiles (FSE groups 1110/1130/1310/1321; DRE identification). */
class PsHeaderRecord extends InvoicePrefix {
  private readonly natureOperation: FieldSlot;
  private readonly refersTo: FieldSlot;
  private readonly securingMode: FieldSlot;
  private readonly roSentDate: FieldSlot;
  private readonly birthDate: FieldSlot;
  private readonly birthRank: FieldSlot;
  private readonly memberNumber: FieldSlot;
  private readonly parcours: FieldSlot;
  private readonly pecNumber: FieldSlot;
  private readonly amcNumber: FieldSlot;
  // B2 PS only.
  private readonly grandRegime: FieldSlot | undefined;
  private readonly caisse: FieldSlot | undefined;
  private readonly centre: FieldSlot | undefined;
  private readonly natureAssurance: FieldSlot | undefined;
  private readonly exoCode: FieldSlot | undefined;
  // DRE only.
  private readonly linkedFseNumber: FieldSlot | undefined;
  private readonly amcKey: FieldSlot | undefined;

  constructor(layout: CompiledLayout, private readonly dre: boolean) {
    const t = new RecordTemplate(layout, '2');
    super(t);
    this.natureOperation = t.slot('natureOperation');
    this.refersTo = t.slot('refersTo');
    this.securingMode = t.slot('securingMode');
    this.roSentDate = t.slot('roSentDate');
    this.birthDate = t.slot('birthDate');
    this.birthRank = t.slot('birthRank');
    this.memberNumber = t.slot('memberNumber');
    this.parcours = t.slot('parcours');
    this.pecNumber = t.slot('pecNumber');
    this.amcNumber = t.slot('amcNumber');
    this.grandRegime = dre ? undefined : t.slot('grandRegime');
    this.caisse = dre ? undefined : t.slot('caisse');
    this.centre = dre ? undefined : t.slot('centre');
    this.natureAssurance = dre ? undefined : t.slot('natureAssurance');
    this.exoCode = dre ? undefined : t.slot('exoCode');
    this.linkedFseNumber = dre ? t.slot('linkedFseNumber') : undefined;
    this.amcKey = dre ? t.slot('amcKey') : undefined;
  }

  write(out: Buffer, at: number, prefix: Buffer, inv: GenInvoice, amcKey: string): void {
    this.begin(out, at, prefix);
    // Nature d'opération: 1 = initiale in B2, I = initiale in DRE; R and A in both (formats.md E4).
    this.natureOperation.text(out, at, inv.nature !== 'I' ? inv.nature : this.dre ? 'I' : '1');
    this.refersTo.digits(out, at, inv.refersTo);
    this.securingMode.text(out, at, inv.securingMode);
    this.roSentDate.date(out, at, inv.roSentDate);
    this.birthDate.date(out, at, inv.birthDate);
    this.birthRank.number(out, at, inv.birthRank);
    this.memberNumber.text(out, at, inv.memberNumber);
    this.parcours.text(out, at, inv.horsParcours ? 'H' : '');
    this.pecNumber.text(out, at, inv.pecNumber);
    if (this.dre) {
      this.linkedFseNumber?.digits(out, at, inv.linkedFseNumber);
      this.amcNumber.digits(out, at, inv.amcNumber);
      this.amcKey?.digits(out, at, amcKey);
    } else {
      this.amcNumber.text(out, at, inv.amcNumber);
      this.grandRegime?.digits(out, at, '01');
      this.caisse?.digits(out, at, inv.caisse);
      this.centre?.digits(out, at, '0001');
      this.natureAssurance?.digits(out, at, '10');
      this.exoCode?.text(out, at, inv.exoCode);
    }
  }
}

/** Type 2 and 2S of the établissements profile (ATIH-derived positions). */
class EtabHeaderRecords extends InvoicePrefix {
  private readonly natureOperation: FieldSlot;
  private readonly refersTo: FieldSlot;
  private readonly entryNumber: FieldSlot;
  private readonly grandRegime: FieldSlot;
  private readonly caisse: FieldSlot;
  private readonly centre: FieldSlot;
  private readonly natureAssurance: FieldSlot;
  private readonly exoCode: FieldSlot;
  private readonly birthDate: FieldSlot;
  private readonly birthRank: FieldSlot;
  private readonly entryDate: FieldSlot;
  private readonly exitDate: FieldSlot;
  private readonly amcNumber: FieldSlot;
  private readonly supplement: InvoicePrefix;
  private readonly beneficiaryNir: FieldSlot;
  private readonly beneficiaryNirKey: FieldSlot;

  constructor(layout: CompiledLayout) {
    const t = new RecordTemplate(layout, '2');
    super(t);
    this.natureOperation = t.slot('natureOperation');
    this.refersTo = t.slot('refersTo');
    this.entryNumber = t.slot('entryNumber');
    this.grandRegime = t.slot('grandRegime');
    this.caisse = t.slot('caisse');
    this.centre = t.slot('centre');
    this.natureAssurance = t.slot('natureAssurance');
    this.exoCode = t.slot('exoCode');
    this.birthDate = t.slot('birthDate');
    this.birthRank = t.slot('birthRank');
    this.entryDate = t.slot('entryDate');
    this.exitDate = t.slot('exitDate');
    this.amcNumber = t.slot('amcNumber');
    const s = new RecordTemplate(layout, '2S');
    this.supplement = new InvoicePrefix(s);
    this.beneficiaryNir = s.slot('beneficiaryNir');
    this.beneficiaryNirKey = s.slot('beneficiaryNirKey');
  }

  write(out: Buffer, at: number, prefix: Buffer, inv: GenInvoice): void {
    this.begin(out, at, prefix);
    this.natureOperation.text(out, at, inv.nature === 'I' ? '1' : inv.nature);
    this.refersTo.digits(out, at, inv.refersTo);
    this.entryNumber.digits(out, at, inv.entryNumber);
    this.grandRegime.digits(out, at, '01');
    this.caisse.digits(out, at, inv.caisse);
    this.centre.digits(out, at, '0001');
    this.natureAssurance.digits(out, at, inv.natureAssurance ?? '10');
    this.exoCode.text(out, at, inv.exoCode);
    this.birthDate.date(out, at, inv.birthDate);
    this.birthRank.number(out, at, inv.birthRank);
    this.entryDate.date(out, at, inv.entryDate);
    this.exitDate.date(out, at, inv.exitDate);
    this.amcNumber.text(out, at, inv.amcNumber);
  }

  /** Type 2S: the individual NIR of the beneficiary (here the same as the Type 2 NIR). */
  writeSupplement(out: Buffer, at: number, prefix: Buffer, inv: GenInvoice): void {
    this.supplement.begin(out, at, prefix);
    this.beneficiaryNir.text(out, at, inv.nir);
    this.beneficiaryNirKey.digits(out, at, inv.nirKey);
  }
}

class PsTrailerRecord extends InvoicePrefix {
  private readonly totalFee: FieldSlot;
  private readonly totalAmo: FieldSlot;
  private readonly totalAmc: FieldSlot;
  constructor(layout: CompiledLayout) {
    const t = new RecordTemplate(layout, '5');
    super(t);
    this.totalFee = t.slot('totalFee');
    this.totalAmo = t.slot('totalAmo');
    this.totalAmc = t.slot('totalAmc');
  }
  write(out: Buffer, at: number, prefix: Buffer, totals: InvoiceTotals): void {
    this.begin(out, at, prefix);
    this.totalFee.number(out, at, totals.feeT4);
    this.totalAmo.number(out, at, totals.amoT4);
    this.totalAmc.number(out, at, totals.amcT4);
  }
}

class EtabTrailerRecord extends InvoicePrefix {
  private readonly totalBasePh: FieldSlot;
  private readonly totalAmoPh: FieldSlot;
  private readonly totalFeeHon: FieldSlot;
  private readonly totalAmoHon: FieldSlot;
  private readonly totalPatientPh: FieldSlot;
  private readonly totalAmcPh: FieldSlot;
  private readonly totalAmcHon: FieldSlot;
  private readonly totalFeePh: FieldSlot;
  constructor(layout: CompiledLayout) {
    const t = new RecordTemplate(layout, '5');
    super(t);
    this.totalBasePh = t.slot('totalBasePh');
    this.totalAmoPh = t.slot('totalAmoPh');
    this.totalFeeHon = t.slot('totalFeeHon');
    this.totalAmoHon = t.slot('totalAmoHon');
    this.totalPatientPh = t.slot('totalPatientPh');
    this.totalAmcPh = t.slot('totalAmcPh');
    this.totalAmcHon = t.slot('totalAmcHon');
    this.totalFeePh = t.slot('totalFeePh');
  }
  write(out: Buffer, at: number, prefix: Buffer, totals: InvoiceTotals): void {
    this.begin(out, at, prefix);
    this.totalBasePh.number(out, at, totals.baseT3);
    this.totalAmoPh.number(out, at, totals.amoT3);
    this.totalFeeHon.number(out, at, totals.feeT4);
    this.totalAmoHon.number(out, at, totals.amoT4);
    // Participation de l'assuré avant AMC on the hospital services: Σ (FR − AMO) of the Type 3 lines.
    this.totalPatientPh.number(out, at, totals.feeT3 - totals.amoT3);
    this.totalAmcPh.number(out, at, totals.amcT3);
    this.totalAmcHon.number(out, at, totals.amcT4);
    this.totalFeePh.number(out, at, totals.feeT3);
  }
}

interface InvoiceTotals {
  baseT3: number;
  amoT3: number;
  feeT3: number;
  amcT3: number;
  amoT4: number;
  feeT4: number;
  amcT4: number;
}

function totalsOf(lines: readonly GenLine[]): InvoiceTotals {
  const t: InvoiceTotals = { baseT3: 0, amoT3: 0, feeT3: 0, amcT3: 0, amoT4: 0, feeT4: 0, amcT4: 0 };
  for (const line of lines) {
    if (line.record === 'T3') {
      t.baseT3 += line.baseCents;
      t.amoT3 += line.amoCents;
      t.feeT3 += line.feeCents;
      t.amcT3 += line.amcDeclaredCents;
    } else {
      t.amoT4 += line.amoCents;
      t.feeT4 += line.feeCents;
      t.amcT4 += line.amcDeclaredCents;
    }
  }
  return t;
}

/** Types 0, 1, 8 and 9 (b2-envelope.json), shared by the three profiles. */
class Envelope {
  private readonly fileHeader: RecordTemplate;
  private readonly fh: Record<'emitterId' | 'receiverId' | 'creationDate' | 'fileNumber' | 'normVersion' | 'profile', FieldSlot>;
  private readonly lotHeader: RecordTemplate;
  private readonly lh: Record<'lotNumber' | 'emitterId' | 'emitterKind' | 'receiverId' | 'constitutionDate', FieldSlot>;
  private readonly lotTrailer: RecordTemplate;
  private readonly lt: Record<'lotNumber' | 'invoiceCount' | 'recordCount' | 'totalAmcDeclared' | 'totalFee', FieldSlot>;
  private readonly fileTrailer: RecordTemplate;
  private readonly ft: Record<'lotCount' | 'recordCount' | 'totalAmcDeclared', FieldSlot>;

  constructor(layout: CompiledLayout) {
    this.fileHeader = new RecordTemplate(layout, '0');
    const fh = this.fileHeader;
    this.fh = {
      emitterId: fh.slot('emitterId'), receiverId: fh.slot('receiverId'), creationDate: fh.slot('creationDate'),
      fileNumber: fh.slot('fileNumber'), normVersion: fh.slot('normVersion'), profile: fh.slot('profile'),
    };
    this.lotHeader = new RecordTemplate(layout, '1');
    const lh = this.lotHeader;
    this.lh = {
      lotNumber: lh.slot('lotNumber'), emitterId: lh.slot('emitterId'), emitterKind: lh.slot('emitterKind'),
      receiverId: lh.slot('receiverId'), constitutionDate: lh.slot('constitutionDate'),
    };
    this.lotTrailer = new RecordTemplate(layout, '8');
    const lt = this.lotTrailer;
    this.lt = {
      lotNumber: lt.slot('lotNumber'), invoiceCount: lt.slot('invoiceCount'), recordCount: lt.slot('recordCount'),
      totalAmcDeclared: lt.slot('totalAmcDeclared'), totalFee: lt.slot('totalFee'),
    };
    this.fileTrailer = new RecordTemplate(layout, '9');
    const ft = this.fileTrailer;
    this.ft = { lotCount: ft.slot('lotCount'), recordCount: ft.slot('recordCount'), totalAmcDeclared: ft.slot('totalAmcDeclared') };
  }

  writeFileHeader(out: Buffer, at: number, h: FileHeader): void {
    this.fileHeader.begin(out, at);
    this.fh.emitterId.digits(out, at, h.emitterId);
    this.fh.receiverId.digits(out, at, OPERATOR_RECEIVER_ID);
    this.fh.creationDate.date(out, at, h.creationDate);
    this.fh.fileNumber.digits(out, at, String(h.fileNumber).padStart(5, '0'));
    this.fh.normVersion.text(out, at, h.normVersion);
    // A-fields are written in capitals (formats.md §2.3), so the profile reads "B2-PS", "DRE"…
    this.fh.profile.text(out, at, h.profile.toUpperCase());
  }

  writeLotHeader(out: Buffer, at: number, lotNumber: number, emitter: GenPractitioner, constitutionDate: number): void {
    this.lotHeader.begin(out, at);
    this.lh.lotNumber.digits(out, at, String(lotNumber).padStart(3, '0'));
    this.lh.emitterId.digits(out, at, emitter.billingId);
    this.lh.emitterKind.text(out, at, emitter.kind === 'PS' ? 'P' : 'E');
    this.lh.receiverId.digits(out, at, OPERATOR_RECEIVER_ID);
    this.lh.constitutionDate.date(out, at, constitutionDate);
  }

  writeLotTrailer(out: Buffer, at: number, lotNumber: number, invoiceCount: number, recordCount: number, amc: number, fee: number): void {
    this.lotTrailer.begin(out, at);
    this.lt.lotNumber.digits(out, at, String(lotNumber).padStart(3, '0'));
    this.lt.invoiceCount.number(out, at, invoiceCount);
    this.lt.recordCount.number(out, at, recordCount);
    this.lt.totalAmcDeclared.number(out, at, amc);
    this.lt.totalFee.number(out, at, fee);
  }

  writeFileTrailer(out: Buffer, at: number, lotCount: number, recordCount: number, amc: number): void {
    this.fileTrailer.begin(out, at);
    this.ft.lotCount.number(out, at, lotCount);
    this.ft.recordCount.number(out, at, recordCount);
    this.ft.totalAmcDeclared.number(out, at, amc);
  }
}

export interface FileHeader {
  emitterId: string;
  creationDate: number;
  fileNumber: number;
  normVersion: string;
  profile: FixedWidthProfile;
}

const layouts = new Map<FixedWidthProfile, CompiledLayout>();
export function layoutOf(profile: FixedWidthProfile): CompiledLayout {
  let layout = layouts.get(profile);
  if (!layout) layouts.set(profile, (layout = loadLayout(profile)));
  return layout;
}

/** Record encoders of one profile, built once and reused for every file of that profile. */
export class ProfileEncoders {
  readonly envelope: Envelope;
  readonly act: ActLineRecord;
  readonly stay: StayLineRecord | undefined;
  readonly psHeader: PsHeaderRecord | undefined;
  readonly etabHeader: EtabHeaderRecords | undefined;
  readonly psTrailer: PsTrailerRecord | undefined;
  readonly etabTrailer: EtabTrailerRecord | undefined;
  readonly recordLength: number;

  constructor(readonly profile: FixedWidthProfile) {
    const layout = layoutOf(profile);
    this.recordLength = layout.recordLength;
    this.envelope = new Envelope(layout);
    this.act = new ActLineRecord(layout);
    const etab = profile === 'b2-etablissements';
    this.stay = etab ? new StayLineRecord(layout) : undefined;
    this.etabHeader = etab ? new EtabHeaderRecords(layout) : undefined;
    this.etabTrailer = etab ? new EtabTrailerRecord(layout) : undefined;
    this.psHeader = etab ? undefined : new PsHeaderRecord(layout, profile === 'dre');
    this.psTrailer = etab ? undefined : new PsTrailerRecord(layout);
    // The prefix is prepared once with the act record's positions and copied into every record.
    for (const r of [this.stay, this.etabHeader, this.etabTrailer, this.psHeader, this.psTrailer]) {
      if (r && (r.spanStart !== this.act.spanStart || r.spanEnd !== this.act.spanEnd)) {
        throw new Error(`profile ${profile}: record ${r.template.code} does not repeat the invoice prefix at the same columns`);
      }
    }
  }
}

export class B2FileWriter {
  private readonly out: BlockWriter;
  private readonly stride: number;
  private readonly stats: FileStats = { lots: 0, invoices: 0, lineRecords: 0, records: 0, bytes: 0, totalAmcDeclaredCents: 0 };
  private lotNumber = 0;
  private lotInvoices = 0;
  private lotRecords = 0;
  private lotAmc = 0;
  private lotFee = 0;
  /** The block the current record is written into (the writer may swap blocks between records). */
  private block: Buffer = Buffer.alloc(0);
  /** Scratch record holding the current invoice's repeated prefix, and the view of that span. */
  private readonly prefix: Buffer;
  private readonly prefixSpan: Buffer;

  constructor(private readonly enc: ProfileEncoders, path: string, header: FileHeader) {
    this.out = new BlockWriter(path);
    this.stride = enc.recordLength + CRLF_BYTES;
    this.prefix = Buffer.alloc(enc.recordLength, 0x20);
    this.prefixSpan = this.prefix.subarray(enc.act.spanStart, enc.act.spanEnd);
    const at = this.next();
    enc.envelope.writeFileHeader(this.block, at, header);
    this.end(at);
  }

  /** Reserves one record in the output block and returns its offset. */
  private next(): number {
    this.block = this.out.reserve(this.stride);
    return this.out.pos;
  }

  /** Terminates the record at `at` (CRLF) and counts it. */
  private end(at: number, length = this.enc.recordLength): void {
    this.block[at + length] = 13;
    this.block[at + length + 1] = 10;
    this.out.pos = at + length + CRLF_BYTES;
    this.stats.records++;
    this.lotRecords++;
  }

  beginLot(emitter: GenPractitioner, constitutionDate: number): number {
    this.lotNumber++;
    this.lotInvoices = 0;
    this.lotAmc = 0;
    this.lotFee = 0;
    const at = this.next();
    this.enc.envelope.writeLotHeader(this.block, at, this.lotNumber, emitter, constitutionDate);
    this.end(at);
    this.lotRecords = 0;
    return this.lotNumber;
  }

  /** Closes the lot; `invoiceCountError` ≠ 0 writes a trailer that miscounts the invoices. */
  endLot(invoiceCountError = 0): void {
    const at = this.next();
    const recordsBetween = this.lotRecords;
    this.enc.envelope.writeLotTrailer(this.block, at, this.lotNumber, this.lotInvoices + invoiceCountError, recordsBetween, this.lotAmc, this.lotFee);
    this.end(at);
    this.stats.lots++;
  }

  writeInvoice(inv: GenInvoice, amcKey: string): void {
    const enc = this.enc;
    const totals = totalsOf(inv.lines);
    enc.act.prepare(this.prefix, inv);
    const prefix = this.prefixSpan;
    let at = this.next();
    if (enc.etabHeader) {
      enc.etabHeader.write(this.block, at, prefix, inv);
      this.end(at);
      at = this.next();
      enc.etabHeader.writeSupplement(this.block, at, prefix, inv);
      this.end(at);
    } else {
      enc.psHeader?.write(this.block, at, prefix, inv, amcKey);
      this.end(at);
    }
    for (let i = 0; i < inv.lines.length; i++) {
      const line = inv.lines[i] as GenLine;
      at = this.next();
      const writer = line.record === 'T3' ? enc.stay : enc.act;
      if (!writer) throw new Error(`profile ${enc.profile} has no record for a ${line.record} line`);
      writer.write(this.block, at, prefix, inv, line);
      let length = enc.recordLength;
      if (inv.malformation !== undefined && inv.malformedLine === i) {
        if (inv.malformation === 'LETTER_IN_AMOUNT') {
          // A keyed "O" for a zero in the units of euros of the amount billed.
          this.block[at + writer.fee.offset + writer.fee.length - 3] = 0x4f;
        } else {
          // The record loses its last character: 127 characters, then CRLF.
          length -= 1;
        }
      }
      this.end(at, length);
      this.stats.lineRecords++;
    }
    at = this.next();
    if (enc.etabTrailer) enc.etabTrailer.write(this.block, at, prefix, totals);
    else enc.psTrailer?.write(this.block, at, prefix, totals);
    this.end(at);
    this.lotInvoices++;
    this.lotAmc += totals.amcT3 + totals.amcT4;
    this.lotFee += totals.feeT3 + totals.feeT4;
    this.stats.invoices++;
    this.stats.totalAmcDeclaredCents += totals.amcT3 + totals.amcT4;
  }

  get lineRecords(): number {
    return this.stats.lineRecords;
  }

  get needsDrain(): boolean {
    return this.out.needsDrain;
  }

  drain(): Promise<void> {
    return this.out.drain();
  }

  /** Writes the file trailer; the stats are final at once, `done` resolves when the file is on disk. */
  close(): { stats: FileStats; done: Promise<void> } {
    const at = this.next();
    // The trailer counts every record of the file, itself included.
    this.enc.envelope.writeFileTrailer(this.block, at, this.stats.lots, this.stats.records + 1, this.stats.totalAmcDeclaredCents);
    this.end(at);
    this.stats.bytes = this.out.bytesWritten;
    return { stats: { ...this.stats }, done: this.out.end() };
  }
}
