import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { hasValidLuhnKey, luhnKey } from '../codecs/identifiers/luhn.js';
import { amcNumberKey, checkAmcNumber } from '../codecs/identifiers/amc-number.js';

describe('Luhn key, "clé type 1-2 norme B2" (formats.md B13)', () => {
  it('weights 2, 1, 2, 1 from the rightmost base digit (classic 7992739871 → 3)', () => {
    expect(luhnKey('7992739871')).toBe('3');
    expect(hasValidLuhnKey('79927398713')).toBe(true);
  });

  it('sums the digits of a doubled digit (18: 8×2 = 16 → 7, + 1 = 8 → key 2)', () => {
    expect(luhnKey('18')).toBe('2');
    expect(luhnKey('5')).toBe('9');
  });

  it('answers 0, not 10, when the sum is a multiple of ten (the IsoCodes bug)', () => {
    expect(luhnKey('19')).toBe('0');
    expect(luhnKey('0')).toBe('0');
    expect(luhnKey('99106804')).toBe('0');
  });

  it('gives the same key to a number and its zero-padded form', () => {
    expect(luhnKey('0007992739871')).toBe(luhnKey('7992739871'));
  });

  it.each([[''], ['12a4'], ['12 4'], ['-1'], ['١٢']])('has no key for "%s"', (base) => {
    expect(luhnKey(base)).toBeUndefined();
  });

  it.each([[''], ['7'], ['7992739871a'], ['a9927398713']])('does not validate "%s"', (text) => {
    expect(hasValidLuhnKey(text)).toBe(false);
  });

  it('makes the check pass for any digit string with its key appended', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,30}$/), (base) => {
        const key = luhnKey(base);
        expect(key).toMatch(/^[0-9]$/);
        expect(hasValidLuhnKey(base + key)).toBe(true);
      }),
    );
  });

  it('fails the check for every other key digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,30}$/), fc.integer({ min: 1, max: 9 }), (base, delta) => {
        const wrongKey = (Number(luhnKey(base)) + delta) % 10;
        expect(hasValidLuhnKey(base + String(wrongKey))).toBe(false);
      }),
    );
  });

  it('catches any single changed digit of the base', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{2,20}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (base, atSeed, delta) => {
        const at = atSeed % base.length;
        const key = luhnKey(base) ?? '';
        const changed = base.slice(0, at) + String((Number(base[at]) + delta) % 10) + base.slice(at + 1);
        expect(hasValidLuhnKey(changed + key)).toBe(false);
      }),
    );
  });
});

describe('AMC number and its clé 1-2', () => {
  it('checks a number against the key given in its own field', () => {
    expect(amcNumberKey('7992739871')).toBe('3');
    expect(checkAmcNumber('7992739871', '3')).toEqual({ ok: true });
    expect(checkAmcNumber('7992739871', '4')).toMatchObject({ ok: false, code: 'TPLIQ_ID_AMC_NUMBER_KEY' });
  });

  it('accepts the 8-digit B2 number and its 10-character zero-padded hospital form alike', () => {
    const key = amcNumberKey('75047258');
    expect(key).toBeDefined();
    expect(amcNumberKey('0075047258')).toBe(key);
    expect(checkAmcNumber('0075047258', key ?? '')).toEqual({ ok: true });
  });

  it.each([
    ['empty number', '', '0'],
    ['11 digits', '12345678901', '0'],
    ['a blank', '7504 258', '0'],
    ['a two-digit key', '75047258', '12'],
    ['a letter key', '75047258', 'X'],
  ])('rejects %s as TPLIQ_ID_AMC_NUMBER_FORMAT', (_label, amcNumber, key) => {
    expect(checkAmcNumber(amcNumber, key)).toMatchObject({ ok: false, code: 'TPLIQ_ID_AMC_NUMBER_FORMAT' });
  });
});
