import type { CompiledField } from './compiled-layout.js';
import { BLANK, NOT_A_NUMBER } from './read-field.js';

const ZERO = 0x30;

function twoDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] ?? 0) - ZERO;
  const b = (bytes[at + 1] ?? 0) - ZERO;
  if (a < 0 || a > 9 || b < 0 || b > 9) return NOT_A_NUMBER;
  return a * 10 + b;
}

/**
 * A 6- or 8-digit date as yyyymmdd, in the field's order (formats.md B5: the order of B2 6-digit
 * dates is not public, so it is a profile setting). All zeros → 0 (absent); blank → BLANK.
 * Day and month are not range-checked here: "lunar" birth dates (month 00) exist and the rules,
 * not the codec, decide what a date means.
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
  return ((cc * 100 + yy) * 100 + mm) * 100 + dd;
}

/** The digits a date is written as, or undefined when a 6-digit date cannot carry its century. */
export function writeDate(ymd: number, field: CompiledField): string | undefined {
  if (ymd === 0) return '0'.repeat(field.length);
  const year = Math.floor(ymd / 10000);
  const mm = String(Math.floor(ymd / 100) % 100).padStart(2, '0');
  const dd = String(ymd % 100).padStart(2, '0');
  const yy = String(year % 100).padStart(2, '0');
  const ss = String(Math.floor(year / 100)).padStart(2, '0');
  if (field.kind === 'D6') {
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
