/**
 * One problem found in the operator's referential CSV files, as data: a stable code an operator
 * can grep for, the file, the 1-based physical line, the CSV column, and a reason in plain words.
 * The import collects every issue of every file before it fails, so one delivery shows all its
 * defects at once instead of one per attempt.
 */
export type ReferentialIssueCode =
  // files and structure
  | 'TPLIQ_REF_MISSING_FILE'
  | 'TPLIQ_REF_UNREADABLE_FILE'
  | 'TPLIQ_REF_CSV_SYNTAX'
  | 'TPLIQ_REF_MISSING_COLUMN'
  | 'TPLIQ_REF_DUPLICATE_COLUMN'
  | 'TPLIQ_REF_COLUMN_COUNT'
  | 'TPLIQ_REF_TOO_MANY_ROWS'
  | 'TPLIQ_REF_TOO_MANY_ISSUES'
  // one value
  | 'TPLIQ_REF_MISSING_VALUE'
  | 'TPLIQ_REF_BAD_ENCODING'
  | 'TPLIQ_REF_BAD_VALUE'
  | 'TPLIQ_REF_BAD_DATE'
  | 'TPLIQ_REF_BAD_NUMBER'
  | 'TPLIQ_REF_BAD_ENUM'
  | 'TPLIQ_REF_BAD_IDENTIFIER'
  | 'TPLIQ_REF_BAD_NIR'
  | 'TPLIQ_REF_BAD_NIR_KEY'
  | 'TPLIQ_REF_BAD_PERIOD'
  | 'TPLIQ_REF_EQUIPMENT_CLASS'
  // across rows and files
  | 'TPLIQ_REF_OVERLAPPING_PERIODS'
  | 'TPLIQ_REF_DUPLICATE_KEY'
  | 'TPLIQ_REF_UNKNOWN_AMC'
  | 'TPLIQ_REF_UNKNOWN_CONTRACT'
  | 'TPLIQ_REF_UNKNOWN_BENEFICIARY'
  | 'TPLIQ_REF_UNKNOWN_PRACTITIONER';

export interface ReferentialIssue {
  readonly code: ReferentialIssueCode;
  /** File name inside the delivery folder (`beneficiaries.csv`), not a full path: messages stay stable. */
  readonly file: string;
  /** 1-based physical line; 1 is the header; 0 when the issue is about the whole file. */
  readonly line: number;
  /** CSV column name, or several joined by '+' for a composite key; '' when about a whole row. */
  readonly column: string;
  readonly reason: string;
}

/** `TPLIQ_REF_BAD_NIR_KEY beneficiaries.csv:12 [nir_key]: NIR key 07 does not match …` */
export function formatReferentialIssue(issue: ReferentialIssue): string {
  const place = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  const column = issue.column === '' ? '' : ` [${issue.column}]`;
  return `${issue.code} ${place}${column}: ${issue.reason}`;
}

/**
 * Most issues kept per file. A file whose every row is wrong (wrong separator, shifted columns)
 * would otherwise produce millions of identical issues; past the bound, one TOO_MANY_ISSUES issue
 * says how many more there were.
 */
export const ISSUES_PER_FILE_MAX = 10_000;

/** Where readers put what they find. Keeps per-file bounds and a stable final order. */
export class IssueSink {
  private readonly kept: ReferentialIssue[] = [];
  private readonly perFile = new Map<string, number>();
  private readonly fileOrder = new Map<string, number>();

  report(code: ReferentialIssueCode, file: string, line: number, column: string, reason: string): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
    const count = (this.perFile.get(file) ?? 0) + 1;
    this.perFile.set(file, count);
    if (count <= ISSUES_PER_FILE_MAX) this.kept.push({ code, file, line, column, reason });
  }

  /** Total issues found, including those past the per-file bound. */
  get count(): number {
    let total = 0;
    for (const n of this.perFile.values()) total += n;
    return total;
  }

  countIn(file: string): number {
    return this.perFile.get(file) ?? 0;
  }

  /**
   * Every kept issue, by file (in the order files were first reported on), then line, column and
   * code: cross-row checks run after a file is read, and the final order must not depend on that.
   */
  issues(): ReferentialIssue[] {
    const sorted = [...this.kept].sort(
      (a, b) =>
        a.line - b.line || compareText(a.column, b.column) || compareText(a.code, b.code) || compareText(a.reason, b.reason),
    );
    const ordered: ReferentialIssue[] = [];
    for (const [file] of [...this.fileOrder].sort((a, b) => a[1] - b[1])) {
      for (const issue of sorted) if (issue.file === file) ordered.push(issue);
      const count = this.countIn(file);
      if (count > ISSUES_PER_FILE_MAX) {
        ordered.push({
          code: 'TPLIQ_REF_TOO_MANY_ISSUES',
          file,
          line: 0,
          column: '',
          reason: `${count - ISSUES_PER_FILE_MAX} more issues in this file were not listed (bound ${ISSUES_PER_FILE_MAX} per file)`,
        });
      }
    }
    return ordered;
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
