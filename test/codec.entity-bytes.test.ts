import { describe, expect, it } from 'vitest';
import type { ArlInput } from '../codecs/arl/arl-model.js';
import { readArl } from '../codecs/arl/arl-reader.js';
import { writeArl, writeArlBytes } from '../codecs/arl/arl-writer.js';
import type { RspInput, RspInvoice } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580, writeRsp580Bytes } from '../codecs/noemie/rsp-writer.js';

// The engine writes returns and ARLs as bytes, from a buffer the entity writer reuses and grows
// (writeEntityBytes). These tests read those bytes back with the readers, across the growth of
// the buffer and from one file to the next.

/** A practitioner's return of `count` invoices over three lots, every fourth one rejected. */
function returnOf(count: number, practitionerId: string): RspInput {
  const invoices: RspInvoice[] = [];
  let paidCents = 0;
  for (let i = 0; i < count; i++) {
    const rejected = i % 4 === 3;
    const claimedCents = 1_000 + ((i * 7919) % 50_000);
    const paid = rejected ? 0 : claimedCents;
    paidCents += paid;
    invoices.push({
      invoiceNumber: String(100_000_000 + i), nir: String(1_850_475_000_000 + i), nirKey: String(10 + (i % 90)), rank: 1 + (i % 3),
      careDate: 20_261_101 + (i % 20), claimedCents, paidCents: paid, status: rejected ? 'R' : 'P',
      motives: rejected ? [{ code: 'B004', label: `DROITS NON OUVERTS AU ${1 + (i % 28)}/11/2026` }] : [],
      lot: ['001', '002', '003'][Math.floor((i * 3) / count)]!,
    });
  }
  return {
    fileNumber: 1, creationDate: 20_261_123, emitter: '98532005', practitioner: { billingId: practitionerId, name: 'CENTRE DE SANTE' },
    accountingDate: 20_261_123, transfer: { reference: `TPLIQ-20261123-${practitionerId}`, paymentDate: 20_261_125, amountCents: paidCents },
    groups: [{ amcNumber: '0000123456', amcName: 'MUTUELLE ETOILE', invoices }],
  };
}

function modelOf(bytes: Uint8Array): Omit<ReturnType<typeof readRsp580>['file'], 'reference' | 'unmodelled'> {
  const read = readRsp580(Buffer.from(bytes).toString('utf8'));
  expect(read.errors).toEqual([]);
  const { reference: _reference, unmodelled, ...model } = read.file;
  expect(unmodelled).toEqual([]);
  return model;
}

describe('entity files written as bytes', () => {
  it('a return larger than the first buffer reads back whole, byte for byte the same as its text', () => {
    const large = returnOf(3_000, '123456782');
    const bytes = Buffer.from(writeRsp580Bytes(large));
    expect(bytes.length).toBeGreaterThan(4 * 65_536);
    expect(modelOf(bytes)).toEqual(large);
    expect(bytes.equals(Buffer.from(writeRsp580(large), 'utf8'))).toBe(true);
    // One line per entity: 000, 010, 020, 030, 040, three lots each with its 990, the invoices,
    // one 080 per rejected invoice, 990 of the mandant, 990 of the file, 999.
    const rejected = large.groups[0]!.invoices.filter((i) => i.status === 'R').length;
    expect(bytes.toString('latin1').split('\n').length - 1).toBe(5 + 3 * 2 + 3_000 + rejected + 3);
  });

  it('each file is whole once written, whatever was written before it', () => {
    const sizes = [3_000, 2, 700, 1, 5_000, 40];
    const written = sizes.map((count, n) => {
      const input = returnOf(count, String(200_000_000 + n));
      return { input, bytes: Buffer.from(writeRsp580Bytes(input)) };
    });
    for (const { input, bytes } of written) expect(modelOf(bytes)).toEqual(input);
  });

  it('an ARL as bytes is its text, after a large return has grown the buffer', () => {
    writeRsp580Bytes(returnOf(4_000, '300000007'));
    const arl: ArlInput = {
      emitterId: '123456782', lotNumber: '002', fileNumber: '00042', constitutionDate: 20_260_112, receiverId: '98532005', receptionDate: 20_260_113, status: 'N',
      counts: { invoicesReceived: 3, invoicesAccepted: 2, receivedAmountCents: 12_345, declaredInvoices: 4, declaredAmountCents: 15_000 },
      errors: [
        { level: 'lot', code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', invoiceNumber: '', line: 19, label: 'Le lot annonce 4 factures, 3 lues' },
        { level: 'invoice', code: 'TPLIQ_B2_BAD_DATE', invoiceNumber: '000000124', line: 7, label: 'Date des soins invalide' },
      ],
    };
    const bytes = Buffer.from(writeArlBytes(arl));
    expect(bytes.toString('utf8')).toBe(writeArl(arl));
    expect(bytes.toString('latin1').split('\n').slice(0, 4)).toEqual([
      '000ARL123456782002000422026011298532005 20260113N@',
      '0100000300002000000012345+00004000000015000+@',
      expect.stringMatching(/^020.*TPLIQ_B2_LOT_COUNT_MISMATCH/),
      expect.stringMatching(/^020.*TPLIQ_B2_BAD_DATE.*000000124/),
    ]);
    expect(readArl(bytes.toString('utf8')).errors).toEqual([]);
  });
});
