import { afterEach, describe, expect, it } from 'vitest';
import type { InvoiceOutcomeMessage } from '../codecs/proto/liquidation-codec.js';
import type { LotRef } from '../engine/pipeline/task.js';
import { LedgerBatchLookups } from '../engine/run/ledger-batch-lookups.js';
import { invoiceRecordOf, runRecordOf, tempLedger } from './support/ledger-fixtures.js';

let fixture: ReturnType<typeof tempLedger> | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

const PRACTITIONER = '991023763';
const lot: LotRef = { file: 'b.b2', lot: '001', practitionerId: PRACTITIONER, profile: 'b2-ps', channel: 'B2_PS', receivedDate: 20261123, sendDate: 20261122 };
const hex = (hi: number, lo: number): string => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

function outcome(invoiceNumber: string, hi: number, lo: number, pecNumber = ''): InvoiceOutcomeMessage {
  return {
    sequence: 0, invoiceNumber, amcNumber: '', birthRank: 1, careDate: 20261112, computedAmcCents: 0, claimedAmcCents: 0, motives: [], errors: [],
    functionalKeyHi: hi, functionalKeyLo: lo, pecNumber, pecCents: 0, duplicataOf: '', nature: '', refersTo: '', feeCents: 0, returnsTail: new Uint8Array(0), line: 1, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [],
  };
}

describe('LedgerBatchLookups: what earlier runs paid, fetched per worker batch', () => {
  it('finds the paid functional keys of earlier runs by their 64 bits, the top bit set or not', () => {
    fixture = tempLedger();
    const { ledger } = fixture;
    // Paid keys with the high half's top bit clear and set; a rejected invoice's key is no duplicate.
    ledger.recordRun(runRecordOf({
      invoices: [
        invoiceRecordOf({ sequence: 1, practitionerId: PRACTITIONER, invoiceNumber: '000000001' }, hex(0x12345678, 0x9abcdef0)),
        invoiceRecordOf({ sequence: 2, practitionerId: PRACTITIONER, invoiceNumber: '000000002' }, hex(0xfedcba98, 0x00000001)),
        invoiceRecordOf({ sequence: 3, practitionerId: PRACTITIONER, invoiceNumber: '000000003', status: 'REJECTED' }, hex(0x0000ffff, 0xffff0000)),
      ],
    }));
    const lookups = new LedgerBatchLookups(ledger);
    lookups.prefetch([outcome('000000101', 0x12345678, 0x9abcdef0), outcome('000000102', 0xfedcba98, 1), outcome('000000103', 0x0000ffff, 0xffff0000), outcome('000000001', 7, 7)], () => lot);
    expect(lookups.functionalKeyPaid(0x12345678, 0x9abcdef0)).toBe(true);
    expect(lookups.functionalKeyPaid(0xfedcba98, 1)).toBe(true);
    // Hashes come from Math.imul: a negative int32 half is the same 32 bits.
    expect(lookups.functionalKeyPaid(0xfedcba98 | 0, 1)).toBe(true);
    expect(lookups.functionalKeyPaid(0x12345678, 0x9abcdef0 | 0)).toBe(true);
    // The low half of a paid key with another high half: not that key.
    expect(lookups.functionalKeyPaid(0x11111111, 0x9abcdef0)).toBe(false);
    expect(lookups.functionalKeyPaid(0x0000ffff, 0xffff0000)).toBe(false);
    expect(lookups.functionalKeyPaid(7, 7)).toBe(false);
    expect(lookups.invoicePaid(PRACTITIONER, '000000001')).toBe(true);
    expect(lookups.invoicePaid(PRACTITIONER, '000000003')).toBe(false);
    lookups.clear();
    expect(lookups.functionalKeyPaid(0x12345678, 0x9abcdef0)).toBe(false);
    expect(lookups.invoicePaid(PRACTITIONER, '000000001')).toBe(false);
  });
});
