import type { AmcCsvRow } from '../../codecs/csv/amc-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { compareText, sortedUnique } from './sorted-unique.js';

/** The AMC list, sorted by number, and each number's position (beneficiaries and PECs refer to it). */
export interface AmcTable {
  readonly rows: readonly AmcCsvRow[];
  readonly indexOf: ReadonlyMap<string, number>;
}

export function buildAmcTable(rows: AmcCsvRow[], file: string, issues: IssueSink): AmcTable {
  const unique = sortedUnique(
    rows,
    (a, b) => compareText(a.amcNumber, b.amcNumber),
    (duplicate, original) =>
      issues.report('TPLIQ_REF_DUPLICATE_KEY', file, duplicate.line, 'amc_number', `AMC ${duplicate.amcNumber} is already on line ${original.line}`),
  );
  return { rows: unique, indexOf: new Map(unique.map((row, index) => [row.amcNumber, index])) };
}
