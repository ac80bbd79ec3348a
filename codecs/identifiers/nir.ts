import { ID_OK, idFailure, type IdCheck } from './id-check.js';

/**
 * NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"): 13 characters
 * — sex 1, birth year 2, birth month 2, department 2, commune 3, order 3 — then a 2-digit key
 * = 97 − (NIR13 mod 97) [INSEE rule; rules.md §3.2, formats.md §6.7, python-stdnum `fr/nir.py`].
 *
 * Corsica's departments are written 2A and 2B; the key is computed as if they read 19 and 18.
 *
 * Only the structure and the key are checked. The sex digit and the birth month are not: provisional
 * and "lunar" NIRs use months 20–42 and 50 and above (unknown or partial birth dates), and rejecting
 * them would reject real beneficiaries. The key is the only authoritative check.
 */

const NIR_BODY_LENGTH = 13;
const NIR_KEY_LENGTH = 2;
const CHAR_0 = 48;
const CHAR_9 = 57;
/** Index of the department's first character in the NIR body. */
const CORSICA_DEPT_START = 5;
/** 2A and 2B, as the two digits that replace them in the key computation. */
const CORSICA_DEPT_AS_DIGITS: Readonly<Record<string, number>> = { A: 19, B: 18 };

const isDigitAt = (s: string, i: number): boolean => {
  const code = s.charCodeAt(i);
  return code >= CHAR_0 && code <= CHAR_9;
};

/**
 * N mod 97 of the 13 characters read as a number, Corsica substituted. Horner's scheme keeps every
 * intermediate below 9 800, so no BigInt is needed; undefined when the text is not a NIR body.
 */
function nirBodyMod97(nir13: string): number | undefined {
  if (nir13.length !== NIR_BODY_LENGTH) return undefined;
  let remainder = 0;
  for (let i = 0; i < NIR_BODY_LENGTH; i++) {
    if (i === CORSICA_DEPT_START && nir13[i] === '2' && !isDigitAt(nir13, i + 1)) {
      const corsicaDigits = CORSICA_DEPT_AS_DIGITS[nir13.charAt(i + 1).toUpperCase()];
      if (corsicaDigits === undefined) return undefined;
      remainder = (remainder * 100 + corsicaDigits) % 97;
      i++;
      continue;
    }
    if (!isDigitAt(nir13, i)) return undefined;
    remainder = (remainder * 10 + (nir13.charCodeAt(i) - CHAR_0)) % 97;
  }
  return remainder;
}

/** The 2-digit key ('01'–'97') of a 13-character NIR body; undefined when it is not one. */
export function nirKey(nir13: string): string | undefined {
  const remainder = nirBodyMod97(nir13);
  if (remainder === undefined) return undefined;
  return String(97 - remainder).padStart(NIR_KEY_LENGTH, '0');
}

/** Checks a NIR body (13 characters) against its key (2 digits), as they come in separate fields. */
export function checkNir(nir13: string, key2: string): IdCheck {
  const expectedKey = nirKey(nir13);
  if (expectedKey === undefined) {
    return idFailure(
      'TPLIQ_ID_NIR_FORMAT',
      'NIR must be 13 characters: digits, with 2A or 2B allowed as the department',
    );
  }
  if (key2.length !== NIR_KEY_LENGTH || !isDigitAt(key2, 0) || !isDigitAt(key2, 1)) {
    return idFailure('TPLIQ_ID_NIR_FORMAT', `NIR key must be 2 digits (${key2.length} characters given)`);
  }
  if (key2 !== expectedKey) {
    return idFailure('TPLIQ_ID_NIR_KEY', `NIR key ${key2} does not match the computed key ${expectedKey}`);
  }
  return ID_OK;
}
