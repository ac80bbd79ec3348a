import { electronicFormatIBAN, isSEPACountry, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { ID_OK, idFailure, type IdCheck } from './id-check.js';
import { isDigits } from './digits.js';

/**
 * IBAN (ISO 13616): country 2 letters, check digits 2, BBAN. Valid when the whole, rotated and
 * with letters as numbers (A=10 … Z=35), is 1 mod 97 (rules.md §7.4). Validation is delegated to
 * ibantools, which also knows each country's length and BBAN shape and, for France and Monaco,
 * checks the RIB key inside the BBAN.
 *
 * French IBAN, 27 characters: FR kk BBBBB GGGGG CCCCCCCCCCC RR (bank, branch, account, RIB key).
 */

/**
 * Checks an IBAN. Spaces and lower case are accepted (the "paper" form FR76 3000 6000 …), since
 * practitioners type it as printed on their RIB.
 */
export function checkIban(iban: string): IdCheck {
  const electronic = electronicFormatIBAN(iban);
  if (electronic === null || electronic === '') {
    return idFailure('TPLIQ_ID_IBAN_FORMAT', 'IBAN is empty');
  }
  const { valid, errorCodes } = validateIBAN(electronic);
  if (valid) return ID_OK;
  // ibantools reports a bad shape as a bad checksum too; the shape is the cause worth telling.
  const shapeErrors = [
    ValidationErrorsIBAN.NoIBANProvided,
    ValidationErrorsIBAN.NoIBANCountry,
    ValidationErrorsIBAN.WrongBBANLength,
    ValidationErrorsIBAN.WrongBBANFormat,
    ValidationErrorsIBAN.ChecksumNotNumber,
  ];
  if (errorCodes.some((code) => shapeErrors.includes(code))) {
    return idFailure(
      'TPLIQ_ID_IBAN_FORMAT',
      `IBAN has the wrong country, length or shape for ${electronic.slice(0, 2) || 'its country'}`,
    );
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
    return idFailure('TPLIQ_ID_IBAN_RIB_KEY', 'IBAN holds a national account number whose key (RIB key) is wrong');
  }
  return idFailure('TPLIQ_ID_IBAN_CHECKSUM', 'IBAN check digits are wrong (mod 97 ≠ 1)');
}

/**
 * Checks an IBAN the engine can pay to by SEPA credit transfer: a valid IBAN of a SEPA country.
 * A non-SEPA IBAN reports TPLIQ_ID_IBAN_FORMAT with a reason that names the cause.
 */
export function checkSepaIban(iban: string): IdCheck {
  const result = checkIban(iban);
  if (!result.ok) return result;
  const country = (electronicFormatIBAN(iban) ?? '').slice(0, 2);
  if (!isSEPACountry(country)) {
    return idFailure('TPLIQ_ID_IBAN_FORMAT', `IBAN country ${country} is outside the SEPA zone`);
  }
  return ID_OK;
}

/** n mod 97 of an alphanumeric string read as ISO 13616 digits (letters A=10 … Z=35), piecewise. */
function alphanumericMod97(text: string): number | undefined {
  let remainder = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return undefined;
  }
  return remainder;
}

/** The two IBAN check digits of a BBAN in a country: 98 − (BBAN + country + "00" mod 97). */
export function ibanCheckDigits(countryCode2: string, bban: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(countryCode2) || bban.length === 0) return undefined;
  const remainder = alphanumericMod97(bban + countryCode2 + '00');
  if (remainder === undefined) return undefined;
  return String(98 - remainder).padStart(2, '0');
}

/**
 * The French IBAN (electronic form, 27 characters) of a RIB. The RIB key is taken as given, not
 * checked: a data generator may want an IBAN whose RIB key is wrong but whose IBAN check digits are
 * right, to exercise TPLIQ_ID_IBAN_RIB_KEY. Use `ribKey` to get the right one. Undefined when a part
 * has the wrong shape.
 */
export function frenchIbanFromRib(bank5: string, branch5: string, account11: string, key2: string): string | undefined {
  if (!isDigits(bank5, 5) || !isDigits(branch5, 5) || !isDigits(key2, 2)) return undefined;
  if (!/^[0-9A-Z]{11}$/.test(account11)) return undefined;
  const bban = bank5 + branch5 + account11 + key2;
  const checkDigits = ibanCheckDigits('FR', bban);
  if (checkDigits === undefined) return undefined;
  return 'FR' + checkDigits + bban;
}
