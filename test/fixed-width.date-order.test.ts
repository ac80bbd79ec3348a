import { describe, expect, it } from 'vitest';
import { CodecFault } from '../codecs/fixed-width/codec-error.js';
import type { FieldSpec, LayoutSpec } from '../codecs/fixed-width/layout.js';
import { compileLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { InvoiceReader } from '../engine/intake/invoice-reader.js';
import { etab } from './support/b2-file.js';

/**
 * formats.md B5: whether a B2 6-digit date is JJMMAA or AAMMJJ is not public, so it is a property
 * of the layout profile (dateOrder6, default JJMMAA; a field may override it), never a guess from
 * the digits. Digits that are no day under that order are a TPLIQ_B2_BAD_DATE at their file, line
 * and column — never read as another date.
 */
function spec(overrides: Partial<LayoutSpec> = {}, fields: Partial<FieldSpec>[] = []): LayoutSpec {
  return {
    profile: 'dates',
    version: '1',
    description: 'date order fixture',
    recordLength: 22,
    discriminator: { start: 1, length: 2 },
    centuryPivot: 70,
    records: {
      D: {
        role: 'entity',
        description: 'fixture',
        fields: [
          { name: 'code', start: 1, length: 2, kind: 'A', source: 'R', const: 'D' },
          { name: 'careDate', start: 3, length: 6, kind: 'D6', source: 'R', ...fields[0] },
          { name: 'birthDate', start: 9, length: 6, kind: 'D6', source: 'R', birth: true, ...fields[1] },
          { name: 'sentDate', start: 15, length: 8, kind: 'D8', source: 'R', ...fields[2] },
        ],
      },
    },
    ...overrides,
  } as LayoutSpec;
}

function layoutFault(s: LayoutSpec): CodecFault {
  try {
    compileLayout(s);
  } catch (e) {
    if (e instanceof CodecFault) return e;
    throw e;
  }
  throw new Error('the layout was accepted');
}

const careOf = (s: LayoutSpec, line: string): unknown => {
  const outcome = decodeRecord(compileLayout(s), line, { file: 'f.b2', line: 7 });
  return outcome.ok ? outcome.value.values.careDate : outcome.errors;
};

describe('the 6-digit date order is a property of the layout profile', () => {
  it('defaults to JJMMAA for 6 digits and SSAAMMJJ for 8 when the profile names none', () => {
    const field = compileLayout(spec()).records.get('D')!.byName;
    expect(field.get('careDate')!.dateOrder).toBe('JJMMAA');
    expect(field.get('sentDate')!.dateOrder).toBe('SSAAMMJJ');
  });

  it('reads the same six digits as the profile says: 031126 is 3 November 2026 in JJMMAA, 26 November 2003 in AAMMJJ', () => {
    const line = 'D 03112601010120261123';
    expect(careOf(spec({ dateOrder6: 'JJMMAA' }), line)).toBe(20261103);
    expect(careOf(spec({ dateOrder6: 'AAMMJJ' }), line)).toBe(20031126);
  });

  it('lets one field keep another order (formats.md B5: the AT date is AAMMJJ)', () => {
    const s = spec({ dateOrder6: 'JJMMAA' }, [{ dateOrder: 'AAMMJJ' }]);
    expect(compileLayout(s).records.get('D')!.byName.get('careDate')!.dateOrder).toBe('AAMMJJ');
    expect(careOf(s, 'D 03112601018520261123')).toBe(20031126);
  });

  it.each([
    ['an unknown 6-digit order', spec({ dateOrder6: 'MMJJAA' as never }), /dateOrder6 must be JJMMAA or AAMMJJ, got "MMJJAA"/],
    ['an 8-digit order for 6 digits', spec({ dateOrder6: 'SSAAMMJJ' }), /dateOrder6 must be JJMMAA or AAMMJJ/],
    ['a 6-digit order for 8 digits', spec({ dateOrder8: 'JJMMAA' }), /dateOrder8 must be SSAAMMJJ or JJMMSSAA/],
    ['a field order that does not fit its length', spec({}, [{}, {}, { dateOrder: 'AAMMJJ' }]), /field sentDate.*dateOrder must be SSAAMMJJ or JJMMSSAA/],
    ['a date order on a field that is no date', { ...spec(), records: { D: { role: 'entity', description: 'x', fields: [{ name: 'code', start: 1, length: 2, kind: 'A', source: 'R', dateOrder: 'AAMMJJ' }] } } } as LayoutSpec, /field code.*dateOrder and birth are for D6 \/ D8 dates/],
  ])('refuses %s at load (TPLIQ_LAYOUT_INVALID)', (_what, s, message) => {
    const fault = layoutFault(s);
    expect(fault.detail.code).toBe('TPLIQ_LAYOUT_INVALID');
    expect(fault.message).toMatch(message);
  });
});

describe('digits that are no day under the profile order are a located TPLIQ_B2_BAD_DATE', () => {
  it.each([
    ['450120', 'a day 45: an AAMMJJ date (20 January 2045) in a JJMMAA profile'],
    ['011326', 'a month 13'],
    ['310426', '31 April'],
    ['290226', '29 February of a common year'],
    ['000026', 'a "lunar" day and month, which only a birth date may have'],
  ])('%s (%s), with its file, line and column, and no date in its place', (digits, _what) => {
    const errors = careOf(spec(), `D ${digits}01018520261123`);
    expect(errors).toEqual([{ code: 'TPLIQ_B2_BAD_DATE', message: `careDate is not a day in JJMMAA order: "${digits}"`, file: 'f.b2', line: 7, column: 3, recordType: 'D', field: 'careDate' }]);
  });

  it('29 February of a leap year is a day', () => {
    expect(careOf(spec(), 'D 29022801018520261123')).toBe(20280229);
  });

  it('a birth date may be lunar (day or month 00), and its digits never appear in a message', () => {
    const layout = compileLayout(spec());
    const lunar = decodeRecord(layout, 'D 03112600008520261123');
    expect(lunar.ok && lunar.value.values.birthDate).toBe(19850000);
    const bad = decodeRecord(layout, 'D 03112632138520261123', { file: 'f.b2', line: 2 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([{ code: 'TPLIQ_B2_BAD_DATE', message: 'birthDate is not a day in JJMMAA order', file: 'f.b2', line: 2, column: 9, recordType: 'D', field: 'birthDate' }]);
  });

  it('the invoice reader reports an act date that is no day at its file, line, column, lot and invoice, and keeps no date for it', () => {
    const common = { nir: '1850475123456', nirKey: '57', beneficiaryRank: '000', invoiceNumber: '000000123' };
    const header = encodeRecord(etab, '2', { ...common, natureOperation: '1', grandRegime: '01', natureAssurance: '10', exoCode: '0', birthDate: 19850415, birthRank: 1, contractType: 'CT', amcNumber: '0000012345' });
    const line = encodeRecord(etab, '4', {
      ...common, treatmentMode: '03', discipline: '100', exoCode: '0', executantSpecialty: '01', actDate: 20261103,
      actCode: 'C', quantity: 1, coefficient: 100, denombrement: 1, unitPrice: 3000, base: 3000, amoRate: 70, amo: 2100, fee: 3000, amcDeclared: 900,
    });
    const actColumn = etab.records.get('4')!.byName.get('actDate')!.offset + 1;
    // The hospital wrote 20 January 2045 as AAMMJJ; the profile says JJMMAA: day 45.
    const written = line.slice(0, actColumn - 1) + '450120' + line.slice(actColumn - 1 + 6);
    const trailer = encodeRecord(etab, '5', { ...common, totalBasePh: 0, totalAmoPh: 0, totalFeeHon: 3000, totalAmoHon: 2100, totalPatientPh: 0, totalAmcPh: 0, totalAmcHon: 900, totalFeePh: 0 });
    const bytes = Buffer.from(header + written + trailer, 'latin1');
    const read = new InvoiceReader(etab, 'B2_ETAB').read(bytes, 0, 3, { sequence: 1, practitionerId: '750712184', location: { file: 'etab.b2', line: 12, byteOffset: 0, lot: '004' } });
    expect(read.errors).toEqual([{
      code: 'TPLIQ_B2_BAD_DATE', message: 'actDate is not a day in JJMMAA order',
      file: 'etab.b2', line: 13, column: actColumn, lot: '004', invoice: '000000123', field: 'actDate',
    }]);
    expect(read.invoice.lines[0]?.actDate).toBe(0);
  });
});
