import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthDateNotAfterCare } from '../codecs/fixed-width/read-date.js';
import { encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { addMonths, dayNumberOfYmd, ymdOfDayNumber } from '../engine/calendar/ymd.js';
import type { Invoice } from '../engine/domain/invoice.js';
import type { Motive } from '../engine/domain/motive.js';
import type { DateYmd } from '../engine/domain/units.js';
import { InvoiceReader, type ReadInvoice } from '../engine/intake/invoice-reader.js';
import { checkBeneficiary } from '../engine/rules/beneficiary.js';
import { etab } from './support/b2-file.js';
import { AMC_NUMBER, beneficiaryOf, ReferentialBuilder } from './support/referential-builder.js';

/**
 * Hospital B2 writes the birth date in six digits. Its century is the latest that does not put the
 * birth after the date of care (the invoice's earliest act date), never a fixed pivot: with the
 * old pivot 27 every baby born from 1 January 2027 was read as born in 1927.
 */
const reader = new InvoiceReader(etab, 'B2_ETAB');
const NIR = '1850475123456';

/** One hospital invoice (header, one consultation per act date, trailer) read as a worker reads it. */
function readInvoice(birthDate: number, actDates: readonly number[]): ReadInvoice {
  const common = { nir: NIR, nirKey: '57', beneficiaryRank: '000', invoiceNumber: '000000123' };
  const records = [
    encodeRecord(etab, '2', { ...common, natureOperation: '1', grandRegime: '01', natureAssurance: '10', exoCode: '0', birthDate, birthRank: 1, contractType: 'CT', amcNumber: AMC_NUMBER }),
    ...actDates.map((actDate) => encodeRecord(etab, '4', {
      ...common, treatmentMode: '03', discipline: '100', exoCode: '0', executantSpecialty: '01', actDate,
      actCode: 'C', quantity: 1, coefficient: 100, denombrement: 1, unitPrice: 3000, base: 3000, amoRate: 70, amo: 2100, fee: 3000, amcDeclared: 900,
    })),
    encodeRecord(etab, '5', {
      ...common, totalBasePh: 0, totalAmoPh: 0, totalFeeHon: 3000 * actDates.length, totalAmoHon: 2100 * actDates.length,
      totalPatientPh: 0, totalAmcPh: 0, totalAmcHon: 900 * actDates.length, totalFeePh: 0,
    }),
  ];
  const bytes = Buffer.from(records.join(''), 'latin1');
  return reader.read(bytes, 0, records.length, { sequence: 1, practitionerId: '750712184', location: { file: 'etab.b2', line: 3, byteOffset: 0, lot: '001' } });
}

/** The six digits the hospital wrote for a birth date (JJMMAA in this profile). */
const sixDigitsOf = (ymd: number): string => {
  const text = String(ymd);
  return text.slice(6, 8) + text.slice(4, 6) + text.slice(2, 4);
};

describe('6-digit birth dates take their century from the date of care', () => {
  it('a newborn of 2 January 2027 cared for on 5 January 2027 is born in 2027, not 1927', () => {
    const read = readInvoice(20270102, [20270105]);
    expect(sixDigitsOf(20270102)).toBe('020127');
    expect(read.errors).toEqual([]);
    expect(read.invoice.birthDate).toBe(20270102);
    expect(read.invoice.birthCenturyInferred).toBe(true);
  });

  it('a birth on the care day itself is that day', () => {
    expect(readInvoice(20270105, [20270105]).invoice.birthDate).toBe(20270105);
  });

  it('six digits that would put the birth the day after the care are a century earlier', () => {
    expect(readInvoice(20270106, [20270105]).invoice.birthDate).toBe(19270106);
  });

  it('counts from the earliest act date when the acts span several days', () => {
    // Born 3 January cannot be 2027 when one act is on 2 January 2027.
    expect(readInvoice(20270103, [20270105, 20270102]).invoice.birthDate).toBe(19270103);
    expect(readInvoice(20270102, [20270105, 20270102]).invoice.birthDate).toBe(20270102);
  });

  it('a centenarian born 10 March 1925, cared for in 2026: the six digits alone say 2025, the card entry of 1925 is recognised', () => {
    const read = readInvoice(19250310, [20261112]);
    expect(read.invoice.birthDate).toBe(20250310);
    const centenarian = beneficiaryOf({ nir: NIR, birthDate: 19250310 as DateYmd, birthRank: 1, amcNumber: AMC_NUMBER });
    const ref = new ReferentialBuilder().withBeneficiaries(centenarian).build();
    const invoice: Invoice = { ...read.invoice, amcNumber: AMC_NUMBER, memberNumber: '' };
    const motives: Motive[] = [];
    const found = checkBeneficiary(invoice, ref, 20261112 as DateYmd, motives);
    expect(motives.filter((m) => m.code === 'BENEF_HORS_CARTE')).toEqual([]);
    expect(found?.birthDate).toBe(19250310);
  });

  it('a birth date written with its century gets no such latitude: 2025 does not match a 1925 card entry', () => {
    const invoice: Invoice = { ...readInvoice(19250310, [20261112]).invoice, birthCenturyInferred: false, amcNumber: AMC_NUMBER, memberNumber: '' };
    const ref = new ReferentialBuilder().withBeneficiaries(beneficiaryOf({ nir: NIR, birthDate: 19250310 as DateYmd, birthRank: 1, amcNumber: AMC_NUMBER })).build();
    const motives: Motive[] = [];
    expect(checkBeneficiary(invoice, ref, 20261112 as DateYmd, motives)).toBeUndefined();
    expect(motives.map((m) => m.label)).toEqual(['Bénéficiaire absent de la carte : date de naissance']);
  });

  // Care dates the act zone (D6, pivot 70) can carry: 1970–2069.
  const careDay = fc
    .integer({ min: dayNumberOfYmd(19700101 as DateYmd), max: dayNumberOfYmd(20691231 as DateYmd) })
    .map((n) => ymdOfDayNumber(n));

  it('reads back exactly every birth less than a century before the care (property)', () => {
    fc.assert(
      fc.property(careDay, fc.integer({ min: 0, max: 36_523 }), (care, daysBefore) => {
        const birth = ymdOfDayNumber(dayNumberOfYmd(care) - daysBefore);
        fc.pre(birth > addMonths(care, -1200));
        const read = readInvoice(birth, [care]);
        expect(read.errors).toEqual([]);
        expect(read.invoice.birthDate).toBe(birth);
      }),
      { numRuns: 300 },
    );
  });

  it('birthDateNotAfterCare keeps the six digits, is never after the care, and is within a century of it (property)', () => {
    fc.assert(
      fc.property(careDay, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (care, yy, mm, dd) => {
        const sixDigits = (yy * 100 + mm) * 100 + dd;
        const birth = birthDateNotAfterCare(1900_000_000 + sixDigits, care);
        expect(birth % 1_000_000).toBe(sixDigits);
        expect(birth).toBeLessThanOrEqual(care);
        expect(birth).toBeGreaterThan(care - 1_000_000);
      }),
    );
  });
});
