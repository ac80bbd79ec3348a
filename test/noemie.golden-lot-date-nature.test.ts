import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';
import { expectHandWrittenLines } from './support/hand-written-lines.js';

// One practitioner who sent lot 001 on 10 January and again on 12 January (a lot number is the
// practitioner's own counter: it comes round again), and a paper invoice (no lot, no date). The
// B2 invoices carry their nature d'assurance (10 maladie, 41 AT); the paper one has none.
const ACT = { actCode: 'C', quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, amcCents: 900 };
const INPUT: RspInput = {
  fileNumber: 7,
  creationDate: 20260115,
  emitter: '98532005',
  practitioner: { billingId: '123456782', name: 'DR MARTIN' },
  accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 2700 },
  groups: [{
    amcNumber: '0000123456',
    amcName: 'MUTUELLE A',
    invoices: [
      { invoiceNumber: '000000020', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260108, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [], lot: '000', acts: [{ ...ACT, actDate: 20260108 }] },
      { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [], lot: '001', lotSendDate: 20260110, natureAssurance: '10', acts: [{ ...ACT, actDate: 20260105 }] },
      { invoiceNumber: '000000011', nir: '2920169123045', nirKey: '92', rank: 1, careDate: 20260109, claimedCents: 900, amoCents: 2100, paidCents: 900, status: 'P', motives: [], lot: '001', lotSendDate: 20260112, natureAssurance: '41', acts: [{ ...ACT, actDate: 20260109 }] },
    ],
  }],
};

/** The 070 of one consultation C of 30.00 € (AMO 21.00, AMC 9.00) on `date`. */
const act = (date: number): string => `070${'C'.padEnd(13)}${date}001000100${'00000003000+'}${'00000002100+'}${'00000000900+'}@`;

// Written by hand from the profile's columns (codecs/layouts/noemie-580.json): 050 = entity, lot (3),
// send date SSAAMMJJ (blank when none), invoice count (5); 060 nature d'assurance at columns 39–40.
const EXPECTED = [
  '0000058098532005 123456782202601150000701@',
  '0100000123456MUTUELLE A                    @',
  '020123456782VDR MARTIN                     @',
  '03020260114@',
  '040TPLIQ-20260114-123456782           2026011600000002700+@',
  '050000        00001@', //                                                       paper: no lot, no date
  '06000000002018504751234565700120260108  00000000900+00000002100+00000000900+P@',
  act(20260108),
  '99005000000200000000900+00000000000+@',
  '05000120260110' + '00001@', //                                                 lot 001 of 10 January
  '0600000000011850475123456570012026010510' + '00000000900+00000002100+00000000900+P@',
  act(20260105),
  '99005000000200000000900+00000000000+@',
  '05000120260112' + '00001@', //                                                 lot 001 again, 12 January
  '0600000000112920169123045920012026010941' + '00000000900+00000002100+00000000900+P@',
  act(20260109),
  '99005000000200000000900+00000000000+@',
  '99001000001500000002700+00000000000+@', //   mandant: 020 030 040, 3 lots × (050 060 070 990)
  '99000000001700000002700+00000000000+@', //   file: 010, the mandant's 15, its 990
  '99900000020@',
];

describe('NOEMIE RSP 580 writer: golden return with the lot\'s date (050) and the nature d\'assurance (060)', () => {
  const text = writeRsp580(INPUT);

  it('matches the hand-written return line by line: one 050 per lot number and date, ascending', () => {
    expectHandWrittenLines(text, EXPECTED);
  });

  it('reads back each invoice\'s lot date and nature, blank zones as none, and writes the same bytes again', () => {
    const read = readRsp580(text);
    expect(read.errors).toEqual([]);
    const { reference: _r, unmodelled: _u, ...model } = read.file;
    expect(model).toEqual(INPUT);
    expect(writeRsp580(model)).toBe(text);
  });

  it('refuses a nature d\'assurance that is not two digits (the caller built the model wrong)', () => {
    const bad: RspInput = structuredClone(INPUT);
    bad.groups[0]!.invoices[1]!.natureAssurance = '1';
    expect(() => writeRsp580(bad)).toThrow(/nature d'assurance "1" is not 2 digits/);
  });
});
