import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import { CODE_SHAPE, CODE_SHAPE_LABEL, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL } from './referential-shapes.js';

/**
 * `limits.csv` (optional): the ceilings of a contract per beneficiary and period (rules.md §2.9):
 * an amount and / or a number of acts over a calendar year, a year of membership, or N rolling
 * years. One row per guarantee (contract, domain); rows of one contract that name the same
 * `limit_id` share one counter (a ceiling on a group of guarantees). Effective-dated.
 */
export const LIMIT_CSV_COLUMNS = ['contract', 'domain', 'limit_id', 'amount', 'count', 'period', 'years', 'valid_from', 'valid_to'] as const;

export const LIMIT_PERIODS = ['CALENDAR_YEAR', 'MEMBERSHIP_YEAR', 'ROLLING_YEARS'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

/** A rolling period longer than this is a typing error (the longest regulated one is 4 years). */
export const ROLLING_YEARS_MAX = 10;
/** Acts per period: more than this is no ceiling anyone would write. */
export const LIMIT_COUNT_MAX = 10_000;

export interface LimitCsvRow {
  line: number;
  contract: string;
  domain: string;
  limitId: string;
  /** As written, '' when the limit has no amount ceiling: parsed by engine/money. */
  amountText: string;
  /** 0 when the limit has no count ceiling. */
  count: number;
  period: LimitPeriod;
  /** For ROLLING_YEARS; 0 otherwise. */
  years: number;
  validFrom: number;
  validTo: number;
}

export function readLimitsCsv(source: CsvSource, issues: IssueSink, onRow: (row: LimitCsvRow) => void): Promise<CsvTableSummary> {
  return readCsvTable(source, LIMIT_CSV_COLUMNS, issues, (row, col) => {
    const contract = row.code(col.contract, CODE_SHAPE, CODE_SHAPE_LABEL);
    const domain = row.code(col.domain, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL);
    const limitId = row.code(col.limit_id, CODE_SHAPE, CODE_SHAPE_LABEL);
    const amountText = row.raw(col.amount);
    const count = row.raw(col.count) === '' ? 0 : row.integer(col.count, 1, LIMIT_COUNT_MAX);
    if (amountText === '' && row.raw(col.count) === '') row.fail(col.amount, 'TPLIQ_REF_MISSING_VALUE', 'a limit needs an amount, a count or both');
    const period = row.choice(col.period, LIMIT_PERIODS);
    let years = 0;
    if (period === 'ROLLING_YEARS') years = row.integer(col.years, 1, ROLLING_YEARS_MAX);
    else if (row.raw(col.years) !== '') row.fail(col.years, 'TPLIQ_REF_BAD_VALUE', 'years is for a ROLLING_YEARS period only');
    const validFrom = row.date(col.valid_from);
    const validTo = row.endDate(col.valid_to);
    if (validFrom !== 0 && validTo !== 0 && validTo < validFrom) row.fail(col.valid_to, 'TPLIQ_REF_BAD_PERIOD', 'the limit ends before it starts');
    if (row.failed) return;
    onRow({ line: row.line, contract, domain, limitId, amountText, count, period, years, validFrom, validTo });
  });
}
