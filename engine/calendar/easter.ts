import type { DateYmd } from '../domain/units.js';
import { ymdFromParts } from './ymd.js';

/**
 * Easter Sunday of a Gregorian year, computed rather than tabled so that any year a replay or a
 * test asks for is right without maintenance. This is the "anonymous Gregorian algorithm"
 * (Meeus/Jones/Butcher, 1876): the ecclesiastical full moon from the Metonic cycle with the solar
 * and lunar century corrections, then the following Sunday. Gregorian rules start in 1583; asking
 * for an earlier year is a programmer error.
 */

const FIRST_GREGORIAN_EASTER_YEAR = 1583;

export function easterSunday(year: number): DateYmd {
  if (!Number.isInteger(year) || year < FIRST_GREGORIAN_EASTER_YEAR || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years ${FIRST_GREGORIAN_EASTER_YEAR}–9999, not ${year}`);
  }
  const goldenNumberIndex = year % 19; // place in the 19-year Metonic cycle
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const skippedLeapCenturies = Math.floor(century / 4);
  const centuryMod4 = century % 4;
  const moonCorrection = Math.floor((century - Math.floor((century + 8) / 25) + 1) / 3);
  // Days from 21 March to the paschal full moon (epact-like, 0–29).
  const fullMoonOffset = (19 * goldenNumberIndex + century - skippedLeapCenturies - moonCorrection + 15) % 30;
  const yearOfCenturyDiv4 = Math.floor(yearOfCentury / 4);
  const yearOfCenturyMod4 = yearOfCentury % 4;
  // Days from the full moon to the next Sunday.
  const toSunday = (32 + 2 * centuryMod4 + 2 * yearOfCenturyDiv4 - fullMoonOffset - yearOfCenturyMod4) % 7;
  // Correction for the two exceptional cases where the full moon would put Easter a week too late.
  const lateCorrection = Math.floor((goldenNumberIndex + 11 * fullMoonOffset + 22 * toSunday) / 451);
  const daysFromMarch = fullMoonOffset + toSunday - 7 * lateCorrection + 114;
  const month = Math.floor(daysFromMarch / 31);
  const day = (daysFromMarch % 31) + 1;
  return ymdFromParts(year, month, day);
}
