import type { DateYmd } from '../domain/units.js';
import { daysInMonth, partsOfYmd, ymdFromParts } from './ymd.js';

/**
 * A calendar month, the period of the paper channel's monthly notice (protocol §8-3): its days
 * are the yyyymmdd integers from `firstDay` to `lastDay`, so a range on a DateYmd column selects
 * the month without a calendar in the SQL.
 */
export interface CalendarMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
}

export const monthOfDate = (date: DateYmd): CalendarMonth => {
  const { year, month } = partsOfYmd(date);
  return { year, month };
};

export const firstDayOfMonth = (m: CalendarMonth): DateYmd => ymdFromParts(m.year, m.month, 1);

export const lastDayOfMonth = (m: CalendarMonth): DateYmd => ymdFromParts(m.year, m.month, daysInMonth(m.year, m.month));

/** aaaamm: the month's folder name among the notices. */
export const compactMonth = (m: CalendarMonth): string => `${String(m.year).padStart(4, '0')}${String(m.month).padStart(2, '0')}`;

/** aaaa-mm: the month as the command line takes it. */
export const isoMonth = (m: CalendarMonth): string => `${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`;

const FRENCH_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;

/** « novembre 2026 »: the month as the notice names it. */
export const frenchMonth = (m: CalendarMonth): string => `${FRENCH_MONTHS[m.month - 1] ?? '?'} ${m.year}`;

/** The month an aaaa-mm text names (years 1–9999); undefined when it is not one. */
export function parseIsoMonth(text: string): CalendarMonth | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= 1 && month >= 1 && month <= 12 ? { year, month } : undefined;
}
