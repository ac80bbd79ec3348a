import { describe, expect, it } from 'vitest';
import { CodecFault } from '../codecs/fixed-width/codec-error.js';
import type { RspInput, RspInvoice } from '../codecs/noemie/rsp-model.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

const PAID: RspInvoice = { invoiceNumber: '000000001', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 900, paidCents: 900, status: 'P', motives: [], lot: '001' };
const REJECTED: RspInvoice = { ...PAID, invoiceNumber: '000000002', paidCents: 0, status: 'R', motives: [{ code: 'B001', label: 'BENEFICIAIRE INCONNU' }] };

function input(invoices: RspInvoice[], transferCents: number | null): RspInput {
  return {
    fileNumber: 1, creationDate: 20260115, emitter: '98532005', practitioner: { billingId: '123456782', name: 'DR MARTIN' }, accountingDate: 20260114,
    transfer: transferCents === null ? null : { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: transferCents },
    groups: [{ amcNumber: '0000123456', amcName: 'MUTUELLE A', invoices }],
  };
}

/** The stable code of the fault thrown, or 'no fault'. */
function faultCode(write: () => unknown): string {
  try {
    write();
    return 'no fault';
  } catch (e) {
    if (e instanceof CodecFault) return e.detail.code;
    throw e;
  }
}

describe('NOEMIE RSP 580 writer refuses a return that breaks the protocol (programmer errors)', () => {
  it('writes a consistent return', () => {
    expect(faultCode(() => writeRsp580(input([PAID, REJECTED], 900)))).toBe('no fault');
    expect(faultCode(() => writeRsp580(input([REJECTED], null)))).toBe('no fault');
  });

  it('P13: a transfer that is not the total paid in the file', () => {
    expect(faultCode(() => writeRsp580(input([PAID, REJECTED], 899)))).toBe('TPLIQ_NOEMIE_TOTAL_MISMATCH');
    expect(faultCode(() => writeRsp580(input([PAID], null)))).toBe('TPLIQ_NOEMIE_TOTAL_MISMATCH');
  });

  it('P6/P7: a rejected invoice that pays something, or says no reason', () => {
    expect(faultCode(() => writeRsp580(input([{ ...REJECTED, paidCents: 100 }], 100)))).toBe('TPLIQ_ENCODE_BAD_VALUE');
    expect(faultCode(() => writeRsp580(input([{ ...REJECTED, motives: [] }], null)))).toBe('TPLIQ_ENCODE_BAD_VALUE');
  });

  it('identifiers that would not read back as given', () => {
    expect(faultCode(() => writeRsp580(input([{ ...PAID, invoiceNumber: '123' }], 900)))).toBe('TPLIQ_ENCODE_BAD_VALUE');
    expect(faultCode(() => writeRsp580(input([{ ...PAID, lot: '1' }], 900)))).toBe('TPLIQ_ENCODE_BAD_VALUE');
    expect(faultCode(() => writeRsp580(input([{ ...PAID, nirKey: '7' }], 900)))).toBe('TPLIQ_ENCODE_BAD_VALUE');
  });

  it('no AMC at all, or the same AMC twice', () => {
    expect(faultCode(() => writeRsp580({ ...input([], null), groups: [] }))).toBe('TPLIQ_ENCODE_BAD_VALUE');
    const twice = input([PAID], 1800);
    twice.groups.push({ ...twice.groups[0]!, invoices: [{ ...PAID, invoiceNumber: '000000003' }] });
    expect(faultCode(() => writeRsp580(twice))).toBe('TPLIQ_ENCODE_BAD_VALUE');
  });

  it('a label longer than its zone continues in 081s; one needing more 081s than the layout numbers is an overflow, never cut silently', () => {
    const fits = { ...REJECTED, motives: [{ code: 'B001', label: 'X'.repeat(70 * 100) }] };
    expect(faultCode(() => writeRsp580(input([fits], null)))).toBe('no fault');
    const long = { ...REJECTED, motives: [{ code: 'B001', label: 'X'.repeat(70 * 100 + 1) }] };
    expect(faultCode(() => writeRsp580(input([long], null)))).toBe('TPLIQ_ENCODE_OVERFLOW');
  });
});
