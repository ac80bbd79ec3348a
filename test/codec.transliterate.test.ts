import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPrintableAscii, toB2Text } from '../codecs/fixed-width/transliterate.js';

/** The transliteration spelled out character by character: the oracle of the ASCII fast path. */
function slowB2Text(text: string): string {
  const special: Record<string, string> = { Œ: 'OE', œ: 'OE', Æ: 'AE', æ: 'AE', ß: 'SS' };
  let out = '';
  for (const ch of text.normalize('NFD')) {
    const code = ch.charCodeAt(0);
    if (code >= 0x300 && code <= 0x36f) continue;
    if (special[ch] !== undefined) out += special[ch];
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += ' ';
  }
  return out.toUpperCase();
}

describe('toB2Text (strict output text, formats.md §2.3)', () => {
  it('upper-cases ASCII, spells out accents and ligatures, blanks the rest', () => {
    expect(toB2Text('Dr. Hélène Lœwy-Straße')).toBe('DR. HELENE LOEWY-STRASSE');
    expect(toB2Text('1850475123456')).toBe('1850475123456');
    expect(toB2Text('tab\there\n')).toBe('TAB HERE ');
    expect(toB2Text('')).toBe('');
  });

  it('gives what the character-by-character rule gives, for any text', () => {
    const asciiOrNot = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', 'é', 'Œ', 'ß', ' ', '~', '\u007f', '\u0301', 'Z', '9') }));
    fc.assert(fc.property(asciiOrNot, (text) => toB2Text(text) === slowB2Text(text)), { numRuns: 2000 });
  });
});

describe('isPrintableAscii (text the transliteration leaves as it is)', () => {
  it('says yes for 0x20–0x7e only, the empty text included', () => {
    expect(isPrintableAscii('')).toBe(true);
    expect(isPrintableAscii(' ~AZ09')).toBe(true);
    expect(isPrintableAscii('\u001f')).toBe(false);
    expect(isPrintableAscii('ABC\u007f')).toBe(false);
    expect(isPrintableAscii('é')).toBe(false);
    expect(isPrintableAscii('A\n')).toBe(false);
  });

  it('answers as the regular expression it replaced, for any text', () => {
    const expression = /^[\x20-\x7e]*$/;
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => isPrintableAscii(text) === expression.test(text)), { numRuns: 2000 });
  });
});
