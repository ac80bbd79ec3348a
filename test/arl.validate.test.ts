import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import { validateArl } from '../codecs/arl/arl-reader.js';

// ARL lines written by hand from codecs/layouts/arl.json, so that each can be made wrong alone.
const header = (status: string): string => `000ARL123456782001000422026011298532005 20260113${status}`;
const amount = (cents: number | null): string => (cents === null ? ' '.repeat(13) : String(Math.abs(cents)).padStart(12, '0') + (cents < 0 ? '-' : '+'));
const n = (value: number | null, width: number): string => (value === null ? ' '.repeat(width) : String(value).padStart(width, '0'));
const counts = (received: number, accepted: number, cents: number, declared: number | null, declaredCents: number | null): string =>
  `010${n(received, 5)}${n(accepted, 5)}${amount(cents)}${n(declared, 5)}${amount(declaredCents)}`;
const error = (level: string, code: string, invoice: string, line: number | null, label: string): string =>
  `020${level.padEnd(7)}${code.padEnd(40)}${invoice.padEnd(9)}${n(line, 8)}${label.padEnd(70)}`;
const end = (count: number): string => `999${n(count, 6)}`;
const arl = (...lines: string[]): string => lines.map((l) => `${l}@\n`).join('');

const BAD_INVOICE = error('FACTURE', 'TPLIQ_B2_BAD_DATE', '000000124', 7, 'DATE DES SOINS INVALIDE');
const LOT_ERROR = error('LOT', 'TPLIQ_B2_LOT_COUNT_MISMATCH', '', 19, 'LE LOT ANNONCE 4 FACTURES, 3 LUES');

const problems = (text: string): string[] => validateArl(text).map((e: CodecError) => `${e.code}@${e.line ?? '-'}`);

describe('validateArl accepts consistent ARLs', () => {
  it('a positive ARL whose counts match the lot trailer', () => {
    expect(validateArl(arl(header('P'), counts(3, 3, 12_345, 3, 12_345), end(3)))).toEqual([]);
  });

  it('a negative ARL naming each invoice it does not accept', () => {
    expect(validateArl(arl(header('N'), counts(3, 2, 12_345, 3, 12_345), BAD_INVOICE, end(4)))).toEqual([]);
  });

  it('a negative ARL whose lot error explains the mismatch with the trailer', () => {
    expect(validateArl(arl(header('N'), counts(3, 0, 12_345, 4, 15_000), LOT_ERROR, end(4)))).toEqual([]);
  });
});

describe('validateArl reports each inconsistency, located', () => {
  it('a missing header', () => {
    expect(problems(arl(counts(3, 3, 100, 3, 100), end(2)))).toEqual(['TPLIQ_ARL_HEADER_MISSING@-']);
  });

  it('a header that is not first', () => {
    expect(problems(arl(counts(3, 3, 100, 3, 100), header('P'), end(3)))).toEqual(['TPLIQ_ARL_STRUCTURE@2']);
  });

  it('missing counts, missing end', () => {
    expect(problems(arl(header('P'), end(2)))).toEqual(['TPLIQ_ARL_STRUCTURE@-']);
    expect(problems(arl(header('P'), counts(3, 3, 100, 3, 100)))).toEqual(['TPLIQ_ARL_STRUCTURE@-']);
  });

  it('an end entity that miscounts, and an entity after the end', () => {
    expect(problems(arl(header('P'), counts(3, 3, 100, 3, 100), end(4)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@3']);
    expect(problems(arl(header('P'), counts(3, 3, 100, 3, 100), end(3), BAD_INVOICE))).toEqual(['TPLIQ_ARL_STRUCTURE@4']);
  });

  it('a negative status with no error entity', () => {
    expect(problems(arl(header('N'), counts(3, 3, 100, 3, 100), end(3)))).toEqual(['TPLIQ_ARL_STATUS_INCONSISTENT@1']);
  });

  it('a positive status with errors', () => {
    expect(problems(arl(header('P'), counts(3, 2, 100, 3, 100), BAD_INVOICE, end(4)))).toEqual(['TPLIQ_ARL_STATUS_INCONSISTENT@1']);
  });

  it('a status that is neither P nor N', () => {
    expect(problems(arl(header('X'), counts(3, 3, 100, 3, 100), end(3)))).toEqual(['TPLIQ_ARL_STATUS_INCONSISTENT@1']);
  });

  it('more invoices accepted than received', () => {
    expect(problems(arl(header('P'), counts(3, 4, 100, 3, 100), end(3)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@2']);
  });

  it('invoices not accepted that no error names', () => {
    expect(problems(arl(header('N'), counts(3, 1, 100, 3, 100), BAD_INVOICE, end(4)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@2']);
  });

  it('more invoices named by errors than not accepted', () => {
    expect(problems(arl(header('N'), counts(3, 3, 100, 3, 100), BAD_INVOICE, end(4)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@2']);
  });

  it('a count that differs from the lot trailer with no lot error saying so', () => {
    expect(problems(arl(header('P'), counts(3, 3, 100, 4, 100), end(3)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@2']);
  });

  it('an amount that differs from the lot trailer with no lot error saying so', () => {
    expect(problems(arl(header('P'), counts(3, 3, 100, 3, 101), end(3)))).toEqual(['TPLIQ_ARL_TOTAL_MISMATCH@2']);
  });

  it('a missing lot trailer (blank declared counts) with no lot error', () => {
    expect(problems(arl(header('P'), counts(3, 3, 100, null, null), end(3)))).toEqual(['TPLIQ_ARL_COUNT_MISMATCH@2', 'TPLIQ_ARL_TOTAL_MISMATCH@2']);
  });

  it('an invoice-level error that names no invoice', () => {
    const anonymous = error('FACTURE', 'TPLIQ_B2_BAD_DATE', '', 7, 'DATE DES SOINS INVALIDE');
    expect(problems(arl(header('N'), counts(3, 3, 100, 3, 100), anonymous, end(4)))).toEqual(['TPLIQ_ARL_STRUCTURE@3']);
  });

  it('an error level that is not FICHIER, LOT or FACTURE', () => {
    expect(problems(arl(header('N'), counts(3, 3, 100, 4, 100), error('LIGNE', 'TPLIQ_X', '', null, 'X'), end(4)))).toEqual(['TPLIQ_ARL_STRUCTURE@3']);
  });

  it('a zone that cannot be read, with its line and field', () => {
    const bad = counts(3, 3, 100, 3, 100).replace('00003', '0000X');
    const found = validateArl(arl(header('P'), bad, end(3)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'TPLIQ_B2_BAD_NUMBER', line: 2, field: 'invoicesReceived' });
  });

  it('garbage is reported, not thrown', () => {
    expect(problems('hello\nworld\n')).toEqual(['TPLIQ_ARL_HEADER_MISSING@-', 'TPLIQ_ARL_STRUCTURE@-', 'TPLIQ_ARL_STRUCTURE@-']);
  });
});

describe('validateArl never throws', () => {
  it('whatever the text, it returns a list of located problems', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(Array.isArray(validateArl(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
