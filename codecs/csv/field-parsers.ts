/**
 * Text → value for the referential CSV columns. Pure functions: each returns the value, or a
 * reason string when the text is not one (the caller adds file, line and column). Kept apart from
 * the row reader so that they can be tested and reused without a file.
 */

/** A date field left empty at the end of a period means "open": stored as the last day (domain convention). */
export const OPEN_END_YMD = 99991231;

/** Earliest year a referential date may carry: older is a typing error (a birth date is checked apart). */
const YEAR_MIN = 1900;
const YEAR_MAX = 9999;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** "2026-03-01" → 20260301. A real calendar day between 1900 and 9999. */
export function parseIsoDate(text: string): Parsed<number> {
  const match = ISO_DATE.exec(text);
  if (match === null) return fail(`"${text}" is not a date written yyyy-mm-dd`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < YEAR_MIN || year > YEAR_MAX) return fail(`"${text}": year outside ${YEAR_MIN}–${YEAR_MAX}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(`"${text}" is not a day of the calendar`);
  }
  return ok((year * 100 + month) * 100 + day);
}

/**
 * A birth date, where "lunar" dates exist (rules.md §3.2: people born abroad whose exact day or
 * month is unknown are registered with 00, and some registered dates do not exist in the calendar).
 * So month 00–12 and day 00–31 are accepted without a calendar check; the value is still the
 * integer yyyymmdd ("1985-00-00" → 19850000) and compares against the invoice's birth date as is.
 */
export function parseBirthDate(text: string): Parsed<number> {
  const match = ISO_DATE.exec(text);
  // A birth date is health data: the reasons describe the value, never repeat it (the place is given).
  if (match === null) return fail('not a birth date written yyyy-mm-dd');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1800 || year > YEAR_MAX) return fail(`birth year outside 1800–${YEAR_MAX}`);
  if (month > 12 || day > 31) return fail('birth date: month must be 00–12 and day 00–31');
  return ok((year * 100 + month) * 100 + day);
}

/** The end of a period: empty → open-ended (99991231), else a date. */
export const parseEndDate = (text: string): Parsed<number> => (text === '' ? ok(OPEN_END_YMD) : parseIsoDate(text));

/** "0" / "1" only: a yes/no column is never "oui", "true" or "x", so a shifted column is caught. */
export function parseFlag(text: string): Parsed<boolean> {
  if (text === '0') return ok(false);
  if (text === '1') return ok(true);
  return fail(`"${text}" is not 0 or 1`);
}

/** Index of the text among the allowed values (exact, case-sensitive). */
export function parseEnum<T extends string>(text: string, allowed: readonly T[]): Parsed<T> {
  const found = allowed.find((value) => value === text);
  return found === undefined ? fail(`"${text}" is not one of ${allowed.join(', ')}`) : ok(found);
}

export interface ParsedPeriod {
  from: number;
  /** Inclusive; OPEN_END_YMD when open-ended. */
  to: number;
}

/**
 * Rights periods: `from..to` pieces joined by '|', an empty `to` meaning open-ended
 * ("2026-01-01..2026-06-30|2026-09-01.."). Empty text is no period at all (rights closed).
 * Pieces come back sorted by start; overlapping pieces are refused, since "which period holds on
 * that day" must have one answer. Touching pieces (one ends the day before the next begins) are fine.
 */
export function parsePeriods(text: string): Parsed<ParsedPeriod[]> {
  if (text === '') return ok([]);
  const periods: ParsedPeriod[] = [];
  for (const rawPiece of text.split('|')) {
    const piece = rawPiece.trim();
    const separator = piece.indexOf('..');
    if (separator < 0) return fail(`period "${piece}" is not written from..to (to may be empty)`);
    const from = parseIsoDate(piece.slice(0, separator).trim());
    if (!from.ok) return fail(`period "${piece}": start ${from.reason}`);
    const to = parseEndDate(piece.slice(separator + 2).trim());
    if (!to.ok) return fail(`period "${piece}": end ${to.reason}`);
    if (to.value < from.value) return fail(`period "${piece}" ends before it starts`);
    periods.push({ from: from.value, to: to.value });
  }
  periods.sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < periods.length; i++) {
    const previous = periods[i - 1]!;
    const current = periods[i]!;
    if (current.from <= previous.to) {
      return fail(`periods overlap: ${formatYmd(previous.from)}..${formatYmd(previous.to)} and ${formatYmd(current.from)}..`);
    }
  }
  return ok(periods);
}

/** 20260301 → "2026-03-01" (open end written as 9999-12-31), for messages. */
export function formatYmd(ymd: number): string {
  const text = String(ymd).padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
