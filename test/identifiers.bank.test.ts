import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isValidIBAN } from 'ibantools';
import { checkRib, ribKey } from '../codecs/identifiers/rib.js';
import { checkIban, checkSepaIban, frenchIbanFromRib, ibanCheckDigits } from '../codecs/identifiers/iban.js';
import { checkBic } from '../codecs/identifiers/bic.js';

const EXAMPLE_IBAN = 'FR7630006000011234567890189'; // rules.md §7.4

/** Independent oracle: ISO 13616 read literally — rotate, letters to numbers, BigInt mod 97. */
function oracleIbanMod97(iban: string): bigint {
  const rotated = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rotated].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  return BigInt(digits) % 97n;
}

describe('RIB key (rules.md §7.4)', () => {
  it('bank 30006, branch 00001, account 12345678901 has key 89', () => {
    expect(ribKey('30006', '00001', '12345678901')).toBe('89');
    expect(checkRib('30006', '00001', '12345678901', '89')).toEqual({ ok: true });
  });

  it('rejects a wrong key with TPLIQ_ID_RIB_KEY', () => {
    expect(checkRib('30006', '00001', '12345678901', '88')).toMatchObject({ ok: false, code: 'TPLIQ_ID_RIB_KEY' });
  });

  it('maps account letters A/J→1, B/K/S→2 … I/R/Z→9', () => {
    const lettersAndDigits: [string, string][] = [
      ['AJ', '11'], ['BKS', '222'], ['CLT', '333'], ['DMU', '444'], ['ENV', '555'],
      ['FOW', '666'], ['GPX', '777'], ['HQY', '888'], ['IRZ', '999'],
    ];
    for (const [letters, digits] of lettersAndDigits) {
      const account = letters.padStart(11, '0');
      expect(ribKey('30006', '00001', account)).toBe(ribKey('30006', '00001', digits.padStart(11, '0')));
    }
  });

  it.each([
    ['a 4-digit bank', '3000', '00001', '12345678901', '89'],
    ['a letter in the branch', '30006', '0000A', '12345678901', '89'],
    ['a 10-character account', '30006', '00001', '1234567890', '89'],
    ['a lower-case account letter', '30006', '00001', '1234567890a', '89'],
    ['a one-digit key', '30006', '00001', '12345678901', '9'],
  ])('rejects %s as TPLIQ_ID_RIB_FORMAT', (_label, bank, branch, account, key) => {
    expect(checkRib(bank, branch, account, key)).toMatchObject({ ok: false, code: 'TPLIQ_ID_RIB_FORMAT' });
  });
});

describe('IBAN (rules.md §7.4, validated by ibantools)', () => {
  it('accepts the French example in electronic, printed and lower-case forms', () => {
    expect(checkIban(EXAMPLE_IBAN)).toEqual({ ok: true });
    expect(checkIban('FR76 3000 6000 0112 3456 7890 189')).toEqual({ ok: true });
    expect(checkIban('fr76 3000 6000 0112 3456 7890 189')).toEqual({ ok: true });
    expect(oracleIbanMod97(EXAMPLE_IBAN)).toBe(1n);
  });

  it('rejects wrong check digits with TPLIQ_ID_IBAN_CHECKSUM', () => {
    expect(checkIban('FR7730006000011234567890189')).toMatchObject({ ok: false, code: 'TPLIQ_ID_IBAN_CHECKSUM' });
  });

  it('rejects a right IBAN checksum around a wrong RIB key with TPLIQ_ID_IBAN_RIB_KEY', () => {
    const iban = frenchIbanFromRib('30006', '00001', '12345678901', '88');
    expect(iban).toBeDefined();
    expect(oracleIbanMod97(iban ?? '')).toBe(1n);
    expect(checkIban(iban ?? '')).toMatchObject({ ok: false, code: 'TPLIQ_ID_IBAN_RIB_KEY' });
  });

  it.each([
    ['empty', ''],
    ['blanks only', '   '],
    ['too short', 'FR763000600001123456789018'],
    ['an unknown country', 'XX7630006000011234567890189'],
    ['letters as check digits', 'FRAB30006000011234567890189'],
  ])('rejects %s as TPLIQ_ID_IBAN_FORMAT', (_label, iban) => {
    expect(checkIban(iban)).toMatchObject({ ok: false, code: 'TPLIQ_ID_IBAN_FORMAT' });
  });

  it('pays only to SEPA countries: a valid Turkish IBAN passes checkIban, not checkSepaIban', () => {
    const turkish = 'TR330006100519786457841326';
    expect(checkIban(turkish)).toEqual({ ok: true });
    expect(checkSepaIban(turkish)).toMatchObject({ ok: false, code: 'TPLIQ_ID_IBAN_FORMAT' });
    expect(checkSepaIban('DE89370400440532013000')).toEqual({ ok: true });
    expect(checkSepaIban(EXAMPLE_IBAN)).toEqual({ ok: true });
  });

  it('builds the example IBAN from its RIB: check digits 98 − (BBAN + "FR00" mod 97)', () => {
    expect(frenchIbanFromRib('30006', '00001', '12345678901', '89')).toBe(EXAMPLE_IBAN);
    expect(ibanCheckDigits('FR', '30006000011234567890189')).toBe('76');
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
  });

  it('refuses to build an IBAN from a malformed RIB', () => {
    expect(frenchIbanFromRib('3000', '00001', '12345678901', '89')).toBeUndefined();
    expect(frenchIbanFromRib('30006', '00001', '1234567890a', '89')).toBeUndefined();
    expect(frenchIbanFromRib('30006', '00001', '12345678901', '8')).toBeUndefined();
    expect(ibanCheckDigits('fr', '30006000011234567890189')).toBeUndefined();
  });

  it('turns any RIB with its own key into an IBAN that ibantools and our check accept', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{5}$/),
        fc.stringMatching(/^[0-9]{5}$/),
        fc.stringMatching(/^[0-9A-Z]{11}$/),
        (bank, branch, account) => {
          const key = ribKey(bank, branch, account) ?? '';
          const iban = frenchIbanFromRib(bank, branch, account, key) ?? '';
          expect(isValidIBAN(iban)).toBe(true);
          expect(oracleIbanMod97(iban)).toBe(1n);
          expect(checkIban(iban)).toEqual({ ok: true });
          expect(checkRib(bank, branch, account, key)).toEqual({ ok: true });
        },
      ),
    );
  });
});

describe('BIC (ISO 9362, rules.md §7.4)', () => {
  it.each([['BNPAFRPP'], ['BNPAFRPPXXX'], ['AGRIFRPP882'], ['DEUTDEFF500']])('accepts %s', (bic) => {
    expect(checkBic(bic)).toEqual({ ok: true });
  });

  it.each([
    ['10 characters', 'BNPAFRPPXX'],
    ['9 characters', 'BNPAFRPPX'],
    ['a digit in the bank code', 'BNP1FRPP'],
    ['a digit in the country', 'BNPAF1PP'],
    ['lower case', 'bnpafrpp'],
    ['a blank', 'BNPA FRPP'],
    ['nothing', ''],
  ])('rejects %s as TPLIQ_ID_BIC_FORMAT', (_label, bic) => {
    expect(checkBic(bic)).toMatchObject({ ok: false, code: 'TPLIQ_ID_BIC_FORMAT' });
  });
});
