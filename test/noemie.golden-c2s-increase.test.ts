import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { expectHandWrittenLines } from './support/hand-written-lines.js';

// The return of an AMO fund (the payee of its C2S claims, D. 861-4), one AMC, one lot, two claims:
// - paid late: G 30.50 € (AMO 21.35, the TM 9.15) due 17/11/2026, paid with the 10 % increase of
//   L. 861-3, 0.915 → 0.92 half-up: the 060 pays 10.07, the 067 says 0.92 of it is the increase
//   and when the claim was due, the 070 the 9.15 of the care, the 080 the signalement N004;
// - paid in time: G 30.00 € (AMO 21.00, the TM 9.00).
const LABEL = 'MAJORATION DE 10 % : 0,92 EUR (MISE EN DEMEURE RECUE LE 21/11/2026)';
const INPUT: RspInput = {
  fileNumber: 3,
  creationDate: 20261123,
  emitter: '98532005',
  practitioner: { billingId: '011751234', name: 'CPAM DE PARIS' },
  accountingDate: 20261123,
  transfer: { reference: 'TPLIQ-20261123-011751234', paymentDate: 20261123, amountCents: 1907 },
  groups: [{
    amcNumber: '0679200223',
    amcName: 'MUTUELLE DES PAYS DE LOIRE',
    invoices: [
      {
        invoiceNumber: '700000002', nir: '1880713371037', nirKey: '43', rank: 1, careDate: 20261106, claimedCents: 915, amoCents: 2135, paidCents: 1007, status: 'P', lot: '001',
        c2sIncrease: { increaseCents: 92, dueDate: 20261117 },
        motives: [{ code: 'N004', label: LABEL }],
        acts: [{ actCode: 'G', actDate: 20261106, quantity: 1, coefficientHundredths: 100, baseCents: 3050, amoCents: 2135, amcCents: 915 }],
      },
      {
        invoiceNumber: '700000001', nir: '1880713371037', nirKey: '43', rank: 1, careDate: 20261116, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [], lot: '001',
        acts: [{ actCode: 'G', actDate: 20261116, quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, amcCents: 900 }],
      },
    ],
  }],
};

const zone = (text: string, width: number): string => text.padEnd(width, ' ');

// Written by hand from the profile's columns (codecs/layouts/noemie-580.json): 067 = entity, the
// increase (12 digits, unsigned, cents), the due date SSAAMMJJ.
const EXPECTED = [
  '0000058098532005 011751234202611230000301@',
  `0100679200223${zone('MUTUELLE DES PAYS DE LOIRE', 30)}@`,
  `020011751234V${zone('CPAM DE PARIS', 30)}@`,
  '03020261123@',
  '040TPLIQ-20261123-011751234           2026112300000001907+@',
  '050001        00002@',
  '06070000000218807133710374300120261106  00000000915+00000002135+00000001007+S@',
  '06700000000009220261117@',
  `070${zone('G', 13)}20261106001000100${'00000003050+'}${'00000002135+'}${'00000000915+'}@`,
  `080SN004 ${zone(LABEL, 70)}F@`,
  '06070000000118807133710374300120261116  00000000900+00000002100+00000000900+P@',
  `070${zone('G', 13)}20261116001000100${'00000003000+'}${'00000002100+'}${'00000000900+'}@`,
  '99005000000600000001907+00000000000+@', //   lot: 2 × 060, 067, 2 × 070, 080
  '99001000001100000001907+00000000000+@', //   mandant: 020 030 040 050, the lot's 6, its 990
  '99000000001300000001907+00000000000+@', //   file: 010, the mandant's 11, its 990
  '99900000016@', //                            16 entities in all, the 067 counted
];

describe('NOEMIE RSP 580 writer: golden return of an AMO fund with a C2S claim paid with its increase (067)', () => {
  const text = writeRsp580(INPUT);
  const lines = text.split('\n');

  it('matches the hand-written return line by line', () => {
    expectHandWrittenLines(text, EXPECTED);
  });

  it('reads back to the same model, and encode → decode → encode gives the same bytes', () => {
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    expect(read.file.groups[0]!.invoices[0]!.c2sIncrease).toEqual({ increaseCents: 92, dueDate: 20261117 });
    expect(writeRsp580(read.file)).toBe(text);
  });

  it('an increase the acts do not account for, or one on an invoice that pays less, is reported at its line', () => {
    const wrongActs = text.replace('06700000000009220261117', '06700000000009320261117');
    expect(readRsp580(wrongActs).errors.map((e) => e.code)).toContain('TPLIQ_NOEMIE_ACT_AMC_MISMATCH');
    const tooLarge = text.replace('06700000000009220261117', '06700000000200020261117');
    expect(readRsp580(tooLarge).errors.map((e) => [e.code, e.line])).toContainEqual(['TPLIQ_NOEMIE_TOTAL_MISMATCH', 8]);
    // A 067 after the acts is out of place.
    const moved = lines.slice(0, -1);
    const [increase] = moved.splice(7, 1);
    moved.splice(8, 0, increase!);
    expect(readRsp580(moved.join('\n') + '\n').errors.map((e) => [e.code, e.line])).toContainEqual(['TPLIQ_NOEMIE_STRUCTURE', 9]);
  });
});
