import { describe, expect, it } from 'vitest';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

// Two AMCs, two lots under the first: every kind of level (file, mandant, lot) has a 990.
const INPUT: RspInput = {
  fileNumber: 7,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'CABINET INFIRMIER' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 4200 },
  groups: [
    {
      amcNumber: '0000123456',
      amcName: 'MUTUELLE A',
      invoices: [
        { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 1200, paidCents: 1200, status: 'P', motives: [], lot: '001' },
        { invoiceNumber: '000000002', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 800, paidCents: 0, status: 'R', motives: [{ code: 'D002', label: 'FACTURE DEJA RECUE' }], lot: '001' },
        { invoiceNumber: '000000003', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260106, claimedCents: 1000, paidCents: 1000, status: 'P', motives: [], lot: '002' },
      ],
    },
    {
      amcNumber: '0000654321',
      amcName: 'MUTUELLE B',
      invoices: [
        { invoiceNumber: '000000004', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260107, claimedCents: 2000, paidCents: 2000, status: 'P', motives: [], lot: '003' },
      ],
    },
  ],
};

// Line numbers (1-based) of the written return, from the hierarchy in rsp-writer.ts.
const LINE = {
  transferA: 5, invoice1: 7, motive2: 9, lot001Totals: 10, invoice3: 12, lot002Totals: 13, mandantATotals: 14,
  lot003Totals: 21, mandantBTotals: 22, fileTotals: 23, fileEnd: 24,
};

const written = writeRsp580(INPUT).split('\n').slice(0, -1);

/** Replaces the zone at 1-based column `column` of line `line`. */
function tamper(line: number, column: number, replacement: string): string {
  const lines = [...written];
  const old = lines[line - 1] ?? '';
  lines[line - 1] = old.slice(0, column - 1) + replacement + old.slice(column - 1 + replacement.length);
  return lines.join('\n') + '\n';
}

const summary = (errors: CodecError[]): string[] => errors.map((e) => `${e.code}@${e.line ?? '-'}`).sort();

describe('NOEMIE RSP 580 reader checks every 990 against what it read', () => {
  it('the untouched return has the expected shape and reads clean', () => {
    expect(written).toHaveLength(LINE.fileEnd);
    expect(written[LINE.lot001Totals - 1]?.slice(0, 6)).toBe('990050');
    expect(written[LINE.mandantATotals - 1]?.slice(0, 6)).toBe('990010');
    expect(written[LINE.lot003Totals - 1]?.slice(0, 6)).toBe('990050');
    expect(written[LINE.mandantBTotals - 1]?.slice(0, 6)).toBe('990010');
    expect(written[LINE.fileTotals - 1]?.slice(0, 6)).toBe('990000');
    expect(readRsp580(written.join('\n')).errors).toEqual([]);
  });

  it('a lot 990 with a wrong entity count → COUNT_MISMATCH at that line, with the lot', () => {
    const read = readRsp580(tamper(LINE.lot001Totals, 7, '000004'));
    expect(summary(read.errors)).toEqual([`TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.lot001Totals}`]);
    expect(read.errors[0]).toMatchObject({ lot: '001', recordType: '990' });
    expect(read.ok).toBe(false);
  });

  it('a lot 990 with a wrong paid total → TOTAL_MISMATCH at that line', () => {
    expect(summary(readRsp580(tamper(LINE.lot002Totals, 13, '00000001001+')).errors)).toEqual([`TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.lot002Totals}`]);
  });

  it('a mandant 990 with a wrong rejected total → TOTAL_MISMATCH at that line', () => {
    expect(summary(readRsp580(tamper(LINE.mandantATotals, 25, '00000000801+')).errors)).toEqual([`TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.mandantATotals}`]);
  });

  it('a mandant 990 with a wrong entity count → COUNT_MISMATCH at that line', () => {
    expect(summary(readRsp580(tamper(LINE.mandantBTotals, 7, '000009')).errors)).toEqual([`TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.mandantBTotals}`]);
  });

  it('the file 990 with a sign flipped on its paid total → TOTAL_MISMATCH at that line', () => {
    expect(summary(readRsp580(tamper(LINE.fileTotals, 24, '-')).errors)).toEqual([`TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.fileTotals}`]);
  });

  it('a 999 with a wrong total count → COUNT_MISMATCH at that line', () => {
    expect(summary(readRsp580(tamper(LINE.fileEnd, 4, '00000025')).errors)).toEqual([`TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.fileEnd}`]);
  });

  it('an invoice whose paid amount is changed breaks its lot, mandant and file totals and its transfer', () => {
    const read = readRsp580(tamper(LINE.invoice1, 65, '00000001300+'));
    expect(summary(read.errors)).toEqual([
      `TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.fileTotals}`,
      `TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.lot001Totals}`,
      `TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.mandantATotals}`,
      `TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.transferA}`,
    ].sort());
  });

  it('a transfer share that differs from what the mandant pays → TOTAL_MISMATCH at the 040 (P13)', () => {
    expect(summary(readRsp580(tamper(LINE.transferA, 47, '00000002201+')).errors)).toEqual([`TPLIQ_NOEMIE_TOTAL_MISMATCH@${LINE.transferA}`]);
  });

  it('a deleted motive is counted missing by each enclosing 990 and by 999, and leaves its rejected invoice without a reason', () => {
    const lines = [...written];
    lines.splice(LINE.motive2 - 1, 1);
    // Lines after the deleted one move up by one; the rejected invoice's 060 is the line before it (P7).
    expect(summary(readRsp580(lines.join('\n')).errors)).toEqual([
      `TPLIQ_NOEMIE_STRUCTURE@${LINE.motive2 - 1}`,
      `TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.lot001Totals - 1}`,
      `TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.mandantATotals - 1}`,
      `TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.fileTotals - 1}`,
      `TPLIQ_NOEMIE_COUNT_MISMATCH@${LINE.fileEnd - 1}`,
    ].sort());
  });

  it('a lot that declares more invoices than it holds → COUNT_MISMATCH at its 050', () => {
    const lot001 = LINE.invoice1 - 1;
    expect(summary(readRsp580(tamper(lot001, 15, '00003')).errors)).toEqual([`TPLIQ_NOEMIE_COUNT_MISMATCH@${lot001}`]);
  });

  it('a missing lot 990 leaves the lot unclosed and the parents miscounted, without throwing', () => {
    const lines = [...written];
    lines.splice(LINE.lot002Totals - 1, 1);
    const codes = readRsp580(lines.join('\n')).errors.map((e) => e.code);
    expect(codes).toContain('TPLIQ_NOEMIE_STRUCTURE');
    expect(codes).toContain('TPLIQ_NOEMIE_COUNT_MISMATCH');
  });

  it('a rejected invoice turned paid is caught by the rejected totals and its rejection motive', () => {
    const read = readRsp580(tamper(LINE.motive2 - 1, 77, 'P'));
    expect(read.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['TPLIQ_NOEMIE_STRUCTURE', 'TPLIQ_NOEMIE_TOTAL_MISMATCH']));
    expect(read.errors.find((e) => e.code === 'TPLIQ_NOEMIE_STRUCTURE')).toMatchObject({ line: LINE.motive2, invoice: '000000002' });
  });
});
