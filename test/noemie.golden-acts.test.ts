import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { expectHandWrittenLines } from './support/hand-written-lines.js';

// One practitioner, one AMC, one lot, three invoices with their act lines (070):
// - paid: G 30.00 € at 70 % (AMO 21.00, AMC the TM 9.00) and MCG 5.00 € (AMO 3.50, AMC 1.50);
// - rejected: AMI 3 × 3.15 € (AMO 5.67), the 3.78 € the nurse declared, refused;
// - an accepted rectificative: C 30.00 € requalified to 60 % (AMO 18.00, AMC 12.00, 9.00 paid
//   before): the 060 pays the 3.00 € complement, its act the 12.00 € now due (the 065's new amount).
const INPUT: RspInput = {
  fileNumber: 7,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'DR MARTIN' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 1350 },
  groups: [{
    amcNumber: '0000123456',
    amcName: 'MUTUELLE A',
    invoices: [
      {
        invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 1050, amoCents: 2450, paidCents: 1050, status: 'P', motives: [], lot: '001',
        acts: [
          { actCode: 'G', actDate: 20260105, quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, amcCents: 900 },
          { actCode: 'MCG', actDate: 20260105, quantity: 1, coefficientHundredths: 100, baseCents: 500, amoCents: 350, amcCents: 150 },
        ],
      },
      {
        invoiceNumber: '000000002', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260106, claimedCents: 378, amoCents: 567, paidCents: 0, status: 'R', lot: '001',
        motives: [{ code: 'B001', label: 'BENEFICIAIRE INCONNU' }],
        acts: [{ actCode: 'AMI', actDate: 20260106, quantity: 1, coefficientHundredths: 300, baseCents: 945, amoCents: 567, amcCents: 378 }],
      },
      {
        invoiceNumber: '000000003', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260107, claimedCents: 1200, amoCents: 1800, paidCents: 300, status: 'P', lot: '001',
        regularisation: { nature: 'R', rectifiedInvoice: '000000009', previousCents: 900, newCents: 1200, deltaCents: 300 },
        motives: [{ code: 'N000', label: 'REGULARISATION' }],
        acts: [{ actCode: 'C', actDate: 20260107, quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 1800, amcCents: 1200 }],
      },
    ],
  }],
};

/** A text zone of the profile: left-aligned, padded with blanks to its width. */
const zone = (text: string, width: number): string => text.padEnd(width, ' ');

// Written by hand from the profile's columns (codecs/layouts/noemie-580.json), not by the writer:
// 070 = entity, act code (13), date SSAAMMJJ, quantity (3), coefficient × 100 (6), base, AMO, AMC
// (11 digits + sign each).
const EXPECTED = [
  '0000058098532005 123456782202601150000701@',
  '0100000123456MUTUELLE A                    @',
  '020123456782VDR MARTIN                     @',
  '03020260114@',
  '040TPLIQ-20260114-123456782           2026011600000001350+@',
  '050001        00003@',
  '06000000000118504751234565700120260105  00000001050+00000002450+00000001050+P@',
  `070${zone('G', 13)}20260105001000100${'00000003000+'}${'00000002100+'}${'00000000900+'}@`,
  `070${zone('MCG', 13)}20260105001000100${'00000000500+'}${'00000000350+'}${'00000000150+'}@`,
  '06000000000229201691230459200120260106  00000000378+00000000567+00000000000+R@',
  `070${zone('AMI', 13)}20260106001000300${'00000000945+'}${'00000000567+'}${'00000000378+'}@`,
  `080RB001 ${zone('BENEFICIAIRE INCONNU', 70)}F@`,
  '06000000000318504751234565700120260107  00000001200+00000001800+00000000300+S@',
  '065R00000000900000000900+00000001200+00000000300+@',
  `070${zone('C', 13)}20260107001000100${'00000003000+'}${'00000001800+'}${'00000001200+'}@`,
  `080SN000 ${zone('REGULARISATION', 70)}F@`,
  '99005000001000000001350+00000000378+@', //   lot: 3 × 060, 4 × 070, 065, 2 × 080
  '99001000001500000001350+00000000378+@', //   mandant: 020 030 040 050, the lot's 10, its 990
  '99000000001700000001350+00000000378+@', //   file: 010, the mandant's 15, its 990
  '99900000020@', //                            20 entities in all, the 070s counted
];

describe('NOEMIE RSP 580 writer: golden return with act lines (070) for paid, rejected and regularised invoices', () => {
  const text = writeRsp580(INPUT);

  it('matches the hand-written return line by line', () => {
    expectHandWrittenLines(text, EXPECTED);
  });

  it('reads back the model without error, and writes the same bytes again', () => {
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    const { reference: _r, unmodelled, ...model } = read.file;
    expect(unmodelled).toEqual([]);
    expect(model).toEqual(INPUT);
    expect(writeRsp580(model)).toBe(text);
  });

  it('writes an act without a valid date with a blank date zone, which reads back as 0', () => {
    const undated: RspInput = structuredClone(INPUT);
    undated.groups[0]!.invoices[1]!.acts![0]!.actDate = 0;
    const written = writeRsp580(undated);
    expect(written.split('\n')[10]).toBe(`070${zone('AMI', 13)}${' '.repeat(8)}001000300${'00000000945+'}${'00000000567+'}${'00000000378+'}@`);
    expect(readRsp580(written).file.groups[0]?.invoices[1]?.acts?.[0]?.actDate).toBe(0);
  });
});
