import type { DateYmd } from '../domain/units.js';
import { easterSunday } from './easter.js';
import { addDays, ymdFromParts } from './ymd.js';

/**
 * French public holidays (jours fériés, Code du travail L3133-1; rules.md §4.5): 1 January, Easter
 * Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday (Easter + 50), 14 July, 15 August,
 * 1 November, 11 November, 25 December. Sorted by date.
 *
 * Whit Monday stays in although it is often the "journée de solidarité": banks' back offices are
 * closed on it, and the conservative calendar is the one that never promises too early.
 * Alsace-Moselle's extra days (Good Friday, 26 December) are not national; both are TARGET closing
 * days anyway, so the union calendar already covers them.
 */
export function frenchPublicHolidays(year: number): readonly DateYmd[] {
  const easter = easterSunday(year);
  return [
    ymdFromParts(year, 1, 1),
    addDays(easter, 1), // lundi de Pâques
    ymdFromParts(year, 5, 1),
    ymdFromParts(year, 5, 8),
    addDays(easter, 39), // Ascension
    addDays(easter, 50), // lundi de Pentecôte
    ymdFromParts(year, 7, 14),
    ymdFromParts(year, 8, 15),
    ymdFromParts(year, 11, 1),
    ymdFromParts(year, 11, 11),
    ymdFromParts(year, 12, 25),
  ].sort((a, b) => a - b);
}
