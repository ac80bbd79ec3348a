import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { expectHandWrittenLines } from './support/hand-written-lines.js';

// One practitioner, one AMC, one lot: a paid invoice with a short signalement, and a rejected one
// whose two motives are longer than the 080's 70-character label zone. The second motive holds a
// PEC number longer than a zone: the only word the writer may cut, glued back by its 081 (C).
const PEC_NUMBER = '0123456789'.repeat(8);
const INPUT: RspInput = {
  fileNumber: 7,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'DR MARTIN' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 900 },
  groups: [{
    amcNumber: '0000123456',
    amcName: 'MUTUELLE A',
    invoices: [
      { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [{ code: 'D001', label: 'Facture reçue hors délai' }], lot: '001' },
      {
        invoiceNumber: '000000002', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260106, claimedCents: 3000, paidCents: 0, status: 'R', lot: '001',
        motives: [
          { code: 'G001', label: 'Prestation non couverte par la garantie du contrat responsable au 06/01/2026 pour ce bénéficiaire' },
          // '°' is not ASCII: transliterated to a blank, then one blank with the space after it.
          { code: 'G002', label: `PEC invalide (n° ${PEC_NUMBER} inconnue)` },
        ],
      },
    ],
  }],
};

/** A text zone of the profile: left-aligned, padded with blanks to its width. */
const zone = (text: string, width: number): string => text.padEnd(width, ' ');

// Written by hand from the profile's columns (codecs/layouts/noemie-580.json), not by the writer:
// 080 = entity, kind, code (5), label (70), level; 081 = entity, sequence (2), joint (E/C), label (70).
const EXPECTED = [
  '0000058098532005 123456782202601150000701@',
  '0100000123456MUTUELLE A                    @',
  '020123456782VDR MARTIN                     @',
  '03020260114@',
  '040TPLIQ-20260114-123456782           2026011600000000900+@',
  '050001        00002@',
  '06000000000118504751234565700120260105  00000000900+00000002100+00000000900+S@', // AMO part 21.00
  `080SD001 ${zone('FACTURE RECUE HORS DELAI', 70)}F@`,
  '06000000000229201691230459200120260106  00000003000+            00000000000+R@',
  // 97 characters: cut at the last space before column 70, the space not written.
  `080RG001 ${zone('PRESTATION NON COUVERTE PAR LA GARANTIE DU CONTRAT RESPONSABLE AU', 70)}F@`,
  `08101E${zone('06/01/2026 POUR CE BENEFICIAIRE', 70)}@`,
  // The 80-digit number does not fit a zone: it starts a zone of its own, is cut at 70, glued on.
  `080RG002 ${zone('PEC INVALIDE (N', 70)}F@`,
  `08101E${PEC_NUMBER.slice(0, 70)}@`,
  `08102C${zone(`${PEC_NUMBER.slice(70)} INCONNUE)`, 70)}@`,
  '99005000000800000000900+00000003000+@', //   lot: 3 × 060/080, 3 × 081, 2 × 060 … 8 entities
  '99001000001300000000900+00000003000+@', //   mandant: 020 030 040 050, the lot's 8, its 990
  '99000000001500000000900+00000003000+@', //   file: 010, the mandant's 13, its 990
  '99900000018@', //                            18 entities in all, the 081s counted
];

describe('NOEMIE RSP 580 writer: golden return with motive labels continued in 081 and an invoice\'s AMO part', () => {
  const text = writeRsp580(INPUT);

  it('matches the hand-written return line by line', () => {
    expectHandWrittenLines(text, EXPECTED);
  });

  it('reads back whole labels, transliterated, without error, and writes the same bytes again', () => {
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    expect(read.file.unmodelled).toEqual([]);
    const labels = read.file.groups[0]?.invoices.map((i) => i.motives.map((m) => m.label));
    expect(labels).toEqual([
      ['FACTURE RECUE HORS DELAI'],
      ['PRESTATION NON COUVERTE PAR LA GARANTIE DU CONTRAT RESPONSABLE AU 06/01/2026 POUR CE BENEFICIAIRE', `PEC INVALIDE (N ${PEC_NUMBER} INCONNUE)`],
    ]);
    const { reference: _r, unmodelled: _u, ...model } = read.file;
    expect(writeRsp580(model)).toBe(text);
  });
});
