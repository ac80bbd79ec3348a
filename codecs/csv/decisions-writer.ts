import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { centsToDecimalText } from '../sepa/amount-text.js';

/**
 * decisions.csv, the audit trail of a run: one row per invoice, in commit (sequence) order, with
 * what was claimed, what was paid and why not. RFC 4180: comma-separated, CRLF line ends, a field
 * quoted when it holds a comma, a quote or a line break, quotes doubled inside.
 *
 * The row type is the shape of the engine's Decision (engine/domain/decision.ts) restated here,
 * because codecs import nothing from the engine; a Decision is accepted as is.
 */
export interface DecisionCsvRow {
  sequence: number;
  file: string;
  lot: string;
  line: number;
  invoiceNumber: string;
  practitionerId: string;
  amcNumber: string;
  status: string;
  paidCents: number;
  claimedCents: number;
  motives: readonly { readonly code: string; readonly label: string }[];
  /** yyyymmdd */
  receivedDate: number;
  /** yyyymmdd */
  dueDate: number;
}

export const DECISIONS_CSV_HEADER = [
  'sequence',
  'file',
  'lot',
  'line',
  'invoice_number',
  'practitioner_id',
  'amc_number',
  'status',
  'paid_amount',
  'claimed_amount',
  'motives',
  'received_date',
  'due_date',
] as const;

const EOL = '\r\n';
/** Rows are gathered into chunks of about this size: one write per chunk, not per row. */
const CHUNK_CHARS_MIN = 64 * 1024;

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * A text a spreadsheet would read as a formula: decisions.csv is opened in one by operators and
 * auditors, and its texts come from the inputs (a file named `=HYPERLINK(…).b2`, a lot number,
 * an id). Such a field is written with a leading apostrophe, the usual way to make a spreadsheet
 * take it as text; a field that does not start so (every ordinary one) keeps its bytes.
 */
function startsAFormula(value: string): boolean {
  return startsAFormulaCode(value.charCodeAt(0));
}

/** The same, on the first character's code (decision-csv-bytes.ts asks it so). */
export function startsAFormulaCode(first: number): boolean {
  // A character code, not a regular expression: this runs for seven fields of every row.
  return first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d; // = + - @ TAB CR
}

export function csvField(value: string): string {
  const text = startsAFormula(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** aaaa-mm-jj from yyyymmdd; '' for 0 (no date). */
function isoDate(date: number): string {
  if (date === 0) return '';
  const digits = String(date);
  if (!/^\d{8}$/.test(digits)) throw new RangeError(`${date} is not a yyyymmdd date`);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
}

/**
 * A run's rows carry a few dozen distinct dates (received, due), each millions of times: their
 * text is kept rather than made again. Bounded, in case a caller's rows span centuries.
 */
const ISO_DATES_KEPT_MAX = 4096;
const isoDates = new Map<number, string>();

export function isoDateKept(date: number): string {
  let text = isoDates.get(date);
  if (text === undefined) {
    if (isoDates.size >= ISO_DATES_KEPT_MAX) isoDates.clear();
    text = isoDate(date);
    isoDates.set(date, text);
  }
  return text;
}

/** The motives column: CODE:label|CODE:label, as one field; empty for none. */
export function motivesField(motives: DecisionCsvRow['motives']): string {
  return motives.length === 0 ? '' : csvField(motives.map(motiveText).join('|'));
}

const motiveText = (motive: { readonly code: string; readonly label: string }): string => `${motive.code}:${motive.label}`;

/**
 * One row, with its line end. Written out field by field rather than as an array joined: it runs
 * once per invoice on the main thread (≈ 600 → ≈ 285 ns a row in a micro-benchmark on this machine).
 */
export function decisionCsvLine(row: DecisionCsvRow): string {
  const motives = motivesField(row.motives);
  return (
    row.sequence + ',' + csvField(row.file) + ',' + csvField(row.lot) + ',' + row.line + ',' +
    csvField(row.invoiceNumber) + ',' + csvField(row.practitionerId) + ',' + csvField(row.amcNumber) + ',' +
    csvField(row.status) + ',' + centsToDecimalText(row.paidCents) + ',' + centsToDecimalText(row.claimedCents) + ',' +
    motives + ',' + isoDateKept(row.receivedDate) + ',' + isoDateKept(row.dueDate) + EOL
  );
}

/** A debt recovered from the day's transfer (engine/settle/set-off.ts), for decisions.csv. */
export interface OffsetCsvRow {
  practitionerId: string;
  amcNumber: string;
  /** The rectificative or annulation that created the debt, and the original invoice. */
  debtInvoice: string;
  originalInvoice: string;
  /** yyyymmdd: the accounting day the debt arose. */
  debtCreatedOn: number;
  amountCents: number;
  remainingCents: number;
}

/** Status of the rows that are not invoices but debts recovered by set-off. */
export const OFFSET_STATUS = 'OFFSET';

/**
 * One debt recovered from the day's transfer, as a row after every invoice row: no sequence, file
 * or lot (it is no invoice of the day); the debt's rectificative in invoice_number; the amount it
 * takes off the transfer as a negative paid_amount; and in motives the original invoice, the day
 * the debt arose and what remains of it.
 */
export function offsetCsvLine(row: OffsetCsvRow): string {
  const remaining = centsToDecimalText(row.remainingCents);
  const detail = `RETENUE:Retenue sur indu (facture n° ${row.originalInvoice} régularisée le ${isoDateKept(row.debtCreatedOn)}, reste dû ${remaining})`;
  return (
    ',,,,' + csvField(row.debtInvoice) + ',' + csvField(row.practitionerId) + ',' + csvField(row.amcNumber) + ',' + OFFSET_STATUS + ',' +
    centsToDecimalText(-row.amountCents) + ',0.00,' + csvField(detail) + ',,' + EOL
  );
}

/**
 * Writes the header then one row per decision, honouring backpressure (waits for 'drain' when the
 * stream asks), so millions of rows go out with flat memory. Rows may come from a sync or async
 * iterable. The stream is left open: ending it is the caller's (who may write more or close a file).
 * Resolves with the number of rows written; rejects if the stream errors.
 */
export async function writeDecisionsCsv(
  rows: Iterable<DecisionCsvRow> | AsyncIterable<DecisionCsvRow>,
  out: Writable,
): Promise<number> {
  let chunk = DECISIONS_CSV_HEADER.join(',') + EOL;
  let count = 0;
  /** Adds a row; true when the chunk is big enough to be written. */
  const add = (row: DecisionCsvRow): boolean => {
    chunk += decisionCsvLine(row);
    count += 1;
    return chunk.length >= CHUNK_CHARS_MIN;
  };
  const flush = async (): Promise<void> => {
    const full = chunk;
    chunk = '';
    await writeChunk(out, full);
  };
  // A plain iterable is walked without `for await`, which costs a promise per row (20 % of the
  // time for an in-memory million).
  if (Symbol.iterator in rows) {
    for (const row of rows) if (add(row)) await flush();
  } else {
    for await (const row of rows) if (add(row)) await flush();
  }
  await flush();
  return count;
}

async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (chunk === '') return;
  if (!out.write(chunk, 'utf8')) await once(out, 'drain');
}
