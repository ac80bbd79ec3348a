import { COMMA, CR, LF, QUOTE, SPACE, TAB } from './csv-characters.js';

/**
 * Finds the first CSV syntax error of a file (`,` separator, `"` quote doubled inside quotes,
 * blanks around a quoted value allowed, CRLF / LF / CR line ends), the way fast-csv reads it with
 * `trim`, but with its line and column.
 *
 * Why a scan of its own: fast-csv stops at a syntax error without saying where, and the rows it
 * has parsed from the same chunk are lost with it, so what is read before the error depends on how
 * the file was cut into chunks (a worker's whole file or a main-thread stream). Scanning first
 * gives one answer whatever the chunking, and the error's place.
 */

export interface CsvSyntaxError {
  /** 1-based physical line and column (in bytes) of the offending character. */
  line: number;
  column: number;
  reason: string;
}

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted value: a doubled quote, or the value's end. */
  QuoteSeen,
  /** After a quoted value: only blanks until the separator or the line end. */
  AfterQuoted,
}

export class CsvSyntaxScanner {
  private state = State.FieldStart;
  private line = 1;
  private column = 0;
  private previousWasCr = false;
  private quoteOpenedAt = { line: 0, column: 0 };
  private problem: CsvSyntaxError | undefined;

  /** Feeds the next bytes; chunks may cut anywhere. Does nothing once an error is found. */
  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length && this.problem === undefined; i++) this.byte(bytes[i]!);
  }

  /** The first error of everything pushed, the file being over. */
  end(): CsvSyntaxError | undefined {
    if (this.problem === undefined && this.state === State.Quoted) {
      this.problem = { ...this.quoteOpenedAt, reason: 'a quoted value opened here is never closed' };
    }
    return this.problem;
  }

  private byte(b: number): void {
    if (b === LF && this.previousWasCr) {
      // The LF of a CRLF: the CR already ended the line.
      this.previousWasCr = false;
      return;
    }
    this.previousWasCr = b === CR;
    const lineEnd = b === LF || b === CR;
    this.column++;
    switch (this.state) {
      case State.FieldStart:
        if (b === QUOTE) {
          this.state = State.Quoted;
          this.quoteOpenedAt = { line: this.line, column: this.column };
        } else if (b !== COMMA && b !== SPACE && b !== TAB && !lineEnd) {
          this.state = State.Unquoted;
        }
        break;
      case State.Unquoted:
        if (b === COMMA || lineEnd) this.state = State.FieldStart;
        break;
      case State.Quoted:
        if (b === QUOTE) this.state = State.QuoteSeen;
        break;
      case State.QuoteSeen:
      case State.AfterQuoted:
        if (b === QUOTE && this.state === State.QuoteSeen) this.state = State.Quoted;
        else if (b === COMMA || lineEnd) this.state = State.FieldStart;
        else if (b === SPACE || b === TAB) this.state = State.AfterQuoted;
        else this.problem = { line: this.line, column: this.column, reason: `${JSON.stringify(String.fromCharCode(b))} after a closing quote, where "," or a line end must be` };
        break;
    }
    if (lineEnd) {
      this.line++;
      this.column = 0;
    }
  }
}
