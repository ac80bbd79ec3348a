import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecFault } from '../codecs/fixed-width/codec-error.js';
import type { ArlInput } from '../codecs/arl/arl-model.js';
import { readArl } from '../codecs/arl/arl-reader.js';
import { writeArl } from '../codecs/arl/arl-writer.js';
import { dayNumberOfYmd, ymdOfDayNumber } from '../engine/calendar/ymd.js';
import type { DateYmd } from '../engine/domain/units.js';

const POSITIVE: ArlInput = {
  emitterId: '123456782',
  lotNumber: '001',
  fileNumber: '00042',
  constitutionDate: 20260112,
  receiverId: '98532005',
  receptionDate: 20260113,
  status: 'P',
  counts: { invoicesReceived: 3, invoicesAccepted: 3, receivedAmountCents: 12_345, declaredInvoices: 3, declaredAmountCents: 12_345 },
  errors: [],
};

// A lot with one malformed invoice and a trailer that miscounts: rejected, to be sent again.
const NEGATIVE: ArlInput = {
  ...POSITIVE,
  lotNumber: '002',
  status: 'N',
  counts: { invoicesReceived: 3, invoicesAccepted: 2, receivedAmountCents: 12_345, declaredInvoices: 4, declaredAmountCents: 15_000 },
  errors: [
    { level: 'lot', code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', invoiceNumber: '', line: 19, label: 'Le lot annonce 4 factures, 3 lues' },
    { level: 'invoice', code: 'TPLIQ_B2_BAD_DATE', invoiceNumber: '000000124', line: 7, label: 'Date des soins invalide' },
  ],
};

describe('ARL writer', () => {
  it('writes a positive ARL as header, counts and end, each line ended by @ and LF', () => {
    expect(writeArl(POSITIVE).split('\n')).toEqual([
      '000ARL123456782001000422026011298532005 20260113P@',
      '0100000300003000000012345+00003000000012345+@',
      '999000003@',
      '',
    ]);
  });

  it('writes one error entity per error of a negative ARL, with level, code, invoice, line and label', () => {
    const lines = writeArl(NEGATIVE).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(`020LOT    ${'TPLIQ_B2_LOT_COUNT_MISMATCH'.padEnd(40)}         00000019${'LE LOT ANNONCE 4 FACTURES, 3 LUES'.padEnd(70)}@`);
    expect(lines[3]).toBe(`020FACTURE${'TPLIQ_B2_BAD_DATE'.padEnd(40)}00000012400000007${'DATE DES SOINS INVALIDE'.padEnd(70)}@`);
    expect(lines[4]).toBe('999000005@');
  });

  it('refuses to write an ARL that contradicts itself', () => {
    expect(() => writeArl({ ...POSITIVE, status: 'N' })).toThrow(CodecFault);
    expect(() => writeArl({ ...NEGATIVE, status: 'P' })).toThrow(/TPLIQ_ARL_STATUS_INCONSISTENT/);
    expect(() => writeArl({ ...POSITIVE, counts: { ...POSITIVE.counts, declaredInvoices: 2 } })).toThrow(/TPLIQ_ARL_COUNT_MISMATCH/);
    expect(() => writeArl({ ...POSITIVE, lotNumber: '1' })).toThrow(/TPLIQ_ENCODE_BAD_VALUE/);
  });
});

describe('ARL round trip', () => {
  it.each([
    ['positive', POSITIVE],
    ['negative', NEGATIVE],
  ])('a %s ARL reads back as written, without problem', (_kind, arl) => {
    const read = readArl(writeArl(arl));
    expect(read.errors).toEqual([]);
    expect(read.ok).toBe(true);
    const { unmodelled, ...model } = read.file;
    expect(unmodelled).toEqual([]);
    expect(model).toEqual({ ...arl, errors: arl.errors.map((e) => ({ ...e, label: e.label.toUpperCase() })) });
  });

  it('any consistent ARL reads back as written', () => {
    const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const text = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.@'), maxLength: n }).map((s) => s.trimEnd());
    // Real days only: digits that name no day (30 February) are a TPLIQ_B2_BAD_DATE on reading.
    const firstDay = dayNumberOfYmd(20200101 as DateYmd);
    const day = fc.integer({ min: firstDay, max: dayNumberOfYmd(20991228 as DateYmd) }).map((n) => ymdOfDayNumber(n) as number);
    const arl = fc
      .record({
        emitterId: digits(9), lotNumber: digits(3), fileNumber: digits(5), constitutionDate: day,
        receiverId: text(9), receptionDate: day,
        received: fc.integer({ min: 0, max: 500 }), amount: fc.integer({ min: -1_000_000, max: 1_000_000_000 }),
        rejectedInvoices: fc.uniqueArray(digits(9), { maxLength: 5 }),
        lotError: fc.option(fc.record({ line: fc.option(fc.integer({ min: 1, max: 9_999_999 })), label: text(70) })),
        labels: fc.array(text(70), { minLength: 5, maxLength: 5 }),
      })
      .map((g): ArlInput => {
        const received = Math.max(g.received, g.rejectedInvoices.length);
        const errors: ArlInput['errors'] = g.rejectedInvoices.map((invoiceNumber, i) => ({
          level: 'invoice', code: 'TPLIQ_B2_BAD_NUMBER', invoiceNumber, line: i + 1, label: g.labels[i] ?? '',
        }));
        if (g.lotError) errors.unshift({ level: 'lot', code: 'TPLIQ_B2_LOT_TOTAL_MISMATCH', invoiceNumber: '', line: g.lotError.line, label: g.lotError.label });
        return {
          emitterId: g.emitterId, lotNumber: g.lotNumber, fileNumber: g.fileNumber, constitutionDate: g.constitutionDate,
          receiverId: g.receiverId, receptionDate: g.receptionDate, status: errors.length > 0 ? 'N' : 'P',
          counts: {
            invoicesReceived: received, invoicesAccepted: received - g.rejectedInvoices.length, receivedAmountCents: g.amount,
            declaredInvoices: g.lotError ? null : received, declaredAmountCents: g.lotError ? null : g.amount,
          },
          errors,
        };
      });
    fc.assert(
      fc.property(arl, (input) => {
        const read = readArl(writeArl(input));
        expect(read.errors).toEqual([]);
        const { unmodelled: _u, ...model } = read.file;
        expect(model).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });

  it('reads CRLF and entities without their delimiter', () => {
    const text = writeArl(NEGATIVE).replaceAll('@\n', '\r\n');
    expect(readArl(text).errors).toEqual([]);
    expect(readArl(text).file.errors).toHaveLength(2);
  });
});
