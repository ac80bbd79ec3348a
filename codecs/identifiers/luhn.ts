/**
 * Luhn key, which the Norme B2 calls "clé type 1-2" (formats.md B13, after IsoCodes
 * `OrganismeType12NormeB2.php`): weights 2, 1, 2, 1 … starting from the rightmost digit of the base,
 * each product reduced to the sum of its digits, key = (10 − sum mod 10) mod 10.
 *
 * The final "mod 10" matters: IsoCodes omits it and answers 10 when the sum is a multiple of ten,
 * which is not a one-digit key. We answer 0.
 *
 * Leading zeros do not change the key (they weigh nothing), so a zero-padded field and the bare
 * number have the same key.
 */

const CHAR_0 = 48;
const CHAR_9 = 57;

/** Sum of the Luhn-weighted digits of `digits[0 .. end)`, weight 2 on the digit at end − 1. */
function weightedSum(digits: string, end: number): number | undefined {
  let sum = 0;
  let doubled = true;
  for (let i = end - 1; i >= 0; i--) {
    const code = digits.charCodeAt(i);
    if (code < CHAR_0 || code > CHAR_9) return undefined;
    const digit = code - CHAR_0;
    if (doubled) {
      const product = digit * 2;
      // The digits of a product of one digit by two sum to product − 9 when it has two digits.
      sum += product > 9 ? product - 9 : product;
    } else {
      sum += digit;
    }
    doubled = !doubled;
  }
  return sum;
}

/** The one-digit Luhn key ('0'–'9') of a non-empty digit string; undefined if it is not one. */
export function luhnKey(baseDigits: string): string | undefined {
  if (baseDigits.length === 0) return undefined;
  const sum = weightedSum(baseDigits, baseDigits.length);
  if (sum === undefined) return undefined;
  return String((10 - (sum % 10)) % 10);
}

/**
 * True when the last digit of `digitsWithKey` is the Luhn key of the digits before it. False for
 * anything that is not at least two digits.
 */
export function hasValidLuhnKey(digitsWithKey: string): boolean {
  if (digitsWithKey.length < 2) return false;
  const baseLength = digitsWithKey.length - 1;
  const sum = weightedSum(digitsWithKey, baseLength);
  if (sum === undefined) return false;
  const keyCode = digitsWithKey.charCodeAt(baseLength);
  if (keyCode < CHAR_0 || keyCode > CHAR_9) return false;
  return (10 - (sum % 10)) % 10 === keyCode - CHAR_0;
}
