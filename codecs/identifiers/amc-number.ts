import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';
import { luhnKey } from './luhn.js';

/**
 * N° AMC (complementary insurer number) and its "clé 1-2" key, carried in two fields on a DRE
 * (formats.md §3, §6.6, B13). The number's width varies by channel — 8 digits in B2, 9 for the EDI
 * (SIREN-like) number, 10 right-aligned and zero-padded in hospital B2 — and Luhn ignores leading
 * zeros, so any width from 1 to 10 digits is accepted and a padded number keeps its key.
 */

const AMC_NUMBER_LENGTH_MAX = 10;

const isAmcDigits = (amcNumber: string): boolean =>
  amcNumber.length >= 1 && amcNumber.length <= AMC_NUMBER_LENGTH_MAX && isDigits(amcNumber, amcNumber.length);

/** The one-digit key of an AMC number (1–10 digits); undefined when it is not one. */
export function amcNumberKey(amcNumber: string): string | undefined {
  return isAmcDigits(amcNumber) ? luhnKey(amcNumber) : undefined;
}

/** Checks an AMC number against its one-digit key, as they come in separate fields. */
export function checkAmcNumber(amcNumber: string, key1: string): IdCheck {
  if (!isAmcDigits(amcNumber)) {
    return idFailure('TPLIQ_ID_AMC_NUMBER_FORMAT', `AMC number must be 1 to ${AMC_NUMBER_LENGTH_MAX} digits`);
  }
  if (!isDigits(key1, 1)) {
    return idFailure('TPLIQ_ID_AMC_NUMBER_FORMAT', `AMC number key must be one digit, got "${key1}"`);
  }
  const expectedKey = luhnKey(amcNumber);
  if (key1 !== expectedKey) {
    return idFailure('TPLIQ_ID_AMC_NUMBER_KEY', `AMC number key ${key1} does not match the computed key ${expectedKey}`);
  }
  return ID_OK;
}
