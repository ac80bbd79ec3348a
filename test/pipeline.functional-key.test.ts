import { describe, expect, it } from 'vitest';
import type { Invoice } from '../engine/domain/invoice.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { functionalKey } from '../engine/pipeline/functional-key.js';
import { invoiceOf } from './support/invoice-builder.js';

/**
 * The key as first defined: each part's text, numbers through String(), then a '|' mark, into two
 * FNV-1a variants. The ledger holds keys made this way, so the engine's must not drift from it.
 */
function keyByText(invoice: Invoice): { hi: number; lo: number } {
  let hi = 0x811c9dc5;
  let lo = 0x01000193 ^ 0x5bd1e995;
  const parts = [invoice.practitionerId, invoice.nir, String(invoice.birthDate), String(invoice.birthRank)];
  for (const line of invoice.lines) {
    parts.push(String(line.actDate), line.actCode, String(line.quantity), String(line.coefficientHundredths), String(line.feeCents));
  }
  for (const part of parts) {
    for (const c of [...part].map((ch) => ch.charCodeAt(0)).concat(0x7c)) {
      hi = Math.imul(hi ^ c, 0x01000193);
      lo = Math.imul(lo ^ c, 0x01000193) ^ (lo >>> 15);
    }
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

describe('functionalKey', () => {
  it('is the key of each part as text, for the numbers an invoice can carry', () => {
    // Zones read from digits give whole numbers ≥ 0; a reader's failed zone may leave NaN, and the
    // key must still be the text's for any other number.
    const odd = [0, 1, 9, 10, 99, 100, 20261112, 999_999_999_999, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 1e21, -0, -7, 1.5, Number.NaN, Infinity];
    for (const n of odd) {
      const invoice = invoiceOf([{ quantity: n, fee: n }, { actDate: n, actCode: 'C' }], { birthDate: n as DateYmd, birthRank: n });
      expect(functionalKey(invoice), String(n)).toEqual(keyByText(invoice));
    }
  });

  it('keeps the same key for the same care and changes it with any part', () => {
    const base = invoiceOf([{}, { actCode: 'K', fee: 4500 as Cents }]);
    const key = functionalKey(base);
    expect(key).toEqual(keyByText(base));
    expect(functionalKey(invoiceOf([{}, { actCode: 'K', fee: 4500 as Cents }]))).toEqual(key);
    const variants = [
      invoiceOf([{}, { actCode: 'K', fee: 4501 as Cents }]),
      invoiceOf([{}, { actCode: 'KC', fee: 4500 as Cents }]),
      invoiceOf([{}, { actCode: 'K', fee: 4500 as Cents }], { birthRank: 2 }),
      invoiceOf([{}, { actCode: 'K', fee: 4500 as Cents }], { practitionerId: '999999999' }),
      invoiceOf([{}]),
    ];
    for (const variant of variants) {
      expect(functionalKey(variant)).toEqual(keyByText(variant));
      expect(functionalKey(variant)).not.toEqual(key);
    }
  });

  it('does not let a part run into the next: "1|23" and "12|3" differ', () => {
    const a = invoiceOf([{ quantity: 1, fee: 23 }]);
    const b = invoiceOf([{ quantity: 12, fee: 3 }]);
    expect(functionalKey(a)).not.toEqual(functionalKey(b));
  });
});
