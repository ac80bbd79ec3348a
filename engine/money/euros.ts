import type { Cents } from '../domain/units.js';
import { MoneyParseError } from './money-error.js';

/**
 * Euro amounts as text ↔ integer cents, by string surgery: no binary float ever holds a euro
 * amount, so "0.29" is 29 cents and not 28.999…
 */

/** 13 digits of euros keep euros × 100 + cents far below 2^53. */
const EUROS_DIGITS_MAX = 13;

function parseWithSeparator(text: string, separator: '.' | ','): Cents {
  const pattern = separator === '.' ? /^(-?)(\d+)(?:\.(\d{1,2}))?$/ : /^(-?)(\d+)(?:,(\d{1,2}))?$/;
  const match = pattern.exec(text);
  if (match === null) {
    throw new MoneyParseError(
      'TPLIQ_MONEY_AMOUNT_INVALID',
      text,
      `is not an amount in euros (digits, optionally "${separator}" and 1 or 2 decimals)`,
    );
  }
  const [, sign = '', euros = '', decimals = ''] = match;
  if (euros.length > EUROS_DIGITS_MAX) {
    throw new MoneyParseError('TPLIQ_MONEY_AMOUNT_INVALID', text, `has more than ${EUROS_DIGITS_MAX} digits of euros`);
  }
  const centsPart = decimals.length === 0 ? 0 : decimals.length === 1 ? Number(decimals) * 10 : Number(decimals);
  const magnitude = Number(euros) * 100 + centsPart;
  return (sign === '-' && magnitude !== 0 ? -magnitude : magnitude) as Cents;
}

/** "12.34" → 1234, "12.3" → 1230, "12" → 1200, "-0.05" → −5. More than 2 decimals is refused. */
export const parseEuros = (text: string): Cents => parseWithSeparator(text, '.');

/** French notation: "12,34" → 1234. */
export const parseEurosFr = (text: string): Cents => parseWithSeparator(text, ',');

function formatWithSeparator(amountCents: Cents, separator: string): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amount ${amountCents} is not integer cents`);
  const magnitude = amountCents < 0 ? -amountCents : amountCents;
  const euros = (magnitude - (magnitude % 100)) / 100;
  const cents = magnitude % 100;
  return `${amountCents < 0 ? '-' : ''}${euros}${separator}${cents < 10 ? '0' : ''}${cents}`;
}

/** 1234 → "12.34", 5 → "0.05", −5 → "-0.05": the form of SEPA amounts and CSV columns. */
export const formatEuros = (amountCents: Cents): string => formatWithSeparator(amountCents, '.');

/** 1234 → "12,34": the form of French labels and statements. */
export const formatEurosFr = (amountCents: Cents): string => formatWithSeparator(amountCents, ',');
