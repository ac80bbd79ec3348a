import {
  parseBirthDate,
  parseEndDate,
  parseEnum,
  parseFlag,
  parseIsoDate,
  parsePeriods,
  type Parsed,
  type ParsedPeriod,
} from './field-parsers.js';
import type { IssueSink, ReferentialIssueCode } from './referential-issue.js';

/** Made once: a regular expression literal makes a new RegExp object each time it is evaluated, and a referential has millions of rows. */
const WHOLE_NUMBER = /^\d{1,9}$/;

/** A column found in the header: its name (for issues) and position (for reading). */
export interface CsvColumn {
  readonly name: string;
  readonly index: number;
}

/**
 * The row being read, with typed getters that report a bad value (with the row's line and the
 * column's name) instead of throwing. A getter that fails marks the row `failed` and returns a
 * placeholder; the file reader drops a failed row after reading all its columns, so one row shows
 * every defect it has. One instance is reused for every row of a file: a referential has millions.
 *
 * Values are trimmed: leading and trailing spaces are never meaningful in these files.
 */
export class CsvRow {
  line = 0;
  failed = false;
  private cells: readonly string[] = [];

  constructor(
    readonly file: string,
    private readonly issues: IssueSink,
  ) {}

  reset(cells: readonly string[], line: number): void {
    this.cells = cells;
    this.line = line;
    this.failed = false;
  }

  /** Reports an issue on this row; `column` is a column or a composite-key label. */
  fail(column: CsvColumn | string, code: ReferentialIssueCode, reason: string): void {
    this.failed = true;
    this.issues.report(code, this.file, this.line, typeof column === 'string' ? column : column.name, reason);
  }

  raw(column: CsvColumn): string {
    return (this.cells[column.index] ?? '').trim();
  }

  /** Free text that must be present (a name). */
  text(column: CsvColumn, lengthMax: number): string {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
      return '';
    }
    return this.checkText(column, value, lengthMax);
  }

  /** Free text that may be empty (an e-mail address). */
  optionalText(column: CsvColumn, lengthMax: number): string {
    const value = this.raw(column);
    return value === '' ? '' : this.checkText(column, value, lengthMax);
  }

  /** A code with a fixed shape (an act code, a contract): present and matching `shape`. */
  code(column: CsvColumn, shape: RegExp, shapeLabel: string): string {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
      return '';
    }
    if (!shape.test(value)) {
      this.fail(column, 'TPLIQ_REF_BAD_VALUE', `"${value}" is not ${shapeLabel}`);
      return '';
    }
    return value;
  }

  date(column: CsvColumn): number {
    return this.required(column, parseIsoDate, 'TPLIQ_REF_BAD_DATE', 0);
  }

  /** Period end: empty means open-ended. */
  endDate(column: CsvColumn): number {
    return this.parsed(column, parseEndDate(this.raw(column)), 'TPLIQ_REF_BAD_DATE', 0);
  }

  /** A date that may be absent: empty → 0. */
  optionalDate(column: CsvColumn): number {
    const value = this.raw(column);
    return value === '' ? 0 : this.parsed(column, parseIsoDate(value), 'TPLIQ_REF_BAD_DATE', 0);
  }

  birthDate(column: CsvColumn): number {
    return this.required(column, parseBirthDate, 'TPLIQ_REF_BAD_DATE', 0);
  }

  flag(column: CsvColumn): boolean {
    return this.required(column, parseFlag, 'TPLIQ_REF_BAD_NUMBER', false);
  }

  /** A 0/1 flag in a column the file may leave out or leave empty: either way, false. */
  optionalFlag(column: CsvColumn | undefined): boolean {
    if (column === undefined) return false;
    const value = this.raw(column);
    return value === '' ? false : this.parsed(column, parseFlag(value), 'TPLIQ_REF_BAD_NUMBER', false);
  }

  choice<T extends string>(column: CsvColumn, allowed: readonly T[]): T {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'TPLIQ_REF_MISSING_VALUE', `a value is required: one of ${allowed.join(', ')}`);
      return allowed[0]!;
    }
    return this.parsed(column, parseEnum(value, allowed), 'TPLIQ_REF_BAD_ENUM', allowed[0]!);
  }

  periods(column: CsvColumn): ParsedPeriod[] {
    return this.parsed(column, parsePeriods(this.raw(column)), 'TPLIQ_REF_BAD_PERIOD', []);
  }

  /** A whole number written with digits only, within [min, max]. */
  integer(column: CsvColumn, min: number, max: number): number {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
      return 0;
    }
    const n = WHOLE_NUMBER.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
      this.fail(column, 'TPLIQ_REF_BAD_NUMBER', `"${value}" is not a whole number from ${min} to ${max}`);
      return 0;
    }
    return n;
  }

  private required<T>(column: CsvColumn, parser: (text: string) => Parsed<T>, code: ReferentialIssueCode, placeholder: T): T {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
      return placeholder;
    }
    return this.parsed(column, parser(value), code, placeholder);
  }

  private parsed<T>(column: CsvColumn, result: Parsed<T>, code: ReferentialIssueCode, placeholder: T): T {
    if (result.ok) return result.value;
    this.fail(column, code, result.reason);
    return placeholder;
  }

  private checkText(column: CsvColumn, value: string, lengthMax: number): string {
    // U+FFFD is what a Latin-1 (Windows) export turns into when read as UTF-8: say so, rather than
    // storing "Fran�ois" and paying a transfer labelled with it.
    if (value.includes('\uFFFD')) {
      this.fail(column, 'TPLIQ_REF_BAD_ENCODING', 'the text is not valid UTF-8 (a Latin-1 / Windows-1252 export?)');
      return '';
    }
    if (value.length > lengthMax) {
      this.fail(column, 'TPLIQ_REF_BAD_VALUE', `text longer than ${lengthMax} characters`);
      return '';
    }
    return value;
  }
}
