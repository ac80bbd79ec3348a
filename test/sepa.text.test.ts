import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimalText, decimalTextToCents } from '../codecs/sepa/amount-text.js';
import { assertSepaIdentifier, isSepaText, toSepaText } from '../codecs/sepa/sepa-text.js';

describe('SEPA character set', () => {
  it('strips accents from letters: é → e, Ç → C, ü → u', () => {
    expect(toSepaText('Hélène Çélestin Müller', 70)).toBe('Helene Celestin Muller');
  });

  it('spells out ligatures and letters NFD keeps whole', () => {
    expect(toSepaText('Œdipe Cœur Æsop Straße Øre Łódź', 70)).toBe('OEdipe Coeur AEsop Strasse Ore Lodz');
  });

  it("keeps the SEPA punctuation / - ? : ( ) . , ' + and turns typographic apostrophes into '", () => {
    expect(toSepaText('Cabinet (Dr L’Hôte) / 75-Paris: ok? 1.5, +', 70)).toBe("Cabinet (Dr L'Hote) / 75-Paris: ok? 1.5, +");
  });

  it('blanks other characters, collapses blanks and trims', () => {
    expect(toSepaText('  SELARL_du*Parc  @  #1 \n ', 70)).toBe('SELARL du Parc 1');
  });

  it('cuts to the maximum length without leaving a trailing blank', () => {
    expect(toSepaText('abcd efgh', 5)).toBe('abcd');
    expect(toSepaText('abcdefgh', 5)).toBe('abcde');
  });

  it('always yields SEPA text no longer than asked (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 140 }), (text, max) => {
        const out = toSepaText(text, max);
        expect(isSepaText(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('accepts identifiers of 1–35 SEPA characters and refuses edge or double slashes, blanks at the edges', () => {
    expect(() => assertSepaIdentifier('TPLIQ-20261123-991023763', 'EndToEndId')).not.toThrow();
    for (const bad of ['', 'x'.repeat(36), '/A', 'A/', 'A//B', ' A', 'É']) {
      expect(() => assertSepaIdentifier(bad, 'EndToEndId')).toThrow(RangeError);
    }
  });
});

describe('euro amounts as decimal text', () => {
  it('writes integer cents with exactly two decimals', () => {
    expect(centsToDecimalText(0)).toBe('0.00');
    expect(centsToDecimalText(5)).toBe('0.05');
    expect(centsToDecimalText(10)).toBe('0.10');
    expect(centsToDecimalText(123456789)).toBe('1234567.89');
    expect(centsToDecimalText(-5)).toBe('-0.05');
  });

  it('refuses anything but a safe integer of cents', () => {
    expect(() => centsToDecimalText(0.5)).toThrow(RangeError);
    expect(() => centsToDecimalText(2 ** 53)).toThrow(RangeError);
  });

  it('reads at most two decimals, exactly', () => {
    expect(decimalTextToCents('1234567.89')).toBe(123456789);
    expect(decimalTextToCents('0.05')).toBe(5);
    expect(decimalTextToCents('12.5')).toBe(1250);
    expect(decimalTextToCents('12')).toBe(1200);
    expect(decimalTextToCents('-0.00')).toBe(0);
    for (const bad of ['1.234', '1e3', '1,5', ' 1.00', '', '.5']) expect(decimalTextToCents(bad)).toBeUndefined();
  });

  it('round-trips every safe number of cents (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (amountCents) => {
        expect(decimalTextToCents(centsToDecimalText(amountCents))).toBe(amountCents);
      }),
    );
  });
});
