/**
 * Branded scalar types shared by every layer. A brand costs nothing at run time but stops a
 * euro amount, a percentage and a day from being mixed up by accident.
 */

/** Money as an integer number of euro cents. Never a binary fraction of a euro. */
export type Cents = number & { readonly __unit: 'cents' };

/** A calendar day as the integer yyyymmdd (20261123). Sorts and compares like the date it is. */
export type DateYmd = number & { readonly __unit: 'yyyymmdd' };

/**
 * An exact rate, scaled: 1 000 000 = 100 %. Six decimals of a percent-fraction is enough for
 * every rate on a card (90.5 % = 905 000) and keeps products of cents × rate below 2^53 for any
 * invoice line under 90 million euros.
 */
export type RatePpm = number & { readonly __unit: 'ppm' };

export const RATE_PPM_ONE = 1_000_000 as RatePpm;

export const cents = (n: number): Cents => n as Cents;
export const ymd = (n: number): DateYmd => n as DateYmd;
export const ratePpm = (n: number): RatePpm => n as RatePpm;
