import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

// A paid invoice (G + MCG: AMC 9.00 + 1.50, AMO 21.00 + 3.50) and a rejected one (AMI, declared 3.78).
const INPUT: RspInput = {
  fileNumber: 1, creationDate: 20260115, emitter: '98532005', practitioner: { billingId: '123456782', name: 'DR MARTIN' }, accountingDate: 20260114,
  transfer: { reference: 'TPLIQ-20260114-123456782', paymentDate: 20260116, amountCents: 1050 },
  groups: [{
    amcNumber: '0000123456', amcName: 'MUTUELLE A',
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
    ],
  }],
};
const LINES = writeRsp580(INPUT).split('\n').slice(0, -1);
const lineOf = (prefix: string): number => LINES.findIndex((l) => l.startsWith(prefix)) + 1;
const PAID_060 = lineOf('060000000001');
const G_070 = lineOf('070G ');
const AMI_070 = lineOf('070AMI');
/** The lines with the 1-based line `line` replaced by `edit` of it. */
const editing = (line: number, edit: (text: string) => string): string => LINES.map((l, i) => (i + 1 === line ? edit(l) : l)).join('\n');
/** The 070's AMO zone (columns 46–57) and AMC zone (58–69). */
const withAmo = (text: string, amo: string): string => text.slice(0, 45) + amo + text.slice(57);
const withAmc = (text: string, amc: string): string => text.slice(0, 57) + amc + text.slice(69);

describe('NOEMIE RSP 580 reader: act lines (070)', () => {
  it('reads the return as written without error', () => {
    expect(readRsp580(LINES.join('\n')).errors).toEqual([]);
  });

  it('a paid invoice whose acts do not add up to what it pays: TPLIQ_NOEMIE_ACT_AMC_MISMATCH at its 060, naming it', () => {
    const read = readRsp580(editing(G_070, (l) => withAmc(l, '00000000901+')));
    expect(read.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_NOEMIE_ACT_AMC_MISMATCH', line: PAID_060, recordType: '060', invoice: '000000001', lot: '001' })]);
    expect(read.errors[0]?.message).toContain('add up to 1051 cents AMC, its 060 pays 1050');
  });

  it('a paid invoice whose acts do not add up to its AMO part: TPLIQ_NOEMIE_ACT_AMO_MISMATCH at its 060', () => {
    const read = readRsp580(editing(G_070, (l) => withAmo(l, '00000002000+')));
    expect(read.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_NOEMIE_ACT_AMO_MISMATCH', line: PAID_060, invoice: '000000001' })]);
  });

  it('a rejected invoice\'s acts are what was declared: not held to its amounts', () => {
    expect(readRsp580(editing(AMI_070, (l) => withAmc(withAmo(l, '00000000001+'), '00000009999+'))).errors).toEqual([]);
  });

  it('a zone that cannot be read is the codec\'s error at the 070\'s line, and the sums of that invoice are not checked', () => {
    const read = readRsp580(editing(G_070, (l) => `${l.slice(0, 24)}0X1${l.slice(27)}`));
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]).toMatchObject({ line: G_070, recordType: '070' });
    expect(read.errors[0]?.code).not.toMatch(/ACT_AM/);
  });

  it('an 070 outside an invoice, or after its motives: TPLIQ_NOEMIE_STRUCTURE at its line, kept raw', () => {
    const orphanLines = [...LINES];
    const act = LINES[AMI_070 - 1]!;
    orphanLines.splice(lineOf('050'), 0, act); // right after the 050, before any 060
    const orphan = readRsp580(orphanLines.join('\n'));
    const at = lineOf('050') + 1;
    expect(orphan.errors.filter((e) => e.code === 'TPLIQ_NOEMIE_STRUCTURE')).toEqual([expect.objectContaining({ line: at, recordType: '070' })]);
    expect(orphan.file.unmodelled).toMatchObject([{ line: at, code: '070' }]);
    // After the 080 of the rejected invoice: the acts come before the motives.
    const late = [...LINES];
    late.splice(lineOf('080'), 0, act);
    const lateRead = readRsp580(late.join('\n'));
    expect(lateRead.errors.filter((e) => e.code === 'TPLIQ_NOEMIE_STRUCTURE')).toEqual([expect.objectContaining({ line: lineOf('080') + 1, recordType: '070' })]);
  });

  it('a regularisation (065) after the acts is out of place: TPLIQ_NOEMIE_STRUCTURE', () => {
    const lines = [...LINES];
    lines.splice(G_070, 0, '065R00000000900000000900+00000001200+00000000300+@');
    expect(readRsp580(lines.join('\n')).errors.filter((e) => e.code === 'TPLIQ_NOEMIE_STRUCTURE')).toEqual([expect.objectContaining({ line: G_070 + 1, recordType: '065' })]);
  });
});
