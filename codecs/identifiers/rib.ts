import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';

/**
 * French RIB (relevé d'identité bancaire): bank code 5 digits, branch (guichet) 5 digits, account
 * 11 characters (digits or capital letters), key 2 digits. The key is
 * 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), letters of the account first replaced by
 * a digit: A/J→1, B/K/S→2, C/L/T→3, D/M/U→4, E/N/V→5, F/O/W→6, G/P/X→7, H/Q/Y→8, I/R/Z→9
 * (rules.md §7.4). Example: bank 30006, branch 00001, account 12345678901 → key 89.
 *
 * The products stay below 2^53 (3 × 99 999 999 999 < 3·10^11), so plain numbers are exact.
 */

const BANK_LENGTH = 5;
const BRANCH_LENGTH = 5;
const ACCOUNT_LENGTH = 11;
const RIB_KEY_LENGTH = 2;

/** The digit a letter of the account stands for, indexed by (char code − 'A'). */
const ACCOUNT_LETTER_DIGIT = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The account read as a number, letters mapped; undefined when it is not 11 digits/capitals. */
function accountAsNumber(account11: string): number | undefined {
  if (account11.length !== ACCOUNT_LENGTH) return undefined;
  let value = 0;
  for (let i = 0; i < ACCOUNT_LENGTH; i++) {
    const code = account11.charCodeAt(i);
    let digit: number | undefined;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 65 && code <= 90) digit = ACCOUNT_LETTER_DIGIT[code - 65];
    if (digit === undefined) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/** The 2-digit RIB key ('01'–'97'); undefined when a part has the wrong shape. */
export function ribKey(bank5: string, branch5: string, account11: string): string | undefined {
  if (!isDigits(bank5, BANK_LENGTH) || !isDigits(branch5, BRANCH_LENGTH)) return undefined;
  const account = accountAsNumber(account11);
  if (account === undefined) return undefined;
  const weighted = 89 * Number(bank5) + 15 * Number(branch5) + 3 * account;
  return String(97 - (weighted % 97)).padStart(RIB_KEY_LENGTH, '0');
}

/** Checks the four parts of a RIB. */
export function checkRib(bank5: string, branch5: string, account11: string, key2: string): IdCheck {
  const expectedKey = ribKey(bank5, branch5, account11);
  if (expectedKey === undefined) {
    return idFailure(
      'TPLIQ_ID_RIB_FORMAT',
      'RIB must be bank 5 digits, branch 5 digits, account 11 digits or capital letters',
    );
  }
  if (!isDigits(key2, RIB_KEY_LENGTH)) {
    return idFailure('TPLIQ_ID_RIB_FORMAT', `RIB key must be 2 digits, got "${key2}"`);
  }
  if (key2 !== expectedKey) {
    return idFailure('TPLIQ_ID_RIB_KEY', `RIB key ${key2} does not match the computed key ${expectedKey}`);
  }
  return ID_OK;
}
