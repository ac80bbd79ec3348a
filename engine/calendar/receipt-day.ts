import type { DateYmd } from '../domain/units.js';
import { businessDayOnOrAfter, nextBusinessDay, type CalendarKind } from './banking-calendar.js';
import type { PaymentTermChannel } from './due-date.js';
import { ymdOfDayNumber } from './ymd.js';

/**
 * The 17:00 cut-off (protocol §9-1, rules.md §4.4 as corrected): a dematerialised invoice "reçue
 * après 17 heures" — strictly after 17:00:00 — counts as received on the next business day.
 * "17:00" is Paris wall-clock time, so the receipt instant (epoch milliseconds, UTC — a file's
 * arrival time) is first turned into the Europe/Paris date and time, summer time included.
 *
 * Dematerialised (EDI): D0 = the Paris date if it is a business day and the time is 17:00:00.000
 * or earlier, otherwise the next business day; 17:00:00.001 is after the cut-off.
 * Paper (protocol §8-2) states no cut-off: D0 = the Paris receipt date, or the next business day
 * when that day is closed, whatever the hour.
 *
 * Determinism: the result depends only on the instant and on the tz database built into Node's ICU
 * — the same Node version gives the same days. No clock is read.
 */

export const DEFAULT_CUTOFF_MINUTES = 17 * 60;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 24 * 60;

/** The Europe/Paris wall clock at one instant. */
export interface ParisWallClock {
  readonly date: DateYmd;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Minutes since local midnight, 0–1439. */
  readonly minutesOfDay: number;
  /** Milliseconds since local midnight: what the cut-off compares, so 17:00:00.001 is after 17:00. */
  readonly millisecondOfDay: number;
  /** Offset from UTC in minutes: 60 in winter (CET), 120 in summer (CEST). */
  readonly offsetMinutes: number;
}

// hourCycle 'h23' rather than hour12: false, which some ICU versions render as "24" at midnight.
const PARIS_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Paris offset (ms) at an instant, read from ICU: local wall time as if UTC, minus the instant. */
function parisOffsetMsFromIcu(epochMs: number): number {
  const wholeSecondMs = Math.floor(epochMs / MS_PER_SECOND) * MS_PER_SECOND;
  const fields: Record<string, number> = {};
  for (const part of PARIS_FORMAT.formatToParts(wholeSecondMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = fields;
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    throw new Error('Intl.DateTimeFormat did not give every date-time field for Europe/Paris');
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecondMs;
}

/*
 * formatToParts costs microseconds, and a run asks about many instants close together. Paris
 * changes offset at 01:00 UTC, on the hour, so within one UTC hour the offset is constant: we keep
 * the last hour's offset. An hour is cached only when its first and last millisecond agree, so an
 * odd historical change in mid-hour is never papered over.
 */
let cachedUtcHour = Number.NaN;
let cachedOffsetMs = 0;

function parisOffsetMs(epochMs: number): number {
  const utcHour = Math.floor(epochMs / MS_PER_HOUR);
  if (utcHour === cachedUtcHour) return cachedOffsetMs;
  const hourStartMs = utcHour * MS_PER_HOUR;
  const offsetAtStart = parisOffsetMsFromIcu(hourStartMs);
  const offsetAtEnd = parisOffsetMsFromIcu(hourStartMs + MS_PER_HOUR - 1);
  if (offsetAtStart !== offsetAtEnd) return parisOffsetMsFromIcu(epochMs);
  cachedUtcHour = utcHour;
  cachedOffsetMs = offsetAtStart;
  return offsetAtStart;
}

export function parisWallClock(epochMs: number): ParisWallClock {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`receipt instant ${epochMs} is not integer epoch ms`);
  const offsetMs = parisOffsetMs(epochMs);
  const localMs = epochMs + offsetMs;
  const dayNumber = Math.floor(localMs / MS_PER_DAY);
  const msOfDay = localMs - dayNumber * MS_PER_DAY;
  const minutesOfDay = Math.floor(msOfDay / MS_PER_MINUTE);
  return {
    date: ymdOfDayNumber(dayNumber),
    hour: Math.floor(minutesOfDay / 60),
    minute: minutesOfDay % 60,
    second: Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND),
    minutesOfDay,
    millisecondOfDay: msOfDay,
    offsetMinutes: offsetMs / MS_PER_MINUTE,
  };
}

/**
 * D0, the day a receipt counts from for payment terms. `channel` is how the file came: the cut-off
 * belongs to the dematerialised channel only (EDI), a paper file counts from its receipt date.
 */
export function receiptDay(
  epochMs: number,
  channel: PaymentTermChannel,
  kind: CalendarKind,
  cutoffMinutes: number = DEFAULT_CUTOFF_MINUTES,
): DateYmd {
  if (!Number.isInteger(cutoffMinutes) || cutoffMinutes < 0 || cutoffMinutes > MINUTES_PER_DAY) {
    throw new RangeError(`cut-off ${cutoffMinutes} is not a number of minutes within a day`);
  }
  const { date, millisecondOfDay } = parisWallClock(epochMs);
  if (channel === 'PAPER') return businessDayOnOrAfter(date, kind);
  const afterCutoff = millisecondOfDay > cutoffMinutes * MS_PER_MINUTE;
  return afterCutoff ? nextBusinessDay(date, kind) : businessDayOnOrAfter(date, kind);
}
