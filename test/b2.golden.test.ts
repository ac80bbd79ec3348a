import { describe, expect, it } from 'vitest';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';

// The synthetic example lines of formats.md §2.2, built with the hospital layout.
const GOLDEN = {
  type2: '2          185047512345657000000000123100000456701                          100                1504851030126050126    0000000000',
  type3: '3          18504751234565700000000012303100030126      GHS  001000100 100000150000001500000800012000000150000            0030000',
  type4: '4          18504751234565700000000012303100          0             01030126C    010001000100030000003000070000210000003000000900',
  type5: '5          185047512345657000000000123   00150000001200000000300000002100000300000003000000000900                 00150000      ',
};

describe('B2 établissements profile decodes the golden lines of formats.md', () => {
  const layout = loadLayout('b2-etablissements');

  it('every golden line is 128 characters', () => {
    for (const line of Object.values(GOLDEN)) expect(line).toHaveLength(128);
  });

  it('Type 2: NIR 1850475123456 key 57, invoice 000000123, born 15/04/1985 rank 1, AMC 0000000000', () => {
    const r = decodeRecord(layout, GOLDEN.type2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.code).toBe('2');
    expect(r.value.values).toMatchObject({
      nir: '1850475123456', nirKey: '57', beneficiaryRank: '000', invoiceNumber: '000000123',
      natureOperation: '1', grandRegime: '01', natureAssurance: '10', birthDate: 19850415, birthRank: 1,
      entryDate: 20260103, exitDate: 20260105, amcNumber: '0000000000',
    });
  });

  it('Type 3: GHS stay, BR 1 500.00 at 80 %, AMO 1 200.00, AMC 300.00', () => {
    const r = decodeRecord(layout, GOLDEN.type3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.values).toMatchObject({
      actDate: 20260103, actCode: 'GHS', quantity: 1, coefficient: 100, unitPrice: 150000, base: 150000,
      amoRate: 80, amo: 120000, fee: 150000, amcDeclared: 30000,
    });
  });

  it('Type 4: consultation C, 30.00 € at 70 % → AMO 21.00, AMC 9.00', () => {
    const r = decodeRecord(layout, GOLDEN.type4);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.values).toMatchObject({
      actDate: 20260103, actCode: 'C', quantity: 1, coefficient: 100, denombrement: 1, unitPrice: 3000,
      base: 3000, amoRate: 70, amo: 2100, fee: 3000, amcDeclared: 900, executantSpecialty: '01',
    });
  });

  it('Type 5: totals equal the sums of the Type 3 and Type 4 lines', () => {
    const r = decodeRecord(layout, GOLDEN.type5);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.values).toMatchObject({
      totalBasePh: 150000, totalAmoPh: 120000, totalFeeHon: 3000, totalAmoHon: 2100,
      totalPatientPh: 30000, totalAmcPh: 30000, totalAmcHon: 900, totalFeePh: 150000,
    });
  });

  it('every golden line re-encodes to the same bytes', () => {
    for (const line of Object.values(GOLDEN)) {
      const r = decodeRecord(layout, line);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(encodeRecord(layout, r.value.code, r.value.values)).toBe(line);
    }
  });
});
