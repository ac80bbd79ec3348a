/** Identifier checks and key generators (formats.md §6.7, rules.md §3.2 and §7.4). */
export { ID_OK, idFailure, type IdCheck, type IdCheckCode, type IdCheckFailure } from './id-check.js';
export { hasValidLuhnKey, luhnKey } from './luhn.js';
export { checkNir, nirKey } from './nir.js';
export { billingIdKey, checkBillingId } from './billing-id.js';
export { checkFiness, finessKey } from './finess.js';
export { checkRpps, rppsKey } from './rpps.js';
export { amcNumberKey, checkAmcNumber } from './amc-number.js';
export { checkRib, ribKey } from './rib.js';
export { checkIban, checkSepaIban, frenchIbanFromRib, ibanCheckDigits } from './iban.js';
export { checkBic } from './bic.js';
export { isPayeeIdFormat } from './payee-id.js';
