import { describe, expect, it } from 'vitest';
import { fixedColumnLiterals } from '../engine/ledger/sql/fixed-columns.js';

describe("fixedColumnLiterals (a bulk insert's columns written into its statement)", () => {
  it('gives each column its integer literal, in the order given', () => {
    expect(fixedColumnLiterals({ run: 42, accounting_date: 20261123 })).toEqual([
      { column: 'run', literal: '42' },
      { column: 'accounting_date', literal: '20261123' },
    ]);
    expect(fixedColumnLiterals({})).toEqual([]);
    expect(fixedColumnLiterals({ run: -1 })).toEqual([{ column: 'run', literal: '-1' }]);
  });

  it('refuses what is not a plain column name or a safe integer: it would be read as SQL', () => {
    expect(() => fixedColumnLiterals({ 'run) VALUES (1': 1 })).toThrow(/not a column name/);
    expect(() => fixedColumnLiterals({ Run: 1 })).toThrow(/not a column name/);
    expect(() => fixedColumnLiterals({ run: 1.5 })).toThrow(/not a safe integer/);
    expect(() => fixedColumnLiterals({ run: Number.NaN })).toThrow(/not a safe integer/);
    expect(() => fixedColumnLiterals({ run: 2 ** 53 })).toThrow(/not a safe integer/);
  });
});
