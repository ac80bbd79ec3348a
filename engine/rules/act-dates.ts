import { isValidYmd } from '../calendar/ymd.js';
import type { InvoiceLine } from '../domain/invoice.js';
import type { Period } from '../domain/referential.js';
import type { DateYmd } from '../domain/units.js';

/**
 * Date-of-care helpers shared by the checks. An invoice may span several days (a series of
 * kiné sessions): every check "at the date of care" holds for each act date, and a failure names
 * the earliest act date that fails. Lines without a valid date are skipped here: the mandatory
 * rubrics check reports them.
 */

const NO_DATE = 0 as DateYmd;

/** Earliest valid act date of the invoice, 0 when no line has one. */
export function earliestActDate(lines: readonly InvoiceLine[]): DateYmd {
  let earliest = NO_DATE;
  for (const line of lines) {
    if (isValidYmd(line.actDate) && (earliest === 0 || line.actDate < earliest)) earliest = line.actDate;
  }
  return earliest;
}

/** Latest valid act date of the invoice, 0 when no line has one. */
export function latestActDate(lines: readonly InvoiceLine[]): DateYmd {
  let latest = NO_DATE;
  for (const line of lines) {
    if (isValidYmd(line.actDate) && line.actDate > latest) latest = line.actDate;
  }
  return latest;
}

export const periodContains = (period: Period, date: DateYmd): boolean => period.from <= date && date <= period.to;

/** Earliest valid act date outside the period, 0 when every act date is inside. */
export function earliestActDateOutside(lines: readonly InvoiceLine[], period: Period): DateYmd {
  let earliest = NO_DATE;
  for (const line of lines) {
    const date = line.actDate;
    if (isValidYmd(date) && !periodContains(period, date) && (earliest === 0 || date < earliest)) earliest = date;
  }
  return earliest;
}

/** Earliest valid act date covered by none of the periods, 0 when every act date is covered. */
export function earliestActDateOutsideAll(lines: readonly InvoiceLine[], periods: readonly Period[]): DateYmd {
  let earliest = NO_DATE;
  for (const line of lines) {
    const date = line.actDate;
    if (!isValidYmd(date) || (earliest !== 0 && date >= earliest)) continue;
    let covered = false;
    for (const period of periods) {
      if (periodContains(period, date)) {
        covered = true;
        break;
      }
    }
    if (!covered) earliest = date;
  }
  return earliest;
}
