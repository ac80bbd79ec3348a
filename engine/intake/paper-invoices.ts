import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'fast-csv';
import type { FileClose, FrameSink, LotHeader } from '../../codecs/b2/frames.js';
import { CsvSyntaxScanner, type CsvSyntaxError } from '../../codecs/csv/csv-syntax-scan.js';
import { isPlainAsciiCsv, plainAsciiText, plainCsvRows } from '../../codecs/csv/plain-csv-rows.js';
import type { CodecError, CodecErrorCode } from '../../codecs/fixed-width/codec-error.js';
import { CodecFault, codecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout, CompiledRecord } from '../../codecs/fixed-width/compiled-layout.js';
import { encodeRecord } from '../../codecs/fixed-width/record-codec.js';
import { NOT_WRITTEN, writeRecordBytes } from '../../codecs/fixed-width/record-bytes.js';
import { isValidYmd } from '../calendar/ymd.js';
import type { FieldValue, RecordValues } from '../../codecs/fixed-width/record-codec.js';
import { isPayeeIdFormat } from '../../codecs/identifiers/payee-id.js';

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

/**
 * Columns a paper file may have, for a rectificative or an annulation keyed from paper: `nature`
 * (`I` initiale — the default when empty or absent —, `R` rectificative, `A` annulation) and
 * `refers_to`, the number of the invoice it rectifies or cancels. A file without them is read as
 * before: every invoice initial. And `accord_prealable`, the reference of the accord préalable
 * (R. 161-42 6°) on the invoice's first row, keyed into the B2 PS zone of that name (7
 * characters); empty or absent: none.
 */
export const PAPER_OPTIONAL_COLUMNS = ['nature', 'refers_to', 'accord_prealable'] as const;

type PaperColumn = (typeof PAPER_COLUMNS)[number] | (typeof PAPER_OPTIONAL_COLUMNS)[number];
type PaperRow = Record<PaperColumn, string>;
type ParseProblem = { column: PaperColumn; message: string; code?: CodecErrorCode };

/** Columns whose values are health data: a problem names the column, never echoes the value. */
const PRIVATE_COLUMNS: ReadonlySet<PaperColumn> = new Set(['nir', 'nir_key', 'birth_date']);

/** The paper column each B2 PS field is keyed from (what a value that does not fit is reported against). */
const PAPER_COLUMN_OF_FIELD: Readonly<Record<string, PaperColumn>> = {
  nir: 'nir', nirKey: 'nir_key', invoiceNumber: 'invoice_number', roSentDate: 'ro_sent_date', birthDate: 'birth_date',
  birthRank: 'birth_rank', memberNumber: 'member_number', parcours: 'hors_parcours', pecNumber: 'pec_number',
  amcNumber: 'amc_number', refersTo: 'refers_to', accordPrealable: 'accord_prealable', actDate: 'act_date', actCode: 'act_code', quantity: 'quantity', coefficient: 'coefficient',
  unitPrice: 'unit_price', base: 'base', amoRate: 'amo_rate', amo: 'amo', fee: 'fee', amcDeclared: 'amc',
  totalFee: 'fee', totalAmo: 'amo', totalAmc: 'amc',
};

export interface PaperFileSummary {
  rows: number;
  invoices: number;
  errors: CodecError[];
}

/**
 * Frames a paper file read from `source`: its path (streamed), or its whole content already in
 * memory (a worker's file task). Either way the same parser sees the same bytes, so the same rows,
 * invoices and errors come out.
 *
 * What is refused at which granularity, and why:
 * - A CSV syntax error (an unclosed quote, text after a closing quote) refuses the whole file
 *   (TPLIQ_PAPER_CSV_SYNTAX, file-level, with line and column): an unclosed quote swallows every
 *   row after it, and the rows before it cannot be told complete (the invoice being read may go on
 *   past the break), so no invoice of the file is decided; the operator corrects the file and
 *   delivers it again whole. The file is scanned before any row is framed (CsvSyntaxScanner), so
 *   the answer does not depend on how the file was cut into chunks.
 * - A header that is not the paper header (missing or doubled column, `;` separator, no header at
 *   all, an empty file) refuses the whole file too (TPLIQ_PAPER_CSV_HEADER, line 1): no row can be
 *   read by name.
 * - A row with the wrong number of fields is a file-level error at its line and is not read; the
 *   invoice it belongs to (same practitioner_id and invoice_number) is rejected with it, so an
 *   invoice is never paid on some of its lines.
 * - A value that is not what its column holds, or does not fit the B2 zone it is keyed into (a
 *   16-digit NIR), or a practitioner_id that is not a payee id, rejects its invoice
 *   (STRUCTURE_INVALIDE) with the code, line and column; the other invoices are decided as usual.
 */
export async function framePaperFile(source: string | Uint8Array, file: string, layout: CompiledLayout, sink: FrameSink, afterInvoice: () => Promise<void> | void): Promise<PaperFileSummary> {
  const errors: CodecError[] = [];
  const syntax = await scanSyntax(source);
  if (syntax) {
    errors.push(codecError('TPLIQ_PAPER_CSV_SYNTAX', `CSV syntax error: ${syntax.reason}; no invoice of this file is read`, { file, line: syntax.line, column: syntax.column }));
    return { rows: 0, invoices: 0, errors };
  }
  let nextLine = 1; // physical line the next row starts on
  let rows = 0;
  let invoices = 0;
  let positions: Map<PaperColumn, number> | undefined;
  let headerWidth = 0;
  let group: Array<{ row: PaperRow; line: number }> = [];
  // Problems of the invoice being gathered found before it is framed (a row of it not read).
  let groupProblems: CodecError[] = [];
  // A row not read, whose invoice has not started yet (it may have been that invoice's first row).
  let unreadRow: { key: string; error: CodecError } | undefined;
  let lotIndex = 0;

  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    const rows = group;
    const problems = groupProblems;
    group = [];
    groupProblems = [];
    const first = rows[0]!;
    const columnOf = (name: PaperColumn): number => positions!.get(name)! + 1;
    const payeeId = first.row.practitioner_id;
    if (!isPayeeIdFormat(payeeId)) {
      problems.push(codecError('TPLIQ_B2_PAYEE_ID_FORMAT', `practitioner_id ${JSON.stringify(payeeId)} is not a PS billing number or FINESS (9 digits)`, { file, line: first.line, column: columnOf('practitioner_id'), invoice: first.row.invoice_number, field: 'practitioner_id' }));
    }
    const header: LotHeader = {
      // An id that is not a payee id names no payee (and no output file): the invoice is rejected.
      index: lotIndex++, lotNumber: 'PAPIER', emitterId: isPayeeIdFormat(payeeId) ? payeeId : '', emitterKind: 'P',
      receiverId: '', constitutionDate: 0, fileNumber: '', line: first.line, layout,
    };
    const bytes = paperRecords(rows, layout, (line, p) => problems.push(codecError(p.code ?? 'TPLIQ_B2_BAD_NUMBER', p.message, { file, line, column: columnOf(p.column), invoice: first.row.invoice_number, field: p.column })));
    invoices++;
    sink.invoice({ bytes, recordCount: bytes.length / layout.recordLength, line: first.line, byteOffset: 0, lot: header, errors: problems });
    sink.lotClosed({ lot: header, invoiceCount: 1, recordCount: bytes.length / layout.recordLength, declaredAmcCents: 0, errors: [], trailer: null });
    await afterInvoice();
  };

  try {
    for await (const cells of paperCsvRows(source)) {
      const line = nextLine;
      nextLine += 1 + newlinesIn(cells);
      if (cells.length === 0 || (cells.length === 1 && cells[0] === '')) continue; // blank line
      if (positions === undefined) {
        const header = paperHeader(cells);
        if (typeof header === 'string') {
          errors.push(codecError('TPLIQ_PAPER_CSV_HEADER', `${header}; no invoice of this file is read`, { file, line }));
          break;
        }
        positions = header;
        headerWidth = cells.length;
        continue;
      }
      rows++;
      const row = rowOf(cells, positions);
      const key = `${row.practitioner_id}\u0000${row.invoice_number}`;
      const last = group[group.length - 1];
      const lastKey = last ? `${last.row.practitioner_id}\u0000${last.row.invoice_number}` : undefined;
      if (cells.length !== headerWidth) {
        const error = codecError('TPLIQ_B2_RECORD_LENGTH', `paper row has ${cells.length} fields, the header ${headerWidth}; the row is not read`, { file, line });
        errors.push(error);
        if (key === lastKey) groupProblems.push(error);
        else unreadRow = { key, error };
        continue;
      }
      if (lastKey !== undefined && key !== lastKey) await flush();
      if (group.length === 0 && unreadRow !== undefined) {
        if (unreadRow.key === key) groupProblems.push(unreadRow.error);
        unreadRow = undefined;
      }
      group.push({ row, line });
    }
  } catch {
    // The scan above accepts only what fast-csv (and the plain splitter) parse; should they ever
    // disagree, the file still ends in a located, coded error rather than stopping the run. The
    // invoice being gathered may go on past the break: it is rejected with the error. fast-csv's
    // own message quotes the file's text (NIRs, birth dates), so it is not passed on.
    const error = codecError('TPLIQ_PAPER_CSV_SYNTAX', 'CSV syntax error at or after this line; the rows after it are not read', { file, line: nextLine });
    errors.push(error);
    groupProblems.push(error);
  }
  if (positions === undefined && errors.length === 0) {
    // Nothing but blank lines: not a paper file an operator meant to send (a header-only file is one).
    errors.push(codecError('TPLIQ_PAPER_CSV_HEADER', 'the file is empty: a header line is required', { file, line: 1 }));
  }
  await flush();
  return { rows, invoices, errors };
}

/**
 * The file's rows: split here when the file is in memory and plain ASCII (plain-csv-rows.ts says
 * why), by fast-csv otherwise. The two give the same rows for the same bytes.
 */
function paperCsvRows(source: string | Uint8Array): Iterable<string[]> | AsyncIterable<string[]> {
  if (typeof source !== 'string' && isPlainAsciiCsv(source)) return plainCsvRows(plainAsciiText(source));
  const input = typeof source === 'string' ? createReadStream(source) : Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)], { objectMode: false });
  return input.pipe(parse({ headers: false, trim: true, ignoreEmpty: false })) as AsyncIterable<string[]>;
}

async function scanSyntax(source: string | Uint8Array): Promise<CsvSyntaxError | undefined> {
  const scanner = new CsvSyntaxScanner();
  if (typeof source === 'string') {
    for await (const chunk of createReadStream(source) as AsyncIterable<Buffer>) scanner.push(chunk);
  } else {
    scanner.push(source);
  }
  return scanner.end();
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Column positions of the header row, or why it is not the paper header. The reason names paper
 * columns only, never the row's own text: a file without a header has a data row there.
 * Extra columns are ignored, even doubled; a paper column named twice is ambiguous.
 */
function paperHeader(cells: readonly string[]): Map<PaperColumn, number> | string {
  const seen = new Map<string, number>();
  const doubled = new Set<string>();
  cells.forEach((cell, index) => {
    const name = (index === 0 ? cell.replace(BYTE_ORDER_MARK, '') : cell).trim().toLowerCase();
    if (seen.has(name)) doubled.add(name);
    else seen.set(name, index);
  });
  const missing = PAPER_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    const hint = cells.length === 1 && cells[0]!.includes(';')
      ? ' (the separator is ",": this header uses ";")'
      : missing.length === PAPER_COLUMNS.length ? ' (is the header line missing?)' : '';
    return `the header lacks column(s) ${missing.join(', ')}${hint}`;
  }
  const ambiguous = PAPER_COLUMNS.filter((c) => doubled.has(c));
  if (ambiguous.length > 0) return `the header names column(s) ${ambiguous.join(', ')} twice`;
  const ambiguousOptional = PAPER_OPTIONAL_COLUMNS.filter((c) => doubled.has(c));
  if (ambiguousOptional.length > 0) return `the header names column(s) ${ambiguousOptional.join(', ')} twice`;
  const positions = new Map<PaperColumn, number>(PAPER_COLUMNS.map((c) => [c, seen.get(c)!] as const));
  for (const c of PAPER_OPTIONAL_COLUMNS) if (seen.has(c)) positions.set(c, seen.get(c)!);
  return positions;
}

function rowOf(cells: readonly string[], positions: ReadonlyMap<PaperColumn, number>): PaperRow {
  const row = emptyRow();
  for (const [name, index] of positions) row[name] = cells[index] ?? '';
  return row;
}

/**
 * A row with every column, blank: one literal, so that filling it by column name only changes
 * values. Adding the columns one by one instead made each row a slow dictionary object (V8 stops
 * adding properties fast after a dozen added by computed name), read field by field later.
 */
const emptyRow = (): PaperRow => ({
  practitioner_id: '', invoice_number: '', amc_number: '', member_number: '', nir: '', nir_key: '', birth_date: '', birth_rank: '',
  ro_sent_date: '', hors_parcours: '', pec_number: '', act_date: '', act_code: '', quantity: '', coefficient: '', unit_price: '',
  base: '', amo_rate: '', amo: '', fee: '', amc: '', nature: '', refers_to: '', accord_prealable: '',
});

function newlinesIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * The file close a paper file ends with. Paper has no B2 envelope (no profile, file number or
 * lots), which the empty profile says; the counts are the CSV's.
 */
export function paperFileClose(file: string, bytes: number, summary: PaperFileSummary): FileClose {
  return { file, profile: '', fileNumber: '', emitterId: '', creationDate: 0, lotCount: 0, recordCount: summary.rows, invoiceCount: summary.invoices, bytes, lines: summary.rows + 1, errors: [] };
}

/**
 * B2 PS records for one paper invoice; bad values are reported and written as zero / blank.
 * A value that does not fit its B2 zone (a 16-digit NIR, a 9-digit NIR key, a quantity of 100 in
 * a 2-digit zone) is reported against its paper column and written blank, here at decode: the
 * NOEMIE return and the records written later never meet it.
 */
function paperRecords(rows: Array<{ row: PaperRow; line: number }>, layout: CompiledLayout, problem: (line: number, p: ParseProblem) => void): Buffer {
  const first = rows[0]!;
  const h = first.row;
  // The invoice header's values that every record repeats. Each record's values are one literal
  // naming all its fields: a spread of these followed by the record's own fields allocated
  // ≈ 8 KiB a paper row, and framing the paper files took twice as long.
  const common: Record<CommonField, FieldValue> = {
    nir: h.nir, nirKey: digitsOr(h.nir_key, ''), beneficiaryRank: '000', invoiceNumber: digitsOr(h.invoice_number, ''),
  };
  const say = (line: number) => (p: ParseProblem) => problem(line, p);
  // One header (2), one line (4) per row, one total (5): the invoice's bytes, exactly.
  const recordOf = (code: string): CompiledRecord => layout.records.get(code)!;
  const records = Buffer.allocUnsafe(recordOf('2').length + rows.length * recordOf('4').length + recordOf('5').length);
  let used = 0;
  const fitted = (code: string, values: RecordValues, line: number): void => {
    // Written field by field when every value is one the byte path takes (record-bytes.ts).
    const written = writeRecordBytes(recordOf(code), values, records, used);
    if (written !== NOT_WRITTEN) {
      used = written;
      return;
    }
    // Each try blanks the field the encoder refused: bounded by the record's field count.
    for (;;) {
      try {
        used += records.write(encodeRecord(layout, code, values), used, 'latin1');
        return;
      } catch (e) {
        if (!(e instanceof CodecFault)) throw e;
        const field = e.detail.field;
        const column = field === undefined ? undefined : PAPER_COLUMN_OF_FIELD[field];
        if (field === undefined || column === undefined || !(field in values)) throw e; // not an input value: a programmer error
        const length = layout.records.get(code)!.byName.get(field)!.length;
        problem(field in common ? first.line : line, e.detail.code === 'TPLIQ_ENCODE_OVERFLOW'
          ? { column, code: 'TPLIQ_PAPER_VALUE_TOO_LONG', message: `${column} is longer than the ${length} characters of its B2 zone` }
          : { column, message: `${column} is not what its B2 zone holds (${length} digits)` });
        // A value of the invoice header goes in every record: reported once, blanked in all.
        if (field in common) common[field as CommonField] = null;
        values[field] = null;
      }
    }
  };
  fitted('2', {
    nir: common.nir, nirKey: common.nirKey, beneficiaryRank: common.beneficiaryRank, invoiceNumber: common.invoiceNumber, natureOperation: paperNature(h.nature, say(first.line)), refersTo: digitsOr(h.refers_to, ''), securingMode: 'P', roSentDate: isoDate(h.ro_sent_date, 'ro_sent_date', say(first.line), true),
    birthDate: isoDate(h.birth_date, 'birth_date', say(first.line), false), birthRank: int(h.birth_rank, 'birth_rank', say(first.line)),
    memberNumber: h.member_number, parcours: h.hors_parcours === '1' ? 'H' : '', pecNumber: h.pec_number, exoCode: '0',
    contractType: '', amcNumber: h.amc_number, accordPrealable: h.accord_prealable,
  }, first.line);
  let fee = 0, amo = 0, amc = 0;
  for (const { row, line } of rows) {
    const p = say(line);
    const values: RecordValues = {
      nir: common.nir, nirKey: common.nirKey, beneficiaryRank: common.beneficiaryRank, invoiceNumber: common.invoiceNumber, exoCode: '0', actDate: isoDate(row.act_date, 'act_date', p, false), actCode: row.act_code,
      quantity: int(row.quantity, 'quantity', p), coefficient: cents(row.coefficient, 'coefficient', p),
      unitPrice: cents(row.unit_price, 'unit_price', p), base: cents(row.base, 'base', p), amoRate: int(row.amo_rate, 'amo_rate', p),
      amo: cents(row.amo, 'amo', p), fee: cents(row.fee, 'fee', p), amcDeclared: cents(row.amc, 'amc', p),
    };
    fee += values.fee as number;
    amo += values.amo as number;
    amc += values.amcDeclared as number;
    fitted('4', values, line);
  }
  fitted('5', {
    nir: common.nir, nirKey: common.nirKey, beneficiaryRank: common.beneficiaryRank, invoiceNumber: common.invoiceNumber, totalFee: fee, totalAmo: amo, totalAmc: amc,
  }, first.line);
  return records;
}

/** The fields of the invoice header every record of a paper invoice repeats. */
type CommonField = 'nir' | 'nirKey' | 'beneficiaryRank' | 'invoiceNumber';

/** The B2 PS nature code of a paper `nature` cell (empty: an initial invoice). */
function paperNature(cell: string, problem: (p: ParseProblem) => void): string {
  const code = cell.trim().toUpperCase();
  if (code === 'R' || code === 'A') return code;
  if (code !== '' && code !== 'I') problem({ column: 'nature', message: 'nature is not I (initiale), R (rectificative) or A (annulation)' });
  return '1';
}

/** The value as a problem may show it: health data (PRIVATE_COLUMNS) is never echoed. */
function shown(s: string, column: PaperColumn): string {
  return PRIVATE_COLUMNS.has(column) ? '' : ` ${JSON.stringify(s)}`;
}

// A regular expression literal makes a new RegExp object each time it is evaluated: these are
// tested for every field of every paper invoice, so they are made once.
const DIGITS_ONLY = /^\d+$/;
const WHOLE_NUMBER = /^\d{1,9}$/;
const AMOUNT = /^(\d{1,9})(?:[.,](\d{1,2}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function digitsOr(s: string, fallback: string): string {
  return DIGITS_ONLY.test(s) ? s : fallback;
}

function int(s: string, column: PaperColumn, problem: (p: ParseProblem) => void): number {
  if (WHOLE_NUMBER.test(s)) return Number(s);
  problem({ column, message: `${column}${shown(s, column)} is not a whole number` });
  return 0;
}

/** "12.34" or "12,34" → 1234, exactly (no float): the digits are read as text. */
function cents(s: string, column: PaperColumn, problem: (p: ParseProblem) => void): number {
  const m = AMOUNT.exec(s);
  if (!m) {
    problem({ column, message: `${column}${shown(s, column)} is not an amount with at most 2 decimals` });
    return 0;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function isoDate(s: string, column: PaperColumn, problem: (p: ParseProblem) => void, optional: boolean): number {
  if (s === '' && optional) return 0;
  const m = ISO_DATE.exec(s);
  const ymd = m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
  // A day that does not exist is reported here, at its CSV column, rather than read as another;
  // a birth date may be "lunar" (day or month 00), like the B2 zone it is written into.
  const birth = column === 'birth_date';
  const lunar = birth && m !== null && (m[2] === '00' || m[3] === '00') && Number(m[2]) <= 12 && Number(m[3]) <= 31;
  if (!m || (!lunar && !isValidYmd(ymd))) {
    // A birth date is health data: the message names the column, never its content.
    problem({ column, message: `${column}${shown(s, column)} is not a yyyy-mm-dd day` });
    return 0;
  }
  return ymd;
}
