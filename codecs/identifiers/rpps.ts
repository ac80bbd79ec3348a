import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';
import { hasValidLuhnKey, luhnKey } from './luhn.js';

/**
 * RPPS number: 11 digits, the last a Luhn key over the first 10 (formats.md §6.7, [K]: common
 * knowledge, not verified on a sample — hence its own error code, so a false rejection is easy to
 * spot and to switch off). The national PS id "8" + RPPS is not handled here.
 */

const RPPS_BASE_LENGTH = 10;
const RPPS_LENGTH = RPPS_BASE_LENGTH + 1;

/** Luhn key of the 10-digit base; undefined when it is not 10 digits. */
export function rppsKey(base10: string): string | undefined {
  return isDigits(base10, RPPS_BASE_LENGTH) ? luhnKey(base10) : undefined;
}

/** Checks an 11-digit RPPS number, key included. */
export function checkRpps(rpps11: string): IdCheck {
  if (!isDigits(rpps11, RPPS_LENGTH)) {
    return idFailure('TPLIQ_ID_RPPS_FORMAT', 'RPPS number must be 11 digits, key included');
  }
  if (!hasValidLuhnKey(rpps11)) {
    return idFailure('TPLIQ_ID_RPPS_KEY', `RPPS key ${rpps11.charAt(10)} is wrong (Luhn)`);
  }
  return ID_OK;
}
