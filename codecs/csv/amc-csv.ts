import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import { AMC_NUMBER_SHAPE, NAME_LENGTH_MAX, padAmcNumber } from './referential-shapes.js';

/** `amc.csv`: the complementary insurers the operator pays for (protocol annexe A). */
export const AMC_CSV_COLUMNS = ['amc_number', 'name'] as const;

export interface AmcCsvRow {
  line: number;
  /** 10 digits, zero-filled on the left. */
  amcNumber: string;
  name: string;
}

export function readAmcCsv(source: CsvSource, issues: IssueSink, onRow: (row: AmcCsvRow) => void): Promise<CsvTableSummary> {
  return readCsvTable(source, AMC_CSV_COLUMNS, issues, (row, col) => {
    const amcNumber = padAmcNumber(row.code(col.amc_number, AMC_NUMBER_SHAPE, 'an AMC number of 1 to 10 digits'));
    const name = row.text(col.name, NAME_LENGTH_MAX);
    if (!row.failed) onRow({ line: row.line, amcNumber, name });
  });
}
