import { describe, expect, it } from 'vitest';
import { escapedNameOf, utf8NameOf } from '../engine/intake/escaped-name.js';

describe('file names as bytes', () => {
  it('a valid UTF-8 name is kept as it is', () => {
    expect(utf8NameOf(Buffer.from('facture-été.b2'))).toBe('facture-été.b2');
  });

  it('a name that is not UTF-8 is undefined as text, and escaped byte by byte where invalid', () => {
    const bytes = Buffer.concat([Buffer.from('é-'), Buffer.from([0xe9, 0xff]), Buffer.from('\\x.b2'), Buffer.from([0xc3])]);
    expect(utf8NameOf(bytes)).toBeUndefined();
    // Valid characters stay, a backslash is doubled so that "\xE9" written in a name cannot pass for the byte.
    expect(escapedNameOf(bytes)).toBe('é-\\xE9\\xFF\\\\x.b2\\xC3');
  });
});
