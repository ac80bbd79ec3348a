import { csvField, isoDateKept, motivesField, startsAFormulaCode, type DecisionCsvRow } from './decisions-writer.js';
import { centsToDecimalText } from '../sepa/amount-text.js';

/**
 * decisions.csv's row written straight into bytes: the same bytes as decisionCsvLine's text in
 * UTF-8, without the text. The main thread writes one row per invoice; as text, each row was some
 * twenty joined strings, flattened, then encoded into the file's buffer (≈ 1 KiB of short-lived
 * heap a row, the largest allocation of the commit step).
 *
 * The usual field is ASCII and needs no quoting, and is copied character by character. Anything
 * else — a character beyond ASCII, a field to quote or to guard as a formula, the motives of a
 * rejected invoice — is made by decisionCsvLine's own functions and encoded, so the two stay one
 * format.
 */

/** Bytes a row may take at most: every text at 3 bytes a character, doubled by quoting, and the numbers. */
export function decisionCsvLineBytesMax(row: DecisionCsvRow): number {
  let chars = row.file.length + row.lot.length + row.invoiceNumber.length + row.practitionerId.length + row.amcNumber.length + row.status.length;
  for (const motive of row.motives) chars += motive.code.length + motive.label.length + 2;
  // Doubled quotes, 2 quotes and an apostrophe for each of the 7 texts; 4 numbers of at most 24
  // characters (String(-Number.MAX_VALUE)); 2 dates of 10; 12 commas and the line end.
  return (2 * chars + 7 * 3) * 3 + 4 * 24 + 2 * 10 + 14;
}

/**
 * Writes the row at `at` in `out`, which must have decisionCsvLineBytesMax(row) bytes of room;
 * returns where the row ends.
 */
export function writeDecisionCsvLine(row: DecisionCsvRow, out: Buffer, at: number): number {
  at = writeInteger(row.sequence, out, at);
  out[at++] = COMMA;
  at = writeField(row.file, out, at);
  out[at++] = COMMA;
  at = writeField(row.lot, out, at);
  out[at++] = COMMA;
  at = writeInteger(row.line, out, at);
  out[at++] = COMMA;
  at = writeField(row.invoiceNumber, out, at);
  out[at++] = COMMA;
  at = writeField(row.practitionerId, out, at);
  out[at++] = COMMA;
  at = writeField(row.amcNumber, out, at);
  out[at++] = COMMA;
  at = writeField(row.status, out, at);
  out[at++] = COMMA;
  at = writeCents(row.paidCents, out, at);
  out[at++] = COMMA;
  at = writeCents(row.claimedCents, out, at);
  out[at++] = COMMA;
  if (row.motives.length > 0) at = writeMotives(row, out, at);
  out[at++] = COMMA;
  at = writeAscii(isoDateKept(row.receivedDate), out, at);
  out[at++] = COMMA;
  at = writeAscii(isoDateKept(row.dueDate), out, at);
  out[at++] = CR;
  out[at++] = LF;
  return at;
}

const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;

/**
 * A text field as csvField would write it: copied while every character is plain ASCII that needs
 * no quoting and the first does not start a formula; otherwise made by csvField and encoded.
 */
function writeField(text: string, out: Buffer, at: number): number {
  const n = text.length;
  if (n > 0 && startsAFormulaCode(text.charCodeAt(0))) return at + out.write(csvField(text), at, 'utf8');
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || code === COMMA || code === QUOTE || code === CR || code === LF) return at + out.write(csvField(text), at, 'utf8');
    out[at + i] = code;
  }
  return at + n;
}

/** Text known to be ASCII (the ISO dates). */
function writeAscii(text: string, out: Buffer, at: number): number {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** A non-negative safe integer in decimal, as String() writes it; anything else goes through String(). */
function writeInteger(value: number, out: Buffer, at: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0)) return at + out.write(String(value), at, 'latin1');
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  let rest = value;
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** An amount as centsToDecimalText writes it ("1234.56", "0.05", "-0.05"); it throws as that does. */
function writeCents(amountCents: number, out: Buffer, at: number): number {
  if (!Number.isSafeInteger(amountCents)) return at + out.write(centsToDecimalText(amountCents), at, 'latin1');
  if (amountCents < 0) out[at++] = MINUS;
  const magnitude = Math.abs(amountCents);
  at = writeInteger(Math.floor(magnitude / 100), out, at);
  out[at++] = DOT;
  const fraction = magnitude % 100;
  out[at++] = ZERO + Math.floor(fraction / 10);
  out[at++] = ZERO + (fraction % 10);
  return at;
}

/** The motives field (rejected invoices only: a few in a hundred), made as decisionCsvLine makes it. */
function writeMotives(row: DecisionCsvRow, out: Buffer, at: number): number {
  return at + out.write(motivesField(row.motives), at, 'utf8');
}
