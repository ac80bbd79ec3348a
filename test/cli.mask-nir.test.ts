import { describe, expect, it } from 'vitest';
import { maskNir, maskNirFields, redactNirs } from '../engine/cli/mask-nir.js';

describe('NIRs shown by the CLI are masked', () => {
  it('keeps the first character and the length of a NIR', () => {
    expect(maskNir('1850475123456')).toBe('1************');
    expect(maskNir('')).toBe('');
  });

  it('masks NIR fields at any depth, and leaves NIR keys and other fields alone', () => {
    const masked = maskNirFields({ records: [{ values: { nir: '2850475123456', nirKey: '57', beneficiaryNir: '1850475123456', invoiceNumber: '000000001' } }] });
    expect(masked).toEqual({ records: [{ values: { nir: '2************', nirKey: '57', beneficiaryNir: '1************', invoiceNumber: '000000001' } }] });
  });

  it('masks NIRs inside a message, Corsican ones and ones followed by their key too, but not other numbers', () => {
    expect(redactNirs('row 12: 1850475123456,57,John')).toBe('row 12: 1************,57,John');
    expect(redactNirs('nir=185042A123456 then 185047512345657')).toBe('nir=1************ then 1**************');
    expect(redactNirs('invoice 000000001 of 123456789, amount 1234567890123456789')).toBe('invoice 000000001 of 123456789, amount 1234567890123456789');
  });
});
