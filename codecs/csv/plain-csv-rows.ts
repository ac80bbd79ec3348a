import { COMMA, CR, LF, QUOTE, SPACE, TAB } from './csv-characters.js';

/**
 * The rows of a CSV file held whole in memory, split exactly as fast-csv splits them with the
 * options paper files are read with (`,` separator, `"` quote doubled inside quotes, `trim`, no
 * header, empty rows kept), for files of plain ASCII only.
 *
 * Why a splitter of its own: fast-csv makes an object for every character it reads and searches
 * the rest of the file with a regular expression for every value. On the 10 M-line benchmark day
 * its paper files (45 MB, 3 % of the invoices) took ≈ 12 s of the intake, against ≈ 2.5 s for
 * the same number of B2 invoices, and fast-csv with the garbage it leaves was about a third of the
 * workers' time there (docs/performance.md, change 51). fast-csv stays the reader of everything
 * else: files streamed by the main thread, files with other bytes, the referential's tables; and
 * it is this splitter's oracle in the tests.
 *
 * Why plain ASCII only: fast-csv skips any JavaScript white space before a value (a no-break space,
 * a byte order mark…) to find its opening quote, where the syntax scan (csv-syntax-scan.ts) knows
 * blanks and tabs only. On bytes below 0x80 other than vertical tab and form feed, the two agree
 * on every quote, so a file the scan accepts is one fast-csv reads to its end, and so is this.
 */

const VERTICAL_TAB = 0x0b;
const FORM_FEED = 0x0c;
const ASCII_END = 0x80;

/** Whether `bytes` can be split here: ASCII, with no white space but blanks, tabs and line ends. */
export function isPlainAsciiCsv(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= ASCII_END || b === VERTICAL_TAB || b === FORM_FEED) return false;
  }
  return true;
}

/** The text of plain ASCII bytes (isPlainAsciiCsv): one byte, one character. */
export function plainAsciiText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

const isRowEnd = (c: number): boolean => c === LF || c === CR;

/**
 * The rows of `text` (plain ASCII: isPlainAsciiCsv), one array of values each, trimmed. A line
 * of blanks only is an empty row ([]); blanks after the last line end are no row. Throws where
 * fast-csv does: a quoted value never closed, text after a closing quote.
 */
export function* plainCsvRows(text: string): Generator<string[]> {
  const end = text.length;
  // Past blanks and tabs: where the next value, separator or line end starts.
  const skipBlanks = (from: number): number => {
    let at = from;
    while (at < end) {
      const c = text.charCodeAt(at);
      if (c !== SPACE && c !== TAB) break;
      at++;
    }
    return at;
  };
  // Past the line end at `at` (CRLF is one).
  const pastRowEnd = (at: number): number => (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? at + 2 : at + 1);

  let cursor = 0;
  for (;;) {
    const first = skipBlanks(cursor);
    if (first >= end) return;
    if (isRowEnd(text.charCodeAt(first))) {
      cursor = pastRowEnd(first);
      yield [];
      continue;
    }
    const values: string[] = [];
    for (;;) {
      cursor = readValue(cursor, values);
      const next = skipBlanks(cursor);
      if (next >= end) {
        cursor = end;
        break;
      }
      if (isRowEnd(text.charCodeAt(next))) {
        cursor = pastRowEnd(next);
        break;
      }
      // Only a separator can follow a value (readValue stops at one, or throws): the next value
      // starts past it, and is empty when a separator or a line end comes first.
      cursor = next + 1;
    }
    yield values;
  }

  /** Reads the value starting at `from` into `values`; returns where it stops (a separator, a line end, the end). */
  function readValue(from: number, values: string[]): number {
    const start = skipBlanks(from);
    if (start < end && text.charCodeAt(start) === QUOTE) {
      let at = start + 1;
      let value = '';
      let pieceStart = at;
      for (;;) {
        if (at >= end) throw new SyntaxError('CSV: a quoted value is never closed');
        if (text.charCodeAt(at) === QUOTE) {
          // A doubled quote keeps its first half; a single one closes the value.
          const doubled = text.charCodeAt(at + 1) === QUOTE;
          value += text.slice(pieceStart, doubled ? at + 1 : at);
          at += doubled ? 2 : 1;
          if (!doubled) break;
          pieceStart = at;
          continue;
        }
        at++;
      }
      const after = skipBlanks(at);
      if (after < end) {
        const c = text.charCodeAt(after);
        if (c !== COMMA && !isRowEnd(c)) throw new SyntaxError('CSV: text after a closing quote');
      }
      values.push(value.trim());
      return after;
    }
    let at = from;
    while (at < end) {
      const c = text.charCodeAt(at);
      if (c === COMMA || isRowEnd(c)) break;
      at++;
    }
    values.push(text.slice(from, at).trim());
    return at;
  }
}
