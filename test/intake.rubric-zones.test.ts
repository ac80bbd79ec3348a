import { describe, expect, it } from 'vitest';
import type { InvoiceFrame } from '../codecs/b2/frames.js';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { decodeRecord, encodeRecord, type RecordValues } from '../codecs/fixed-width/record-codec.js';
import type { Channel } from '../engine/domain/invoice.js';
import { InvoiceReader, type ReadInvoice } from '../engine/intake/invoice-reader.js';
import { framePaperFile, PAPER_COLUMNS } from '../engine/intake/paper-invoices.js';
import { etab } from './support/b2-file.js';

/**
 * The zones of the non-blocking rubrics (R. 161-42 4°, 6°) at their columns, written by the codec
 * and read back by the worker's reader: the accord préalable reference of B2 PS (112–118), DRE
 * (3–9) and paper (column `accord_prealable`), the hospital B2's nature d'assurance (77–78) and
 * AT number or date (86–94).
 */
const bps = loadLayout('b2-ps');
const dre = loadLayout('dre');
const common = { nir: '1850475123456', nirKey: '57', beneficiaryRank: '000', invoiceNumber: '000000123' };
const LINE: RecordValues = {
  ...common, exoCode: ' ', actDate: 20261103, actCode: 'C', quantity: 1, coefficient: 100, unitPrice: 3000, base: 3000,
  amoRate: 70, amo: 2100, fee: 3000, amcDeclared: 900,
};
const FSE_HEADER: RecordValues = {
  ...common, natureOperation: '1', securingMode: 'V', roSentDate: 20261103, birthDate: 19850415, birthRank: 1, memberNumber: '',
  parcours: '', pecNumber: '', exoCode: ' ', contractType: '', amcNumber: '0000012345',
};

function readOne(layout: CompiledLayout, channel: Channel, records: string[]): ReadInvoice {
  const bytes = Buffer.from(records.join(''), 'latin1');
  return new InvoiceReader(layout, channel).read(bytes, 0, records.length, { sequence: 1, practitionerId: '991023763', location: { file: 'x.b2', line: 3, byteOffset: 0, lot: '001' } });
}

/** An FSE or DRE: header with `header` over the defaults, one line, the trailer. */
function fseRecords(layout: CompiledLayout, header: RecordValues): string[] {
  return [
    encodeRecord(layout, '2', { ...FSE_HEADER, ...header }),
    encodeRecord(layout, '4', LINE),
    encodeRecord(layout, '5', { ...common, totalFee: 3000, totalAmo: 2100, totalAmc: 900 }),
  ];
}

function hospitalRecords(natureAssurance: string, atNumber: string): string[] {
  return [
    encodeRecord(etab, '2', { ...common, natureOperation: '1', grandRegime: '01', natureAssurance, exoCode: '0', atNumber, birthDate: 19850415, birthRank: 1, contractType: 'CT', amcNumber: '0000012345' }),
    encodeRecord(etab, '4', { ...LINE, exoCode: '0' }),
    encodeRecord(etab, '5', { ...common, totalBasePh: 0, totalAmoPh: 0, totalFeeHon: 3000, totalAmoHon: 2100, totalPatientPh: 0, totalAmcPh: 0, totalAmcHon: 900, totalFeePh: 0 }),
  ];
}

describe('accord préalable reference (R. 161-42 6°) in B2 PS and DRE', () => {
  it.each([
    ['B2 PS', bps, 'B2_PS', 112],
    ['DRE', dre, 'DRE', 3],
  ] as const)('%s: written at column %s, read back; blank reads as missing', (_name, layout, channel, column) => {
    const records = fseRecords(layout, { accordPrealable: 'AP12345' });
    expect(records[0]!.slice(column - 1, column + 6)).toBe('AP12345');
    const decoded = decodeRecord(layout, records[0]!);
    expect(decoded.ok && decoded.value.values['accordPrealable']).toBe('AP12345');
    const read = readOne(layout, channel, records);
    expect(read.errors).toEqual([]);
    expect(read.invoice.accordPrealableReference).toBe('AP12345');
    const blank = readOne(layout, channel, fseRecords(layout, {}));
    expect(blank.invoice.accordPrealableReference).toBe('');
  });

  it('an FSE written without the zone is byte for byte the FSE written before it existed (blanks)', () => {
    expect(encodeRecord(bps, '2', FSE_HEADER).slice(111, 118)).toBe('       ');
    expect(encodeRecord(bps, '2', { ...FSE_HEADER, accordPrealable: '' })).toBe(encodeRecord(bps, '2', FSE_HEADER));
  });

  it('an FSE has no accident reference: its nature d\'assurance is read for the NOEMIE 060, but 41 makes nothing due (the AT number is the hospital B2\'s)', () => {
    const read = readOne(bps, 'B2_PS', fseRecords(bps, { natureAssurance: '41' }));
    expect(read.invoice.natureAssurance).toBe('41');
    expect(read.invoice.accidentReference).toBeUndefined();
  });
});

describe("hospital B2: nature d'assurance (77–78) and AT number or date (86–94)", () => {
  it('nature 41 and an AT date AAMMJJ right-aligned with 3 zeros are read as written', () => {
    const records = hospitalRecords('41', '000261103');
    expect(records[0]!.slice(76, 78)).toBe('41');
    expect(records[0]!.slice(85, 94)).toBe('000261103');
    const read = readOne(etab, 'B2_ETAB', records);
    expect(read.errors).toEqual([]);
    expect([read.invoice.natureAssurance, read.invoice.accidentReference]).toEqual(['41', '000261103']);
  });

  it('a blank or all-zero AT zone is no reference', () => {
    expect(readOne(etab, 'B2_ETAB', hospitalRecords('41', '')).invoice.accidentReference).toBe('');
    expect(readOne(etab, 'B2_ETAB', hospitalRecords('41', '000000000')).invoice.accidentReference).toBe('');
  });

  it('the hospital B2 has no accord préalable zone: the rubric is absent, not blank', () => {
    expect(readOne(etab, 'B2_ETAB', hospitalRecords('10', '')).invoice.accordPrealableReference).toBeUndefined();
  });
});

describe('paper: the optional column accord_prealable', () => {
  const ROW: Record<string, string> = {
    practitioner_id: '991023763', invoice_number: '000000123', amc_number: '0012345678', member_number: '', nir: '1850775123456',
    nir_key: '08', birth_date: '1985-07-15', birth_rank: '1', ro_sent_date: '2026-11-12', hors_parcours: '0', pec_number: '', act_date: '2026-11-12',
    act_code: 'C', quantity: '1', coefficient: '1', unit_price: '30.00', base: '30.00', amo_rate: '70', amo: '21.00', fee: '30.00', amc: '9.00',
  };

  async function framed(columns: readonly string[], values: Record<string, string>): Promise<InvoiceFrame> {
    const row = { ...ROW, ...values };
    const csv = `${columns.join(',')}\n${columns.map((c) => row[c] ?? '').join(',')}\n`;
    const frames: InvoiceFrame[] = [];
    await framePaperFile(new Uint8Array(Buffer.from(csv)), 'paper/p.csv', bps, { invoice: (f) => frames.push(f), lotClosed: () => {}, fileClosed: () => {} }, () => {});
    expect(frames).toHaveLength(1);
    return frames[0]!;
  }
  const readFrame = (frame: InvoiceFrame): ReadInvoice =>
    new InvoiceReader(bps, 'PAPER').read(frame.bytes, 0, frame.recordCount, { sequence: 1, practitionerId: '991023763', location: { file: 'paper/p.csv', line: 2, byteOffset: 0, lot: 'PAPIER' } });

  it('keyed into the B2 PS zone and read back', async () => {
    const frame = await framed([...PAPER_COLUMNS, 'accord_prealable'], { accord_prealable: 'AP12345' });
    expect(frame.errors).toEqual([]);
    expect(readFrame(frame).invoice.accordPrealableReference).toBe('AP12345');
  });

  it('empty, or a file without the column: no reference (the zone is blank)', async () => {
    expect(readFrame(await framed([...PAPER_COLUMNS, 'accord_prealable'], { accord_prealable: '' })).invoice.accordPrealableReference).toBe('');
    expect(readFrame(await framed(PAPER_COLUMNS, {})).invoice.accordPrealableReference).toBe('');
  });

  it('longer than its 7-character zone: the invoice is refused at the column, with its code', async () => {
    const columns = [...PAPER_COLUMNS, 'accord_prealable'];
    const frame = await framed(columns, { accord_prealable: 'AP123456' });
    expect(frame.errors.map((e) => [e.code, e.field, e.line, e.column])).toEqual([['TPLIQ_PAPER_VALUE_TOO_LONG', 'accord_prealable', 2, columns.indexOf('accord_prealable') + 1]]);
  });
});
