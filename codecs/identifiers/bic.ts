import { ID_OK, idFailure, type IdCheck } from './id-check.js';

/**
 * BIC (ISO 9362): 4 letters (institution) + 2 letters (ISO country) + 2 letters or digits
 * (location) + optionally 3 letters or digits (branch), so 8 or 11 characters (rules.md §7.4).
 * Shape only: whether the institution exists is the bank's business, not ours. Capitals only —
 * the SEPA XML schemas reject lower case, so accepting it here would only move the failure later.
 */

const BIC_SHAPE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

export function checkBic(bic: string): IdCheck {
  if (!BIC_SHAPE.test(bic)) {
    return idFailure(
      'TPLIQ_ID_BIC_FORMAT',
      'BIC must be 8 or 11 capitals/digits: bank 4 letters, country 2 letters, location 2, branch 3 optional',
    );
  }
  return ID_OK;
}
