import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../codecs/binary/decode-text.js';

describe('decodeText', () => {
  it('reads any bytes as Buffer reads them as UTF-8, at any length and offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(8), fc.nat(8), (bytes, before, after) => {
        const buffer = Buffer.concat([Buffer.alloc(before, 0x41), bytes, Buffer.alloc(after, 0xe9)]);
        expect(decodeText(buffer, before, before + bytes.length)).toBe(Buffer.from(bytes).toString('utf8'));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back every ASCII text of 0 to 20 characters (each length the fast path spells out)', () => {
    for (let length = 0; length <= 20; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(0x21 + ((i * 7) % 94))).join('');
      const buffer = Buffer.from(`xx${text}yy`, 'latin1');
      expect(decodeText(buffer, 2, 2 + length)).toBe(text);
    }
  });
});
