import type { DateYmd } from '../domain/units.js';
import { easterSunday } from './easter.js';
import { addDays, ymdFromParts } from './ymd.js';

/**
 * TARGET (T2) closing days besides weekends, when interbank SEPA credit transfers do not settle:
 * 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December (ECB, rules.md §4.5).
 *
 * The current list is applied to every year. The ECB's first years differed (e.g. 31 December was
 * closed around 1999–2001); replaying those years is not a use case of this engine.
 */
export function targetClosingDays(year: number): readonly DateYmd[] {
  const easter = easterSunday(year);
  return [
    ymdFromParts(year, 1, 1),
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    ymdFromParts(year, 5, 1),
    ymdFromParts(year, 12, 25),
    ymdFromParts(year, 12, 26),
  ];
}
