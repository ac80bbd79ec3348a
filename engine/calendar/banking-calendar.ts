import type { DateYmd } from '../domain/units.js';
import { frenchPublicHolidays } from './french-public-holidays.js';
import { targetClosingDays } from './target-closing-days.js';
import { dayNumberOfYmd, dayOfWeekOfDayNumber, isLeapYear, ymdFromParts, ymdOfDayNumber } from './ymd.js';

/**
 * Banking days ("jours ouvrés bancaires") for payment terms (rules.md §4.4, §4.5).
 *
 * - TARGET: weekdays that are not TARGET closing days — the days interbank SEPA transfers settle.
 * - TARGET_AND_FR: weekdays that are neither TARGET closing days nor French public holidays. The
 *   default: the protocol does not say which calendar "jours ouvrés bancaires" means, and the union
 *   never promises a payment on a day a French back office may be shut (rules.md §8 point 5).
 */
export type CalendarKind = 'TARGET' | 'TARGET_AND_FR';

export const DEFAULT_CALENDAR_KIND: CalendarKind = 'TARGET_AND_FR';

/** More banking days than any payment term or deadline (≈ 40 years): a larger count is a bug. */
const BUSINESS_DAYS_STEP_MAX = 10_000;

/**
 * One year of one calendar, as a byte per day (1 = closed), indexed from 1 January. Payment terms
 * are computed once per invoice, so each year's holidays (Easter arithmetic, sorting) are worked
 * out once and every later question is an array read. The caches are bounded by the years that
 * exist (1583–9999) — in practice a handful.
 */
interface YearCalendar {
  readonly firstDayNumber: number;
  readonly closed: Uint8Array;
}

const yearCalendars: Record<CalendarKind, Map<number, YearCalendar>> = {
  TARGET: new Map(),
  TARGET_AND_FR: new Map(),
};

function buildYearCalendar(year: number, kind: CalendarKind): YearCalendar {
  const firstDayNumber = dayNumberOfYmd(ymdFromParts(year, 1, 1));
  const closed = new Uint8Array(isLeapYear(year) ? 366 : 365);
  for (let index = 0; index < closed.length; index++) {
    if (dayOfWeekOfDayNumber(firstDayNumber + index) >= 6) closed[index] = 1;
  }
  const holidays = kind === 'TARGET' ? targetClosingDays(year) : [...targetClosingDays(year), ...frenchPublicHolidays(year)];
  for (const holiday of holidays) closed[dayNumberOfYmd(holiday) - firstDayNumber] = 1;
  return { firstDayNumber, closed };
}

function yearCalendar(year: number, kind: CalendarKind): YearCalendar {
  const cache = yearCalendars[kind];
  let calendar = cache.get(year);
  if (calendar === undefined) {
    calendar = buildYearCalendar(year, kind);
    cache.set(year, calendar);
  }
  return calendar;
}

/**
 * Walks day numbers one at a time and says whether each is a business day, keeping the current
 * year's calendar at hand so that a walk across New Year changes table once.
 */
class BusinessDayCursor {
  private calendar: YearCalendar;
  private year: number;

  constructor(
    private readonly kind: CalendarKind,
    date: DateYmd,
  ) {
    this.year = Math.floor(date / 10000);
    this.calendar = yearCalendar(this.year, kind);
  }

  isBusinessDay(dayNumber: number): boolean {
    while (dayNumber < this.calendar.firstDayNumber) this.moveToYear(this.year - 1);
    while (dayNumber >= this.calendar.firstDayNumber + this.calendar.closed.length) this.moveToYear(this.year + 1);
    return this.calendar.closed[dayNumber - this.calendar.firstDayNumber] === 0;
  }

  private moveToYear(year: number): void {
    this.year = year;
    this.calendar = yearCalendar(year, this.kind);
  }
}

export function isBusinessDay(date: DateYmd, kind: CalendarKind): boolean {
  const dayNumber = dayNumberOfYmd(date); // validates the day before any year table is built
  const calendar = yearCalendar(Math.floor(date / 10000), kind);
  return calendar.closed[dayNumber - calendar.firstDayNumber] === 0;
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: DateYmd, kind: CalendarKind): DateYmd {
  return addBusinessDays(date, 1, kind);
}

/** `date` itself when it is a business day, otherwise the next one. */
export function businessDayOnOrAfter(date: DateYmd, kind: CalendarKind): DateYmd {
  return isBusinessDay(date, kind) ? date : addBusinessDays(date, 1, kind);
}

/**
 * The day reached by counting `businessDays` business days from `date`, not counting `date`
 * itself: +1 is the next business day, −1 the previous one, 0 is `date` unchanged (business day
 * or not). So Friday + 1 = Monday, and Saturday + 1 = Monday too.
 */
export function addBusinessDays(date: DateYmd, businessDays: number, kind: CalendarKind): DateYmd {
  if (!Number.isInteger(businessDays) || Math.abs(businessDays) > BUSINESS_DAYS_STEP_MAX) {
    throw new RangeError(`business day count ${businessDays} is not an integer within ±${BUSINESS_DAYS_STEP_MAX}`);
  }
  const cursor = new BusinessDayCursor(kind, date);
  const step = businessDays >= 0 ? 1 : -1;
  let dayNumber = dayNumberOfYmd(date);
  for (let remaining = Math.abs(businessDays); remaining > 0; ) {
    dayNumber += step;
    if (cursor.isBusinessDay(dayNumber)) remaining--;
  }
  return ymdOfDayNumber(dayNumber);
}
