import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../codecs/fixed-width/record-codec.js';
import { noemie580Layout } from '../codecs/noemie/rsp-layout.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { expectHandWrittenLines } from './support/hand-written-lines.js';

// One pharmacy, one accounting day, two mandating AMCs; paid, paid-with-signalement and rejected
// invoices. AMC 1's invoices come interleaved across lots 001 and 002, as a commit step could
// order them: the return groups them by lot.
const INPUT: RspInput = {
  fileNumber: 42,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'Pharmacie du Marché' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 6000 },
  groups: [
    {
      amcNumber: '0000123456',
      amcName: 'Mutuelle Étoile',
      invoices: [
        { invoiceNumber: '000000123', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, paidCents: 900, status: 'P', motives: [], lot: '001' },
        { invoiceNumber: '000000131', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260108, claimedCents: 2100, paidCents: 2100, status: 'P', motives: [], lot: '002' },
        {
          invoiceNumber: '000000124', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260106, claimedCents: 3000, paidCents: 0, status: 'R',
          motives: [{ code: 'B004', label: 'Droits du bénéficiaire non ouverts au 06/01/2026' }], lot: '001',
        },
      ],
    },
    {
      amcNumber: '0000654321',
      amcName: 'Prévoyance Œuvres',
      invoices: [
        {
          invoiceNumber: '000000130', nir: '2920169123045', nirKey: '92', rank: 2, careDate: 20260107, claimedCents: 3000, paidCents: 3000, status: 'P',
          motives: [{ code: 'D001', label: 'Facture reçue hors délai' }], lot: '002',
        },
        {
          invoiceNumber: '000000132', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260109, claimedCents: 4550, paidCents: 0, status: 'R',
          motives: [{ code: 'G002', label: 'Prise en charge absente' }, { code: 'B003', label: 'Carte de tiers payant non valide' }], lot: '002',
        },
      ],
    },
  ],
};

// Written by hand from the profile's columns (codecs/layouts/noemie-580.json), not by the writer.
const EXPECTED = [
  '0000058098532005 123456782202601150004201@', //                    000 header, file n° 00042
  '0100000123456MUTUELLE ETOILE               @', //                   010 AMC 1 (accent dropped)
  '020123456782VPHARMACIE DU MARCHE           @',
  '03020260114@',
  '040TPLIQ-20260114-123456782           2026011600000003000+@', //   AMC 1 share: 9.00 + 21.00
  '050001        00002@',
  '06000000012318504751234565700120260105  00000000900+            00000000900+P@',
  '06000000012429201691230459200120260106  00000003000+            00000000000+R@',
  '080RB004 DROITS DU BENEFICIAIRE NON OUVERTS AU 06/01/2026                      F@',
  '99005000000300000000900+00000003000+@', //                          lot 001: 3 entities
  '050002        00001@',
  '06000000013118504751234565700120260108  00000002100+            00000002100+P@',
  '99005000000100000002100+00000000000+@',
  '99001000001100000003000+00000003000+@', //                          AMC 1: 11 entities
  '0100000654321PREVOYANCE OEUVRES            @', //                   Œ spelled OE
  '020123456782VPHARMACIE DU MARCHE           @',
  '03020260114@',
  '040TPLIQ-20260114-123456782           2026011600000003000+@',
  '050002        00002@',
  '06000000013029201691230459200220260107  00000003000+            00000003000+S@', // paid + signalement
  '080SD001 FACTURE RECUE HORS DELAI                                              F@',
  '06000000013218504751234565700120260109  00000004550+            00000000000+R@',
  '080RG002 PRISE EN CHARGE ABSENTE                                               F@',
  '080RB003 CARTE DE TIERS PAYANT NON VALIDE                                      F@',
  '99005000000500000003000+00000004550+@',
  '99001000001000000003000+00000004550+@',
  '99000000002500000006000+00000007550+@', //                          file: paid 60.00 = transfer
  '99900000028@', //                                                   28 entities in all
];

describe('NOEMIE RSP 580 writer: golden return of one pharmacy paid by two AMCs', () => {
  const text = writeRsp580(INPUT);
  const lines = text.split('\n');

  it('writes one entity per line, each ended by the @ delimiter then LF, the file ending with LF', () => {
    expect(text.endsWith('@\n')).toBe(true);
    expect(lines.at(-1)).toBe('');
    expect(text).not.toContain('\r');
  });

  it('matches the hand-written return line by line', () => {
    expectHandWrittenLines(text, EXPECTED);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(writeRsp580(structuredClone(INPUT))).toBe(text);
  });

  it('reads back without error', () => {
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    expect(read.ok).toBe(true);
    expect(read.file.reference).toBe('00580');
    expect(read.file.transfer).toEqual(INPUT.transfer);
    expect(read.file.groups.map((g) => g.invoices.map((i) => `${i.lot}/${i.invoiceNumber}/${i.status}`))).toEqual([
      ['001/000000123/P', '001/000000124/R', '002/000000131/P'],
      ['002/000000130/P', '002/000000132/R'],
    ]);
  });
});

describe('NOEMIE 580 profile keeps the widths of the formats.md §4.2 illustration where they agree', () => {
  const layout = noemie580Layout();

  it.each([
    ['000', '00000580017510000123456782202601150000101', { reference: '00580', emitterId: '017510000', practitionerId: '123456782', creationDate: 20260115, fileNumber: 1 }],
    ['030', '03020260114', { accountingDate: 20260114 }],
    ['999', '99900000010', { entityCount: 10 }],
  ])('entity %s of the illustration decodes', (_code, line, values) => {
    const r = decodeRecord(layout, line);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.values).toMatchObject(values);
  });
});
