import { isoDay, plusDays, weekday } from './dates.js';
import type { Prng } from './prng.js';

/**
 * When each file reached the operator on the run day, as Paris wall-clock time with its UTC
 * offset ("2026-11-23T16:12:00+01:00"). Most files arrive during the working day, up to 17:00:00
 * included; about one in eight strictly after 17:00:00, which the engine counts as received the
 * next business day when the file is dematerialised (protocol §9-1, rules.md §4.4). A paper file
 * has no cut-off: whatever its hour, it counts from the run day (the expected outcomes do not
 * depend on it either way: late care is months old, see invoice-factory.ts).
 */

const WORKDAY_START_SECONDS = (6 * 60 + 30) * 60;
const CUTOFF_SECONDS = 17 * 3600;
const EVENING_END_SECONDS = (22 * 60 + 30) * 60;
export const LATE_SHARE = 0.12;

/** Last Sunday of a month (EU summer time changes on the last Sundays of March and October). */
function lastSunday(year: number, month: number): number {
  const lastDay = plusDays(year * 10000 + (month + 1) * 100 + 1, -1);
  return plusDays(lastDay, -(weekday(lastDay) % 7));
}

/**
 * Paris UTC offset on a day, for times after 03:00 local (all receipt times here are): CEST +02:00
 * from the last Sunday of March to the day before the last Sunday of October, CET +01:00 otherwise.
 */
export function parisOffset(ymd: number): string {
  const year = Math.floor(ymd / 10000);
  return ymd >= lastSunday(year, 3) && ymd < lastSunday(year, 10) ? '+02:00' : '+01:00';
}

const two = (n: number): string => String(n).padStart(2, '0');

export function receiptInstant(ymd: number, secondsOfDay: number): string {
  const hh = Math.floor(secondsOfDay / 3600);
  const mm = Math.floor(secondsOfDay / 60) % 60;
  return `${isoDay(ymd)}T${two(hh)}:${two(mm)}:${two(secondsOfDay % 60)}${parisOffset(ymd)}`;
}

/**
 * Receipt instants for `count` files, in generation order. With two files or more at least one
 * arrives after 17:00:00, so every generated day exercises the cut-off.
 */
export function receiptInstants(rng: Prng, ymd: number, count: number): string[] {
  const late = Array.from({ length: count }, () => rng.chance(LATE_SHARE));
  if (count >= 2 && !late.includes(true)) late[rng.int(0, count - 1)] = true;
  if (count >= 2 && !late.includes(false)) late[rng.int(0, count - 1)] = false;
  // "Après 17 heures" is strictly after 17:00:00: 17:00:00 itself is on time, 17:00:01 is late.
  return late.map((isLate) =>
    receiptInstant(ymd, isLate ? rng.int(CUTOFF_SECONDS + 1, EVENING_END_SECONDS) : rng.int(WORKDAY_START_SECONDS, CUTOFF_SECONDS)),
  );
}
