import type { CompiledField } from './compiled-layout.js';
import { BLANK, NOT_A_NUMBER } from './read-field.js';

const ZERO = 0x30;

/**
 * readDate's answer for digits that name no day under the field's order (month 13, 31 April,
 * 29 February of a common year): the order is the profile's, so such digits are a structural
 * error at their column, never re-read in another order or clamped to a nearby day.
 */
export const NOT_A_DAY = -3;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function lastDayOf(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Month 1–12 and a day of that month; a birth date may also be "lunar": day and/or month 00. */
function isDay(year: number, month: number, day: number, birth: boolean): boolean {
  if (birth && month === 0) return day <= 31;
  if (month < 1 || month > 12) return false;
  if (birth && day === 0) return true;
  return day >= 1 && day <= lastDayOf(year, month);
}

function twoDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] ?? 0) - ZERO;
  const b = (bytes[at + 1] ?? 0) - ZERO;
  if (a < 0 || a > 9 || b < 0 || b > 9) return NOT_A_NUMBER;
  return a * 10 + b;
}

/**
 * A 6- or 8-digit date as yyyymmdd, in the field's order (formats.md B5: the order of B2 6-digit
 * dates is not public, so it is a profile setting). All zeros → 0 (absent); blank → BLANK; a
 * non-digit → NOT_A_NUMBER; digits that are no day in that order → NOT_A_DAY ("lunar" birth
 * dates, day or month 00, are days for a birth field).
 *
 * A 6-digit date gets its century from the field's pivot. For a birth date that is only a first
 * reading: the invoice reader moves it to the century the date of care implies
 * (birthDateNotAfterCare), which a record read alone cannot know.
 */
export function readDate(bytes: Uint8Array, start: number, field: CompiledField): number {
  let blank = true;
  for (let i = start; i < start + field.length; i++) if (bytes[i] !== 0x20) blank = false;
  if (blank) return BLANK;
  let yy: number, mm: number, dd: number, cc = -1;
  switch (field.dateOrder) {
    case 'AAMMJJ': yy = twoDigits(bytes, start); mm = twoDigits(bytes, start + 2); dd = twoDigits(bytes, start + 4); break;
    case 'JJMMAA': dd = twoDigits(bytes, start); mm = twoDigits(bytes, start + 2); yy = twoDigits(bytes, start + 4); break;
    case 'SSAAMMJJ': cc = twoDigits(bytes, start); yy = twoDigits(bytes, start + 2); mm = twoDigits(bytes, start + 4); dd = twoDigits(bytes, start + 6); break;
    case 'JJMMSSAA': dd = twoDigits(bytes, start); mm = twoDigits(bytes, start + 2); cc = twoDigits(bytes, start + 4); yy = twoDigits(bytes, start + 6); break;
  }
  if (yy < 0 || mm < 0 || dd < 0 || (field.kind === 'D8' && cc < 0)) return NOT_A_NUMBER;
  if (field.kind === 'D6') {
    if (yy === 0 && mm === 0 && dd === 0) return 0;
    cc = yy < field.centuryPivot ? 20 : 19;
  } else if (cc === 0 && yy === 0 && mm === 0 && dd === 0) {
    return 0;
  }
  if (!isDay(cc * 100 + yy, mm, dd, field.birth)) return NOT_A_DAY;
  return ((cc * 100 + yy) * 100 + mm) * 100 + dd;
}

/**
 * A 6-digit birth date in the latest century that does not put it after the date of care: a
 * birth is never after the care it is billed for (born 02/01/27, cared for on 05/01/2027 → 2027;
 * born on the care day → that day). `birthYmd` is the date as first read, in any century; only
 * its six digits count. The six digits cannot tell a centenarian from a baby born the same day
 * a century later: the latest century is the baby's, and the beneficiary check is where a
 * referential entry a century earlier can still be recognised.
 */
export function birthDateNotAfterCare(birthYmd: number, careYmd: number): number {
  const sixDigits = birthYmd % 1_000_000;
  const careCentury = Math.floor(careYmd / 1_000_000) * 1_000_000;
  const sameCentury = careCentury + sixDigits;
  return sameCentury <= careYmd ? sameCentury : sameCentury - 1_000_000;
}

/** The digits a date is written as, or undefined when a 6-digit date cannot carry its century. */
export function writeDate(ymd: number, field: CompiledField): string | undefined {
  if (ymd === 0) return '0'.repeat(field.length);
  const year = Math.floor(ymd / 10000);
  const mm = String(Math.floor(ymd / 100) % 100).padStart(2, '0');
  const dd = String(ymd % 100).padStart(2, '0');
  const yy = String(year % 100).padStart(2, '0');
  const ss = String(Math.floor(year / 100)).padStart(2, '0');
  // A birth date's century comes back from the date of care (birthDateNotAfterCare), not the pivot.
  if (field.kind === 'D6' && !field.birth) {
    const expectedCentury = year % 100 < field.centuryPivot ? 20 : 19;
    if (Math.floor(year / 100) !== expectedCentury) return undefined;
  }
  switch (field.dateOrder) {
    case 'AAMMJJ': return yy + mm + dd;
    case 'JJMMAA': return dd + mm + yy;
    case 'SSAAMMJJ': return ss + yy + mm + dd;
    case 'JJMMSSAA': return dd + mm + ss + yy;
  }
}

export { BLANK, NOT_A_NUMBER };
