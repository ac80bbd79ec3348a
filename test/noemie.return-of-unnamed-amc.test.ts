import { describe, expect, it } from 'vitest';
import { NO_ACT_LINES } from '../codecs/binary/packed-act-lines.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580Bytes } from '../codecs/noemie/rsp-writer.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import type { PayeeDirectory } from '../engine/referential/payee-directory.js';
import type { SpooledInvoice } from '../engine/run/spooled-invoice.js';
import { rspInputOf } from '../engine/run/run-outputs.js';
import { ACCOUNTING_DATE, decisionOf, motiveOf } from './support/decision-builder.js';

/**
 * An invoice naming no AMC is written under AMC 0000000000: one naming 0000000000 itself (a
 * zero-filled n° AMC on paper or DRE) belongs to the same group of the practitioner's return,
 * or the writer would refuse the file for two groups of one AMC and stop the run.
 */
const nobody: PayeeDirectory = { snapshotId: 'test', amc: () => undefined, practitioner: () => undefined };

function spooled(invoiceNumber: string, amcNumber: string): SpooledInvoice {
  return {
    decision: decisionOf({ invoiceNumber, amcNumber, status: 'REJECTED', motives: [motiveOf('AMC_INCONNUE')] }),
    channel: 'B2_PS', nir: '1850775123456', nirKey: '08', birthRank: 1, careDate: 20261112 as DateYmd,
    functionalKeyHi: 0, functionalKeyLo: 0, pecNumber: '', pecCents: 0 as Cents, amoCents: 0 as Cents, actLines: NO_ACT_LINES, natureAssurance: '', lotSendDate: 0 as DateYmd, lateBankingDays: false,
  };
}

describe('NOEMIE return: invoices naming no AMC', () => {
  it('puts an invoice without AMC and one of AMC 0000000000 in one group, and the return is written', () => {
    const input = rspInputOf('991023763', [spooled('000000001', ''), spooled('000000002', '0000000000'), spooled('000000003', '0012345678')], { transfer: undefined, offsets: [], regularisationOf: () => undefined }, nobody, { accountingDate: ACCOUNTING_DATE, executionDate: ACCOUNTING_DATE, operatorId: '985320050', fileNumber: 1 });
    expect(input.groups.map((g) => [g.amcNumber, g.invoices.map((i) => i.invoiceNumber)])).toEqual([
      ['0000000000', ['000000001', '000000002']],
      ['0012345678', ['000000003']],
    ]);
    expect(readRsp580(writeRsp580Bytes(input).toString('latin1')).errors).toEqual([]);
  });
});
