import type { DateYmd } from '../domain/units.js';

/**
 * Calendar arithmetic on DateYmd (the integer yyyymmdd). Every computation goes through a day
 * number — days since 1970-01-01, proleptic Gregorian — so there is no Date object, no time zone
 * and no clock: the same inputs always give the same day, on any machine, in any TZ.
 *
 * Days are limited to years 1–9999, so formatIso/formatFr always print 4 year digits and a DateYmd
 * always has at most 8 digits. Building a day outside that range, or from impossible parts, is a
 * programmer error and throws; parsing text is input and answers undefined instead.
 */

export interface YmdParts {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const YEAR_MIN = 1;
const YEAR_MAX = 9999;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const days = DAYS_IN_MONTH[month - 1];
  if (days === undefined) throw new RangeError(`month ${month} is not 1–12`);
  return days;
}

function partsAreValid(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= YEAR_MIN &&
    year <= YEAR_MAX &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True when `value` is a yyyymmdd integer naming a real day of years 1–9999. */
export function isValidYmd(value: number): value is DateYmd {
  if (!Number.isInteger(value) || value < 0) return false;
  return partsAreValid(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
}

function assertValidYmd(value: number): void {
  if (!isValidYmd(value)) throw new RangeError(`${value} is not a valid yyyymmdd day`);
}

export function ymdFromParts(year: number, month: number, day: number): DateYmd {
  if (!partsAreValid(year, month, day)) {
    throw new RangeError(`${year}-${month}-${day} is not a valid day of years ${YEAR_MIN}–${YEAR_MAX}`);
  }
  return (year * 10000 + month * 100 + day) as DateYmd;
}

export function partsOfYmd(date: DateYmd): YmdParts {
  assertValidYmd(date);
  return { year: Math.floor(date / 10000), month: Math.floor(date / 100) % 100, day: date % 100 };
}

/*
 * Day numbers. The year is counted from 1 March, so the leap day falls at the end of the
 * counted year and month lengths from March repeat with a 5-month pattern (153 days per 5 months);
 * a 400-year cycle has exactly 146 097 days. These are the civil-from-days identities described by
 * H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"; 719 468 is the day number of
 * 0000-03-01 counted back from 1970-01-01.
 */
const DAYS_PER_400_YEARS = 146_097;
const EPOCH_SHIFT_DAYS = 719_468;

/** Days since 1970-01-01 (negative before). */
export function dayNumberOfYmd(date: DateYmd): number {
  assertValidYmd(date);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  const marchYear = Math.floor(date / 10000) - (month <= 2 ? 1 : 0);
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_400_YEARS + dayOfEra - EPOCH_SHIFT_DAYS;
}

/** The day `dayNumber` days after 1970-01-01. */
export function ymdOfDayNumber(dayNumber: number): DateYmd {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number ${dayNumber} is not an integer`);
  const shifted = dayNumber + EPOCH_SHIFT_DAYS;
  const era = Math.floor(shifted / DAYS_PER_400_YEARS);
  const dayOfEra = shifted - era * DAYS_PER_400_YEARS;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return ymdFromParts(year, month, day);
}

export function addDays(date: DateYmd, days: number): DateYmd {
  if (!Number.isInteger(days)) throw new RangeError(`cannot add ${days} days`);
  return ymdOfDayNumber(dayNumberOfYmd(date) + days);
}

/**
 * Calendar months; a day that does not exist in the target month is clamped to its last day
 * (31 Jan + 1 month = 28 or 29 Feb), the usual reading of "one month after" in contracts.
 */
export function addMonths(date: DateYmd, months: number): DateYmd {
  if (!Number.isInteger(months)) throw new RangeError(`cannot add ${months} months`);
  const { year, month, day } = partsOfYmd(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < YEAR_MIN || targetYear > YEAR_MAX) {
    throw new RangeError(`${date} + ${months} months leaves years ${YEAR_MIN}–${YEAR_MAX}`);
  }
  return ymdFromParts(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** ISO weekday of a day number (1970-01-01, day 0, was a Thursday). */
export const dayOfWeekOfDayNumber = (dayNumber: number): IsoWeekday =>
  ((((dayNumber + 3) % 7) + 7) % 7 + 1) as IsoWeekday;

export const dayOfWeek = (date: DateYmd): IsoWeekday => dayOfWeekOfDayNumber(dayNumberOfYmd(date));

/** Signed number of days from `from` to `to` (to − from): 0 for the same day, 1 for the next. */
export const daysBetween = (from: DateYmd, to: DateYmd): number => dayNumberOfYmd(to) - dayNumberOfYmd(from);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** jj/mm/aaaa, the form French labels and the PS's statements use. */
export function formatFr(date: DateYmd): string {
  const { year, month, day } = partsOfYmd(date);
  return `${pad2(day)}/${pad2(month)}/${String(year).padStart(4, '0')}`;
}

/** aaaa-mm-jj (ISO 8601 calendar date), the form of the SEPA XML and the run parameters. */
export function formatIso(date: DateYmd): string {
  const { year, month, day } = partsOfYmd(date);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day an ISO aaaa-mm-jj text names; undefined when it is not one (2026-02-30 included). */
export function parseIso(text: string): DateYmd | undefined {
  const match = ISO_DAY.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return partsAreValid(year, month, day) ? ((year * 10000 + month * 100 + day) as DateYmd) : undefined;
}
