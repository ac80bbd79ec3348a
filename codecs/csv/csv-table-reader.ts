import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'fast-csv';
import { CsvRow, type CsvColumn } from './csv-row.js';
import type { IssueSink } from './referential-issue.js';

/**
 * Reads one referential CSV file with fast-csv: UTF-8, `,` as separator, `"` as quote, a header
 * row naming the columns (any order, case-insensitive, extra columns ignored). Each data row is
 * handed to `onRow` with the 1-based physical line it starts on, so every issue points at the line
 * an operator opens in an editor: a quoted value spanning lines pushes the following lines down,
 * and blank lines are skipped but counted.
 *
 * `,` and not `;`: the files are machine exports (one separator, no guessing); a `;` file is caught
 * at the header, whose single column then matches none of the expected names.
 */

/** Bound on data rows per file: far above any operator (2 M beneficiaries is a big one). */
export const CSV_ROWS_MAX = 50_000_000;

export type CsvColumns<N extends string> = { readonly [K in N]: CsvColumn };

export interface CsvSource {
  /** Path to open. */
  readonly path: string;
  /** Name used in issues (`beneficiaries.csv`). */
  readonly file: string;
}

export interface CsvTableSummary {
  /** False when the file could not be read as a table (missing, unreadable, header incomplete). */
  readonly readable: boolean;
  /** Data rows seen (good and bad). */
  readonly rows: number;
  /** Lowercase hex SHA-256 of the file's bytes: provenance for the snapshot. */
  readonly sha256: string;
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Columns a file may leave out (a column added after operators had files without it): absent from
 * the header, the column is undefined and its getter answers the column's default.
 */
export type OptionalCsvColumns<O extends string> = { readonly [K in O]?: CsvColumn };

export function readCsvTable<N extends string, O extends string = never>(
  source: CsvSource,
  columnNames: readonly N[],
  issues: IssueSink,
  onRow: (row: CsvRow, columns: CsvColumns<N> & OptionalCsvColumns<O>) => void,
  optionalColumnNames: readonly O[] = [],
): Promise<CsvTableSummary> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    const row = new CsvRow(source.file, issues);
    let columns: (CsvColumns<N> & OptionalCsvColumns<O>) | undefined;
    let headerWidth = 0;
    let nextLine = 1;
    let rows = 0;
    let readable = true;
    let settled = false;

    const input = createReadStream(source.path);
    const parser = parse({ headers: false, ignoreEmpty: false, delimiter: ',', quote: '"' });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve({ readable, rows, sha256: hash.digest('hex') });
    };
    const abort = (code: 'TPLIQ_REF_UNREADABLE_FILE' | 'TPLIQ_REF_CSV_SYNTAX', line: number, reason: string): void => {
      if (settled) return;
      issues.report(code, source.file, line, '', reason);
      // Rows past the failure were not read: checks that refer to this file would only echo it.
      readable = false;
      input.destroy();
      parser.destroy();
      // The hash of a file not read to its end means nothing; the import fails anyway.
      finish();
    };

    input.on('data', (chunk) => hash.update(chunk));
    input.on('error', (error) => abort('TPLIQ_REF_UNREADABLE_FILE', 0, `cannot read the file: ${error.message}`));
    parser.on('error', (error: Error) =>
      // fast-csv stops at the first syntax error and does not say where; the row after the last
      // good one is where to look.
      abort('TPLIQ_REF_CSV_SYNTAX', nextLine, `CSV syntax error at or after this line: ${error.message}`),
    );
    parser.on('data', (cells: string[]) => {
      if (settled) return;
      const line = nextLine;
      nextLine += 1 + newlinesIn(cells);
      if (cells.length === 0 || (cells.length === 1 && cells[0]!.trim() === '')) return; // blank line
      if (columns === undefined) {
        columns = mapHeader(cells, columnNames, optionalColumnNames, source.file, line, issues);
        headerWidth = cells.length;
        if (columns === undefined) {
          readable = false;
          input.destroy();
          parser.destroy();
          finish();
        }
        return;
      }
      rows++;
      if (rows > CSV_ROWS_MAX) {
        issues.report('TPLIQ_REF_TOO_MANY_ROWS', source.file, line, '', `more than ${CSV_ROWS_MAX} data rows`);
        readable = false;
        input.destroy();
        parser.destroy();
        finish();
        return;
      }
      if (cells.length !== headerWidth) {
        issues.report(
          'TPLIQ_REF_COLUMN_COUNT',
          source.file,
          line,
          '',
          `${cells.length} fields where the header has ${headerWidth} (a separator inside an unquoted value?)`,
        );
        return;
      }
      row.reset(cells, line);
      onRow(row, columns);
    });
    parser.on('end', () => {
      if (columns === undefined && !settled) {
        issues.report('TPLIQ_REF_MISSING_COLUMN', source.file, 1, '', 'the file is empty: a header row is required');
        readable = false;
      }
      finish();
    });
    input.pipe(parser);
  });
}

function newlinesIn(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/** Column name → position, or undefined (with issues) when a required column is missing or doubled. */
function mapHeader<N extends string, O extends string>(
  cells: string[],
  columnNames: readonly N[],
  optionalColumnNames: readonly O[],
  file: string,
  line: number,
  issues: IssueSink,
): (CsvColumns<N> & OptionalCsvColumns<O>) | undefined {
  const positions = new Map<string, number>();
  let complete = true;
  cells.forEach((cell, index) => {
    const name = (index === 0 ? cell.replace(BYTE_ORDER_MARK, '') : cell).trim().toLowerCase();
    if (positions.has(name)) {
      issues.report('TPLIQ_REF_DUPLICATE_COLUMN', file, line, name, 'the column appears twice in the header');
      complete = false;
    }
    positions.set(name, index);
  });
  const columns: Partial<Record<N | O, CsvColumn>> = {};
  for (const name of columnNames) {
    const index = positions.get(name);
    if (index === undefined) {
      const hint = cells.length === 1 && cells[0]!.includes(';') ? ' (the separator is "," — this header uses ";")' : '';
      issues.report('TPLIQ_REF_MISSING_COLUMN', file, line, name, `required column "${name}" is not in the header${hint}`);
      complete = false;
    } else {
      columns[name] = { name, index };
    }
  }
  for (const name of optionalColumnNames) {
    const index = positions.get(name);
    if (index !== undefined) columns[name] = { name, index };
  }
  return complete ? (columns as CsvColumns<N> & OptionalCsvColumns<O>) : undefined;
}
