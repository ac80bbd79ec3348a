import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { c2sDueDate } from '../engine/calendar/c2s-due-date.js';
import type { C2sClaim } from '../engine/domain/c2s-claim.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { InvoiceReader } from '../engine/intake/invoice-reader.js';
import { c2sIncrease } from '../engine/settle/c2s-increase.js';
import { c2sLayout, claimLot, type ClaimSpec } from './support/c2s-claims-file.js';

const claimOf = (over: Partial<C2sClaim>): C2sClaim => ({
  treatingPractitionerId: '', transmission: 'FSE', startDate: 20261118 as DateYmd, wrongFund: false, formalNoticeDate: 0 as DateYmd, ...over,
});

describe('C2S due dates (D. 861-6): calendar days from the ARL or the sending', () => {
  it('FSE: 7 days after the ARL, across a month end and whatever the weekday', () => {
    expect(c2sDueDate(claimOf({ startDate: 20261118 as DateYmd }))).toBe(20261125);
    expect(c2sDueDate(claimOf({ startDate: 20261127 as DateYmd }))).toBe(20261204); // a Friday ARL: due the next Friday
    expect(c2sDueDate(claimOf({ startDate: 20261225 as DateYmd }))).toBe(20270101); // no shift for Christmas or New Year's Day
  });

  it('paper: 21 days after sending, 36 when the feuille first went to the wrong fund', () => {
    expect(c2sDueDate(claimOf({ transmission: 'PAPER', startDate: 20261101 as DateYmd }))).toBe(20261122);
    expect(c2sDueDate(claimOf({ transmission: 'PAPER', startDate: 20261101 as DateYmd, wrongFund: true }))).toBe(20261207);
    expect(c2sDueDate(claimOf({ transmission: 'PAPER', startDate: 20280210 as DateYmd }))).toBe(20280302); // 29 February 2028 counts
  });

  it('the wrong-fund extension is for paper only: an FSE is due 7 days after its ARL whatever the flag', () => {
    expect(c2sDueDate(claimOf({ startDate: 20261118 as DateYmd, wrongFund: true }))).toBe(20261125);
  });

  it('a claim without its start date has no due date (it is rejected as malformed)', () => {
    expect(c2sDueDate(claimOf({ startDate: 0 as DateYmd }))).toBe(0);
  });
});

describe('the 10 % increase (L. 861-3, D. 861-5), half-up to the cent on the claim', () => {
  const payment = { paidCents: 900 as Cents, dueDate: 20261125 as DateYmd, formalNoticeDate: 0 as DateYmd, executionDate: 20261123 as DateYmd };

  it('none when paid on or before the due date, under no formal notice', () => {
    expect(c2sIncrease(payment)).toBeUndefined();
    expect(c2sIncrease({ ...payment, executionDate: 20261125 as DateYmd })).toBeUndefined();
  });

  it('paid the day after the due date: 10 %, with the dates in the label', () => {
    const increase = c2sIncrease({ ...payment, executionDate: 20261126 as DateYmd });
    expect(increase?.cents).toBe(90);
    expect(increase?.signalement).toEqual({ code: 'MAJORATION_C2S', label: "Majoration de 10 % : 0,90 € (paiement le 26/11/2026 après l'échéance du 25/11/2026)" });
  });

  it('a formal notice increases a claim paid in time, and names the day it was received', () => {
    const increase = c2sIncrease({ ...payment, formalNoticeDate: 20261120 as DateYmd });
    expect(increase?.signalement.label).toBe('Majoration de 10 % : 0,90 € (mise en demeure reçue le 20/11/2026)');
  });

  it('rounds half-up at the cent: 9.15 → 0.92, 9.14 → 0.91, 0.05 → 0.01, 123 456.78 → 12 345.68', () => {
    const late = { ...payment, executionDate: 20261201 as DateYmd };
    expect([915, 914, 5, 4, 12_345_678].map((c) => c2sIncrease({ ...late, paidCents: c as Cents })?.cents)).toEqual([92, 91, 1, 0, 1_234_568]);
  });
});

const spec: ClaimSpec = {
  invoiceNumber: '700000001', nir: '1880713371037', nirKey: '43', birthDate: 19880721, amcNumber: '0679200223', treatingPractitionerId: '504746942',
  transmission: 'P', startDate: 20261101, wrongFund: true, formalNoticeDate: 20261121, actDate: 20261030, baseCents: 3000, amoCents: 2100, amcCents: 900,
};

/** The claim's records as bytes, read with the engine's invoice reader. */
function read(records: string[]): ReturnType<InvoiceReader['read']> {
  const bytes = Buffer.from(records.join(''), 'latin1');
  return new InvoiceReader(c2sLayout, 'C2S').read(bytes, 0, records.length, {
    sequence: 1, location: { file: 'cpam.b2', line: 2, byteOffset: 0, lot: '001' }, practitionerId: '011751234',
  });
}

describe('the c2s-amo profile', () => {
  const records = claimLot('001', '011751234', [spec]).slice(1, -1);

  it('every record encodes, decodes and encodes to the same bytes', () => {
    for (const line of claimLot('001', '011751234', [spec])) {
      const decoded = decodeRecord(c2sLayout, line);
      if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
      expect(encodeRecord(c2sLayout, decoded.value.record.code, decoded.value.values)).toBe(line);
    }
  });

  it('the invoice reader gives the claim: treating practitioner, paper, sending date, wrong fund, formal notice', () => {
    const { invoice, errors } = read(records);
    expect(errors).toEqual([]);
    expect(invoice.channel).toBe('C2S');
    expect(invoice.c2s).toEqual({ treatingPractitionerId: '504746942', transmission: 'PAPER', startDate: 20261101, wrongFund: true, formalNoticeDate: 20261121 });
    expect(invoice.lines.map((l) => [l.actCode, l.actDate, l.amcDeclaredCents])).toEqual([['G', 20261030, 900]]);
  });

  it('no formal notice (zeros) and an FSE read as such', () => {
    const fse = claimLot('001', '011751234', [{ ...spec, transmission: 'F', wrongFund: false, formalNoticeDate: 0 }]).slice(1, -1);
    expect(read(fse).invoice.c2s).toMatchObject({ transmission: 'FSE', wrongFund: false, formalNoticeDate: 0 });
  });

  it('a transmission code other than F or P is TPLIQ_B2_BAD_CODE at its column; so is a wrong-fund flag other than 0 or 1', () => {
    const at = (name: string, value: string): string[] => {
      const header = records[0]!;
      const start = c2sLayout.records.get('2')!.byName.get(name)!.offset;
      return [header.slice(0, start) + value + header.slice(start + value.length), ...records.slice(1)];
    };
    expect(read(at('c2sTransmission', 'X')).errors.map((e) => [e.code, e.column, e.line])).toEqual([['TPLIQ_B2_BAD_CODE', 67, 2]]);
    expect(read(at('c2sWrongFund', '7')).errors.map((e) => [e.code, e.column])).toEqual([['TPLIQ_B2_BAD_CODE', 76]]);
  });

  it('a claim without its ARL or sending date (zeros) reads as 0, and the rules then refuse it (see the rules below)', () => {
    const blank = claimLot('001', '011751234', [{ ...spec, startDate: 0 }]).slice(1, -1);
    const { invoice, errors } = read(blank);
    expect(errors).toEqual([]);
    expect(invoice.c2s?.startDate).toBe(0);
  });
});
