import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';
import { hasValidLuhnKey, luhnKey } from './luhn.js';

/**
 * FINESS (établissement / structure) number: department 2 + 6 digits + a key, 9 characters; the
 * key is Luhn over the 9 digits (formats.md §6.7, [D]: the GIE test structure 99078105-6 and real
 * hospital numbers validate).
 *
 * Corsica: FINESS numbers of Corsican establishments begin 2A / 2B, and how their key is computed is
 * not public (formats.md §6.7, [R]). Rather than guess (as 19/18 like the NIR? as 20? as 2·?), we
 * reject them with their own code, so the operator sees "unsupported" and not "wrong key", and a
 * rule can be added once the FINESS open-data extract settles it.
 */

const FINESS_BASE_LENGTH = 8;
const FINESS_LENGTH = FINESS_BASE_LENGTH + 1;

const isCorsican = (finess: string): boolean => /^2[AB]/i.test(finess);

/** Luhn key of the 8-digit base; undefined when it is not 8 digits (Corsican bases included). */
export function finessKey(base8: string): string | undefined {
  return isDigits(base8, FINESS_BASE_LENGTH) ? luhnKey(base8) : undefined;
}

/** Checks a 9-character FINESS number, key included. */
export function checkFiness(finess9: string): IdCheck {
  if (finess9.length === FINESS_LENGTH && isCorsican(finess9)) {
    return idFailure(
      'TPLIQ_ID_FINESS_CORSICA_UNSUPPORTED',
      'FINESS numbers of Corsica (2A/2B) are not supported: their key rule is not public',
    );
  }
  if (!isDigits(finess9, FINESS_LENGTH)) {
    return idFailure('TPLIQ_ID_FINESS_FORMAT', 'FINESS number must be 9 digits, key included');
  }
  if (!hasValidLuhnKey(finess9)) {
    return idFailure('TPLIQ_ID_FINESS_KEY', `FINESS key ${finess9.charAt(8)} is wrong (Luhn)`);
  }
  return ID_OK;
}
