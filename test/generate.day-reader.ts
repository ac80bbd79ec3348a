import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, type RecordValues } from '../codecs/fixed-width/record-codec.js';

/**
 * Reads a generated day back the way a consumer would — CSV by splitting, fixed-width records by
 * the shipped layouts and `decodeRecord` — without any of the generator's code, so the tests that
 * use it check the files, not the generator's own idea of them.
 */

export type Row = Record<string, string>;

export function readCsv(path: string): Row[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${path}: ${cells.length} cells for ${header.length} columns in "${line}"`);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

export interface ReadLine {
  record: string;
  actDate: number;
  actCode: string;
  quantity: number;
  coefficient: number;
  unitPrice: number;
  base: number;
  amoRate: number;
  amo: number;
  fee: number;
  amc: number;
  /** The line's exonération code as written ('' on paper, which has no such zone). */
  exoCode: string;
}

/** What a fund's C2S claim adds to the invoice (profile c2s-amo, its Type 2). */
export interface ReadClaim {
  /** The practitioner the fund paid, '' when not given. */
  treatingPractitionerId: string;
  /** F = FSE, P = paper. */
  transmission: string;
  /** The ARL's date (FSE) or the sending date (paper); 0 when blank. */
  startDate: number;
  wrongFund: boolean;
  /** 0 when none. */
  formalNoticeDate: number;
}

export interface ReadInvoice {
  file: string;
  /** C2S: an AMO fund's claim, whose payee is the lot's emitter, the fund. */
  channel: 'B2_PS' | 'B2_ETAB' | 'DRE' | 'PAPER' | 'C2S';
  practitionerId: string;
  invoiceNumber: string;
  /** I initiale, R rectificative, A annulation (B2's 1 and paper's empty cell read as I). */
  nature: 'I' | 'R' | 'A';
  /** The invoice a rectificative or an annulation names, '' for none. */
  refersTo: string;
  nir: string;
  nirKey: string;
  birthDate: number;
  birthRank: number;
  memberNumber: string;
  amcNumber: string;
  securingMode: string;
  roSentDate: number;
  horsParcours: boolean;
  pecNumber: string;
  lines: ReadLine[];
  /** Records of the invoice that do not decode (or do not have the record length). */
  badRecords: number;
  /** Declared totals (Type 5), or the sums of the rows for paper. */
  totalAmc: number;
  totalFee: number;
  totalAmo: number;
  /** Lot (file + lot number) for B2/DRE; '' for paper. */
  lot: string;
  /** Only on a C2S claim. */
  c2s?: ReadClaim;
  /** Hospital B2 only: the nature d'assurance, and the accident's number ('' when blank). */
  natureAssurance?: string;
  atNumber?: string;
}

export interface ReadLot {
  file: string;
  lot: string;
  emitterId: string;
  invoices: number;
  records: number;
  amc: number;
  fee: number;
  trailer: RecordValues;
}

export interface ReadFile {
  file: string;
  profile: string;
  records: number;
  lots: ReadLot[];
  header: RecordValues;
  trailer: RecordValues;
  amc: number;
}

const layouts = new Map<string, CompiledLayout>();
function layout(profile: string): CompiledLayout {
  let l = layouts.get(profile);
  if (!l) layouts.set(profile, (l = loadLayout(profile)));
  return l;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const natureOf = (code: string): ReadInvoice['nature'] => (code === 'R' || code === 'A' ? code : 'I');
/** A reference of zeros or blanks names nothing. */
const referenceOf = (digits: string): string => (/^0*$/.test(digits.trim()) ? '' : digits.trim());

/** Reads one B2 / DRE file: every record decoded with the profile the file header names. */
export function readFixedWidth(inbox: string, file: string): { invoices: ReadInvoice[]; file: ReadFile } {
  const text = readFileSync(join(inbox, file), 'latin1');
  const records = text.split('\r\n');
  if (records.at(-1) !== '') throw new Error(`${file} does not end with CRLF`);
  records.pop();
  const envelope = layout('b2-envelope');
  const head = decodeRecord(envelope, records[0] ?? '');
  if (!head.ok || head.value.code !== '0') throw new Error(`${file}: no file header`);
  const profile = str(head.value.values['profile']).toLowerCase();
  const lay = layout(profile);
  const channel = profile === 'b2-ps' ? 'B2_PS' : profile === 'dre' ? 'DRE' : profile === 'c2s-amo' ? 'C2S' : 'B2_ETAB';
  const invoices: ReadInvoice[] = [];
  const out: ReadFile = { file, profile, records: records.length, lots: [], header: head.value.values, trailer: {}, amc: 0 };
  let lot: ReadLot | undefined;
  let inv: ReadInvoice | undefined;
  for (const raw of records) {
    const code = raw.slice(0, 2).trimEnd();
    const r = decodeRecord(lay, raw);
    const v = r.ok ? r.value.values : undefined;
    if (lot && code !== '1' && code !== '8') lot.records++;
    switch (code) {
      case '0':
        break;
      case '1':
        if (!v) throw new Error(`${file}: bad lot header`);
        lot = { file, lot: str(v['lotNumber']), emitterId: str(v['emitterId']), invoices: 0, records: 0, amc: 0, fee: 0, trailer: {} };
        break;
      case '2':
        if (!v || !lot) throw new Error(`${file}: bad invoice header ${raw}`);
        inv = {
          file, channel, practitionerId: lot.emitterId, invoiceNumber: str(v['invoiceNumber']), nature: natureOf(str(v['natureOperation'])),
          refersTo: referenceOf(str(v['refersTo'])), nir: str(v['nir']), nirKey: str(v['nirKey']),
          birthDate: num(v['birthDate']), birthRank: num(v['birthRank']), memberNumber: str(v['memberNumber']), amcNumber: str(v['amcNumber']),
          securingMode: str(v['securingMode']), roSentDate: num(v['roSentDate']), horsParcours: str(v['parcours']) === 'H',
          pecNumber: str(v['pecNumber']), lines: [], badRecords: 0, totalAmc: 0, totalFee: 0, totalAmo: 0, lot: `${file}#${lot.lot}`,
        };
        if (channel === 'B2_ETAB') {
          inv.natureAssurance = str(v['natureAssurance']);
          inv.atNumber = str(v['atNumber']).trim();
        }
        if (channel === 'C2S') {
          inv.c2s = {
            treatingPractitionerId: str(v['treatingPractitionerId']), transmission: str(v['c2sTransmission']), startDate: num(v['c2sStartDate']),
            wrongFund: str(v['c2sWrongFund']) === '1', formalNoticeDate: num(v['c2sFormalNoticeDate']),
          };
        }
        break;
      case '2S':
        if (!inv) throw new Error(`${file}: 2S outside an invoice`);
        if (v && str(v['parcours']) === 'H') inv.horsParcours = true;
        break;
      case '3':
      case '4':
        if (!inv) throw new Error(`${file}: line outside an invoice`);
        if (!v) {
          inv.badRecords++;
          break;
        }
        inv.lines.push({
          record: code, actDate: num(v['actDate']), actCode: str(v['actCode']), quantity: num(v['quantity']), coefficient: num(v['coefficient']),
          unitPrice: num(v['unitPrice']), base: num(v['base']), amoRate: num(v['amoRate']), amo: num(v['amo']), fee: num(v['fee']), amc: num(v['amcDeclared']),
          exoCode: str(v['exoCode']),
        });
        break;
      case '5':
        if (!v || !inv || !lot) throw new Error(`${file}: bad invoice trailer`);
        if (channel === 'B2_ETAB') {
          inv.totalAmc = num(v['totalAmcPh']) + num(v['totalAmcHon']);
          inv.totalFee = num(v['totalFeePh']) + num(v['totalFeeHon']);
          inv.totalAmo = num(v['totalAmoPh']) + num(v['totalAmoHon']);
        } else {
          inv.totalAmc = num(v['totalAmc']);
          inv.totalFee = num(v['totalFee']);
          inv.totalAmo = num(v['totalAmo']);
        }
        lot.invoices++;
        lot.amc += inv.totalAmc;
        lot.fee += inv.totalFee;
        invoices.push(inv);
        inv = undefined;
        break;
      case '8':
        if (!v || !lot) throw new Error(`${file}: bad lot trailer`);
        lot.trailer = v;
        out.lots.push(lot);
        out.amc += lot.amc;
        lot = undefined;
        break;
      case '9':
        if (!v) throw new Error(`${file}: bad file trailer`);
        out.trailer = v;
        break;
      default:
        throw new Error(`${file}: unknown record type "${code}"`);
    }
  }
  return { invoices, file: out };
}

const isoToYmd = (iso: string): number => (iso === '' ? 0 : Number(iso.replaceAll('-', '')));
const cents = (euros: string): number => {
  const [e = '0', c = '00'] = euros.split('.');
  return Number(e) * 100 + Number(c.padEnd(2, '0'));
};

export function readPaper(inbox: string, file: string): ReadInvoice[] {
  const invoices: ReadInvoice[] = [];
  let inv: ReadInvoice | undefined;
  for (const row of readCsv(join(inbox, file))) {
    const ps = row['practitioner_id'] ?? '';
    const number = row['invoice_number'] ?? '';
    if (!inv || inv.practitionerId !== ps || inv.invoiceNumber !== number) {
      inv = {
        file, channel: 'PAPER', practitionerId: ps, invoiceNumber: number, nature: natureOf(row['nature'] ?? ''), refersTo: referenceOf(row['refers_to'] ?? ''),
        nir: row['nir'] ?? '', nirKey: row['nir_key'] ?? '',
        birthDate: isoToYmd(row['birth_date'] ?? ''), birthRank: Number(row['birth_rank']), memberNumber: row['member_number'] ?? '',
        amcNumber: row['amc_number'] ?? '', securingMode: '', roSentDate: isoToYmd(row['ro_sent_date'] ?? ''), horsParcours: row['hors_parcours'] === '1',
        pecNumber: row['pec_number'] ?? '', lines: [], badRecords: 0, totalAmc: 0, totalFee: 0, totalAmo: 0, lot: '',
      };
      invoices.push(inv);
    }
    const line: ReadLine = {
      record: 'PAPER', actDate: isoToYmd(row['act_date'] ?? ''), actCode: row['act_code'] ?? '', quantity: Number(row['quantity']),
      coefficient: cents(row['coefficient'] ?? ''), unitPrice: cents(row['unit_price'] ?? ''), base: cents(row['base'] ?? ''),
      amoRate: Number(row['amo_rate']), amo: cents(row['amo'] ?? ''), fee: cents(row['fee'] ?? ''), amc: cents(row['amc'] ?? ''),
      exoCode: '',
    };
    inv.lines.push(line);
    inv.totalAmc += line.amc;
    inv.totalFee += line.fee;
    inv.totalAmo += line.amo;
  }
  return invoices;
}

export interface GeneratedDay {
  dir: string;
  generation: { files: { file: string; channel: string; receivedAt: string }[]; categories: Record<string, number>; invoices: number; lineRecords: number };
  manifest: { accountingDate: string; files: { file: string; receivedAt: string }[] };
  expected: Row[];
  invoices: ReadInvoice[];
  files: ReadFile[];
}

/** The whole day, invoices in the order of the files in generation.json (the order they were written). */
export function readDay(dir: string): GeneratedDay {
  const generation = JSON.parse(readFileSync(join(dir, 'generation.json'), 'utf8')) as GeneratedDay['generation'];
  const manifest = JSON.parse(readFileSync(join(dir, 'inbox', 'manifest.json'), 'utf8')) as GeneratedDay['manifest'];
  const invoices: ReadInvoice[] = [];
  const files: ReadFile[] = [];
  for (const f of generation.files) {
    if (f.file.endsWith('.csv')) invoices.push(...readPaper(join(dir, 'inbox'), f.file));
    else {
      const r = readFixedWidth(join(dir, 'inbox'), f.file);
      invoices.push(...r.invoices);
      files.push(r.file);
    }
  }
  return { dir, generation, manifest, expected: readCsv(join(dir, 'expected.csv')), invoices, files };
}

export const centsOf = cents;
export const ymdOfIso = isoToYmd;
