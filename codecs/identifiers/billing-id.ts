import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';
import { hasValidLuhnKey, luhnKey } from './luhn.js';

/**
 * N° PS de facturation (AM number) and ADELI number: 8 digits then a Luhn key, 9 digits in all
 * (formats.md §6.7, [D]: every GIE SESAM-Vitale test CPS card validates, e.g. 99102376-3).
 * The invoice carries the PS this number identifies; its key catches a mistyped digit before the
 * referential lookup turns it into "PS inconnu".
 */

const BILLING_ID_BASE_LENGTH = 8;
const BILLING_ID_LENGTH = BILLING_ID_BASE_LENGTH + 1;

/** Luhn key of the 8-digit base; undefined when the base is not 8 digits. */
export function billingIdKey(base8: string): string | undefined {
  return isDigits(base8, BILLING_ID_BASE_LENGTH) ? luhnKey(base8) : undefined;
}

/** Checks a 9-digit billing (AM / ADELI) number, key included. */
export function checkBillingId(billingId9: string): IdCheck {
  if (!isDigits(billingId9, BILLING_ID_LENGTH)) {
    return idFailure('TPLIQ_ID_BILLING_ID_FORMAT', 'PS billing (AM/ADELI) number must be 9 digits, key included');
  }
  if (!hasValidLuhnKey(billingId9)) {
    return idFailure('TPLIQ_ID_BILLING_ID_KEY', `PS billing number key ${billingId9.charAt(8)} is wrong (Luhn)`);
  }
  return ID_OK;
}
