import { daysInMonth } from '../calendar/ymd.js';

/**
 * A receipt instant as the manifest writes it: ISO 8601 date and time with an explicit offset,
 * `2026-11-23T16:12:00+01:00` (seconds and milliseconds optional, `Z` for UTC). The offset is
 * required because a receipt time without one does not say which side of the 17:00 Paris cut-off
 * it falls. Parsed here rather than with Date.parse, which also takes other formats and rolls
 * impossible dates over (2026-02-30 becomes 2 March): a manifest typo must be an error, not
 * another day.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Offsets in use stretch from −12:00 to +14:00. */
const OFFSET_MINUTES_MAX = 14 * 60;

/** Epoch milliseconds of the instant (fractions below the millisecond dropped), or undefined when `text` is not one. */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
    if (Math.abs(offsetMinutes) > OFFSET_MINUTES_MAX) return undefined;
  }
  // Date.UTC maps years 0–99 to 1900–1999; setting the year afterwards keeps it as written.
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millisecond));
  utc.setUTCFullYear(year);
  return utc.getTime() - offsetMinutes * 60_000;
}
