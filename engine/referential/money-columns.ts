import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { parseEuros } from '../money/euros.js';
import { MoneyParseError } from '../money/money-error.js';
import { parseRate } from '../money/rate.js';

/**
 * Rate and amount columns of the referential, parsed by engine/money (the one place money text
 * is read: decimal.js for rates, string surgery for euros). A bad value becomes an issue with the
 * row's place; the snapshot stores 32-bit integers, so amounts are bounded to what one holds.
 */

/** Largest amount a snapshot column holds: 21 474 836.47 €, far above any guarantee or PEC. */
const CENTS_MAX = 2 ** 31 - 1;

export interface MoneyCell {
  file: string;
  line: number;
  column: string;
  text: string;
}

/** RatePpm of a decimal percent ("90.5" → 905 000); 0 for an empty cell; undefined when bad (reported). */
export function rateCell(cell: MoneyCell, issues: IssueSink): number | undefined {
  if (cell.text === '') return 0;
  try {
    return parseRate(cell.text);
  } catch (error) {
    if (!(error instanceof MoneyParseError)) throw error;
    issues.report('TPLIQ_REF_BAD_NUMBER', cell.file, cell.line, cell.column, `${error.message} (rate in percent, e.g. 100 or 90.5)`);
    return undefined;
  }
}

/** Cents of a euro amount ("25.5" → 2550); 0 for an empty cell; undefined when bad (reported). */
export function centsCell(cell: MoneyCell, issues: IssueSink): number | undefined {
  if (cell.text === '') return 0;
  let cents: number;
  try {
    cents = parseEuros(cell.text);
  } catch (error) {
    if (!(error instanceof MoneyParseError)) throw error;
    issues.report('TPLIQ_REF_BAD_NUMBER', cell.file, cell.line, cell.column, `${error.message} (euros with "." and up to 2 decimals)`);
    return undefined;
  }
  if (cents < 0 || cents > CENTS_MAX) {
    issues.report('TPLIQ_REF_BAD_NUMBER', cell.file, cell.line, cell.column, `"${cell.text}" must be from 0 to ${CENTS_MAX / 100} euros`);
    return undefined;
  }
  return cents;
}
