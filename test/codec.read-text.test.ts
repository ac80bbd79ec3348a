import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortByteText } from '../codecs/binary/decode-text.js';
import { readText } from '../codecs/fixed-width/read-field.js';

/** A text zone as first defined: latin1, blanks trimmed on the right, raised to upper case when it has a-z. */
function zoneText(bytes: Uint8Array, start: number, length: number): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('latin1').replace(/ +$/, '');
  return /[a-z]/.test(text) ? text.toUpperCase() : text;
}

describe('readText', () => {
  it('reads any zone as latin1 does, trimmed and raised, whether short (made in JavaScript) or long', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(20), fc.nat(6), fc.nat(6), (content, blanks, before, after) => {
        // Trailing blanks of any count, so the trimmed length crosses the short path's bound either way.
        const zone = new Uint8Array([...content, ...new Array<number>(blanks).fill(0x20)]);
        const bytes = new Uint8Array([...new Array<number>(before).fill(0x41), ...zone, ...new Array<number>(after).fill(0xe9)]);
        expect(readText(bytes, before, zone.length)).toBe(zoneText(bytes, before, zone.length));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every byte value its latin1 character, at each length the short path spells out', () => {
    for (let length = 1; length <= 20; length++) {
      for (let first = 0; first < 256; first += 5) {
        const bytes = Uint8Array.from({ length }, (_, i) => (first + 37 * i) % 256 || 0x30);
        expect(readText(bytes, 0, length)).toBe(zoneText(bytes, 0, length));
      }
    }
  });
});

describe('shortByteText', () => {
  it('refuses more bytes than it spells out, rather than answer wrong', () => {
    expect(shortByteText(new Uint8Array(13).fill(0x41), 0, 13)).toBe('A'.repeat(13));
    expect(() => shortByteText(new Uint8Array(14), 0, 14)).toThrow(RangeError);
  });
});
