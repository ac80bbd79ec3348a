import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'fast-csv';
import type { FileClose, FrameSink, LotHeader } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import { codecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';
import { isValidYmd } from '../calendar/ymd.js';
import type { RecordValues } from '../../codecs/fixed-width/record-codec.js';

/**
 * Keyed paper invoices (protocol §8) arrive as CSV, one row per invoice line, the rows of one
 * invoice consecutive. They are turned into B2 PS records and framed like any B2 invoice, so one
 * reader and one set of rules serve every channel; only the payment term (20 banking days) and
 * the notices differ. Each paper invoice is its own lot (there is no lot on paper, and no ARL).
 */
export const PAPER_COLUMNS = [
  'practitioner_id', 'invoice_number', 'amc_number', 'member_number', 'nir', 'nir_key', 'birth_date', 'birth_rank',
  'ro_sent_date', 'hors_parcours', 'pec_number', 'act_date', 'act_code', 'quantity', 'coefficient', 'unit_price',
  'base', 'amo_rate', 'amo', 'fee', 'amc',
] as const;

type PaperRow = Record<(typeof PAPER_COLUMNS)[number], string>;
type ParseProblem = { column: string; message: string };

export interface PaperFileSummary {
  rows: number;
  invoices: number;
  errors: CodecError[];
}

/**
 * Frames a paper file read from `source`: its path (streamed), or its whole content already in
 * memory (a worker's file task). Either way the same parser sees the same bytes, so the same rows,
 * invoices and errors come out.
 */
export async function framePaperFile(source: string | Uint8Array, file: string, layout: CompiledLayout, sink: FrameSink, afterInvoice: () => Promise<void> | void): Promise<PaperFileSummary> {
  const errors: CodecError[] = [];
  let rowNo = 1; // line of the row being read; the header is line 1
  let validRows = 0;
  // Data rows (1-based, the header not counted) the parser rejected for their column count.
  const invalidRows = new Set<number>();
  let invoices = 0;
  let group: Array<{ row: PaperRow; line: number }> = [];
  let lotIndex = 0;

  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    const rows = group;
    group = [];
    const first = rows[0]!;
    const problems: CodecError[] = [];
    const header: LotHeader = {
      index: lotIndex++, lotNumber: 'PAPIER', emitterId: first.row.practitioner_id.trim(), emitterKind: 'P',
      receiverId: '', constitutionDate: 0, fileNumber: '', line: first.line, layout,
    };
    const bytes = Buffer.from(paperRecords(rows, layout, (line, p) => problems.push(codecError('TPLIQ_B2_BAD_NUMBER', p.message, { file, line, column: columnOf(p.column), invoice: first.row.invoice_number, field: p.column }))), 'latin1');
    invoices++;
    sink.invoice({ bytes, recordCount: bytes.length / layout.recordLength, line: first.line, byteOffset: 0, lot: header, errors: problems });
    sink.lotClosed({ lot: header, invoiceCount: 1, recordCount: bytes.length / layout.recordLength, declaredAmcCents: 0, errors: [], trailer: null });
    await afterInvoice();
  };

  const input = typeof source === 'string' ? createReadStream(source) : Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)], { objectMode: false });
  const stream = input.pipe(parse({ headers: true, trim: true, ignoreEmpty: true, strictColumnHandling: true }));
  stream.on('data-invalid', (_row: unknown, n: number) => {
    invalidRows.add(n);
    errors.push(codecError('TPLIQ_B2_RECORD_LENGTH', `paper row ${n} does not have ${PAPER_COLUMNS.length} columns`, { file, line: n + 1 }));
  });
  let headerChecked = false;
  for await (const raw of stream as AsyncIterable<Record<string, string>>) {
    // A rejected row is reported (above, before any later row is read) but never yielded; it still
    // takes its line, so the rows after it keep their own line numbers.
    do {
      rowNo++;
    } while (invalidRows.has(rowNo - 1));
    validRows++;
    if (!headerChecked) {
      headerChecked = true;
      const missing = PAPER_COLUMNS.filter((c) => !(c in raw));
      if (missing.length > 0) {
        errors.push(codecError('TPLIQ_B2_UNEXPECTED_RECORD', `paper file lacks columns ${missing.join(', ')}`, { file, line: 1 }));
        break;
      }
    }
    const row = raw as PaperRow;
    const last = group[group.length - 1];
    if (last && (last.row.practitioner_id !== row.practitioner_id || last.row.invoice_number !== row.invoice_number)) await flush();
    group.push({ row, line: rowNo });
  }
  await flush();
  return { rows: validRows + invalidRows.size, invoices, errors };
}

/**
 * The file close a paper file ends with. Paper has no B2 envelope (no profile, file number or
 * lots), which the empty profile says; the counts are the CSV's.
 */
export function paperFileClose(file: string, bytes: number, summary: PaperFileSummary): FileClose {
  return { file, profile: '', fileNumber: '', emitterId: '', creationDate: 0, lotCount: 0, recordCount: summary.rows, invoiceCount: summary.invoices, bytes, lines: summary.rows + 1, errors: [] };
}

function columnOf(name: string): number {
  return PAPER_COLUMNS.indexOf(name as (typeof PAPER_COLUMNS)[number]) + 1;
}

/** B2 PS records for one paper invoice; bad values are reported and written as zero / blank. */
function paperRecords(rows: Array<{ row: PaperRow; line: number }>, layout: CompiledLayout, problem: (line: number, p: ParseProblem) => void): string {
  const first = rows[0]!;
  const h = first.row;
  const common: RecordValues = {
    nir: h.nir, nirKey: digitsOr(h.nir_key, ''), beneficiaryRank: '000', invoiceNumber: digitsOr(h.invoice_number, ''),
  };
  const say = (line: number) => (p: ParseProblem) => problem(line, p);
  const records: string[] = [];
  const safe = (code: string, values: RecordValues, line: number): void => {
    try {
      records.push(encodeRecord(layout, code, values));
    } catch (e) {
      problem(line, { column: 'invoice_number', message: (e as Error).message });
      records.push(encodeRecord(layout, code, { ...common, invoiceNumber: '' }));
    }
  };
  safe('2', {
    ...common, natureOperation: '1', securingMode: 'P', roSentDate: isoDate(h.ro_sent_date, 'ro_sent_date', say(first.line), true),
    birthDate: isoDate(h.birth_date, 'birth_date', say(first.line), false), birthRank: int(h.birth_rank, 'birth_rank', say(first.line)),
    memberNumber: h.member_number, parcours: h.hors_parcours === '1' ? 'H' : '', pecNumber: h.pec_number, exoCode: '0',
    contractType: '', amcNumber: h.amc_number,
  }, first.line);
  let fee = 0, amo = 0, amc = 0;
  for (const { row, line } of rows) {
    const p = say(line);
    const values: RecordValues = {
      ...common, exoCode: '0', actDate: isoDate(row.act_date, 'act_date', p, false), actCode: row.act_code,
      quantity: int(row.quantity, 'quantity', p), coefficient: cents(row.coefficient, 'coefficient', p),
      unitPrice: cents(row.unit_price, 'unit_price', p), base: cents(row.base, 'base', p), amoRate: int(row.amo_rate, 'amo_rate', p),
      amo: cents(row.amo, 'amo', p), fee: cents(row.fee, 'fee', p), amcDeclared: cents(row.amc, 'amc', p),
    };
    fee += values.fee as number;
    amo += values.amo as number;
    amc += values.amcDeclared as number;
    safe('4', values, line);
  }
  safe('5', { ...common, totalFee: fee, totalAmo: amo, totalAmc: amc }, first.line);
  return records.join('');
}

function digitsOr(s: string, fallback: string): string {
  return /^\d+$/.test(s) ? s : fallback;
}

function int(s: string, column: string, problem: (p: ParseProblem) => void): number {
  if (/^\d{1,9}$/.test(s)) return Number(s);
  problem({ column, message: `${column} "${s}" is not a whole number` });
  return 0;
}

/** "12.34" or "12,34" → 1234, exactly (no float): the digits are read as text. */
function cents(s: string, column: string, problem: (p: ParseProblem) => void): number {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) {
    problem({ column, message: `${column} "${s}" is not an amount with at most 2 decimals` });
    return 0;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function isoDate(s: string, column: string, problem: (p: ParseProblem) => void, optional: boolean): number {
  if (s === '' && optional) return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ymd = m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
  // A day that does not exist is reported here, at its CSV column, rather than read as another;
  // a birth date may be "lunar" (day or month 00), like the B2 zone it is written into.
  const birth = column === 'birth_date';
  const lunar = birth && m !== null && (m[2] === '00' || m[3] === '00') && Number(m[2]) <= 12 && Number(m[3]) <= 31;
  if (!m || (!lunar && !isValidYmd(ymd))) {
    // A birth date is health data: the message names the column, never its content.
    problem({ column, message: birth ? `${column} is not a yyyy-mm-dd day` : `${column} "${s}" is not a yyyy-mm-dd day` });
    return 0;
  }
  return ymd;
}
