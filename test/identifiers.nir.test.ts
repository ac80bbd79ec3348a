import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkNir, nirKey } from '../codecs/identifiers/nir.js';

/** Independent oracle: the INSEE rule read literally, with BigInt. */
function oracleNirKey(nir13: string): string {
  const digits = nir13.toUpperCase().replace(/^(.{5})2A/, '$119').replace(/^(.{5})2B/, '$118');
  return String(97n - (BigInt(digits) % 97n)).padStart(2, '0');
}

describe('NIR key (rules.md §3.2, formats.md §6.7)', () => {
  it.each([
    ['2951099126111', '93'],
    ['253072B073004', '70'],
    ['253072A073004', '43'],
    ['1850475123456', '57'],
    ['1850775123456', '08'],
  ])('%s has key %s', (nir13, key) => {
    expect(nirKey(nir13)).toBe(key);
    expect(checkNir(nir13, key)).toEqual({ ok: true });
  });

  it('pads a one-digit key with a zero ("08", not "8")', () => {
    expect(nirKey('1850775123456')).toHaveLength(2);
    expect(checkNir('1850775123456', '8').ok).toBe(false);
  });

  it('gives key 97 when the number is a multiple of 97', () => {
    expect(97n * 10309278351n).toBe(1000000000047n);
    expect(nirKey('1000000000047')).toBe('97');
  });

  it('computes Corsica 2A as 19 and 2B as 18, in either case', () => {
    expect(nirKey('253072A073004')).toBe(oracleNirKey('2530719073004'));
    expect(nirKey('253072B073004')).toBe(oracleNirKey('2530718073004'));
    expect(nirKey('253072a073004')).toBe('43');
    expect(nirKey('253072b073004')).toBe('70');
  });

  it('accepts "lunar" and provisional birth months (00, 20–42, 50+, 99): only the key decides', () => {
    for (const month of ['00', '13', '20', '31', '42', '50', '62', '99']) {
      const nir13 = `185${month}75123456`;
      const key = oracleNirKey(nir13);
      expect(nirKey(nir13)).toBe(key);
      expect(checkNir(nir13, key)).toEqual({ ok: true });
    }
  });

  it('rejects a wrong key with TPLIQ_ID_NIR_KEY and says which key was expected', () => {
    const result = checkNir('2951099126111', '94');
    expect(result).toMatchObject({ ok: false, code: 'TPLIQ_ID_NIR_KEY' });
    expect(!result.ok && result.reason).toContain('93');
  });

  it.each([
    ['12 characters', '295109912611', '93'],
    ['14 characters', '29510991261110', '93'],
    ['a letter outside the department', '29510991X6111', '93'],
    ['department 2C', '253072C073004', '43'],
    ['department 3A', '253073A073004', '43'],
    ['A in the first department position', '25307A2073004', '43'],
    ['empty body', '', '93'],
  ])('rejects a body with %s as TPLIQ_ID_NIR_FORMAT', (_label, nir13, key) => {
    expect(nirKey(nir13)).toBeUndefined();
    expect(checkNir(nir13, key)).toMatchObject({ ok: false, code: 'TPLIQ_ID_NIR_FORMAT' });
  });

  it.each([['9'], ['093'], ['9a'], [' 93'], ['']])('rejects key "%s" as TPLIQ_ID_NIR_FORMAT', (key) => {
    expect(checkNir('2951099126111', key)).toMatchObject({ ok: false, code: 'TPLIQ_ID_NIR_FORMAT' });
  });

  it('agrees with the BigInt oracle on any 13 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{13}$/), (nir13) => {
        expect(nirKey(nir13)).toBe(oracleNirKey(nir13));
      }),
    );
  });

  it('catches any single changed digit (mod 97 detects every one-digit error)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{13}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (nir13, at, delta) => {
        const key = nirKey(nir13);
        const changedDigit = (Number(nir13[at]) + delta) % 10;
        const changed = nir13.slice(0, at) + String(changedDigit) + nir13.slice(at + 1);
        expect(key).toBeDefined();
        expect(checkNir(changed, key ?? '')).toMatchObject({ ok: false, code: 'TPLIQ_ID_NIR_KEY' });
      }),
    );
  });
});
