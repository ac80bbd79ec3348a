import { describe, expect, it } from 'vitest';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeRecord, type RecordValues } from '../codecs/fixed-width/record-codec.js';
import type { Channel } from '../engine/domain/invoice.js';
import { InvoiceReader } from '../engine/intake/invoice-reader.js';
import { etab } from './support/b2-file.js';

/**
 * The nature d'assurance (maladie 10, maternité 30, AT/MP 41…) goes on the normalised invoice as
 * read, from the formats that have the zone (hospital B2 [S], B2 PS [R]); DRE and paper have none.
 */
function natureOf(layout: CompiledLayout, channel: Channel, header: RecordValues): string | undefined {
  const record = encodeRecord(layout, '2', { nir: '1850475123456', nirKey: '57', invoiceNumber: '000000123', ...header });
  const read = new InvoiceReader(layout, channel).read(Buffer.from(record, 'latin1'), 0, 1, {
    sequence: 1, practitionerId: '991023763', location: { file: 'a.b2', line: 2, byteOffset: 0, lot: '001' },
  });
  return read.invoice.natureAssurance;
}

describe('the nature d\'assurance on the normalised invoice', () => {
  it('hospital B2 Type 2: the two digits as read (41: accident du travail)', () => {
    expect(natureOf(etab, 'B2_ETAB', { natureAssurance: '41' })).toBe('41');
    expect(natureOf(etab, 'B2_ETAB', { natureAssurance: '10' })).toBe('10');
  });

  it('B2 PS Type 2 (its zone is reconstructed, [R]): as read', () => {
    expect(natureOf(loadLayout('b2-ps'), 'B2_PS', { natureAssurance: '30' })).toBe('30');
  });

  it('a blank zone, or a format without one (DRE; paper is read as B2 PS without it): absent', () => {
    expect(natureOf(etab, 'B2_ETAB', {})).toBeUndefined();
    expect(natureOf(loadLayout('dre'), 'DRE', {})).toBeUndefined();
    expect(loadLayout('dre').records.get('2')?.byName.has('natureAssurance')).toBe(false);
  });
});
