import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionalKeyHex } from '../engine/run/ledger-batch-lookups.js';

/** The ledger stores functional keys as text: the fast form must be the text it always was. */
const reference = (hi: number, lo: number): string => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

describe('functionalKeyHex', () => {
  it('writes 16 lowercase hex digits, high half first, zero-padded', () => {
    expect(functionalKeyHex(0, 1)).toBe('0000000000000001');
    expect(functionalKeyHex(0xdeadbeef, 0x0badf00d)).toBe('deadbeef0badf00d');
  });

  it('treats the halves as unsigned, as Math.imul hashes give negative int32 values', () => {
    expect(functionalKeyHex(-1, -2)).toBe('fffffffffffffffe');
  });

  it('equals the toString(16) form for any pair of 32-bit halves', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (hi, lo) => functionalKeyHex(hi, lo) === reference(hi, lo)));
  });
});
