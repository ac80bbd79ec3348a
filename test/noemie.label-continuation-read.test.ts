import { describe, expect, it } from 'vitest';
import type { RspInput } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

const LONG_LABEL = 'PRESTATION NON COUVERTE PAR LA GARANTIE DU CONTRAT RESPONSABLE AU 06/01/2026 POUR CE BENEFICIAIRE ' + 'ET CE JOUR '.repeat(6).trim();
const INPUT: RspInput = {
  fileNumber: 1, creationDate: 20260115, emitter: '98532005', practitioner: { billingId: '123456782', name: 'DR MARTIN' }, accountingDate: 20260114,
  transfer: null,
  groups: [{
    amcNumber: '0000123456', amcName: 'MUTUELLE A',
    invoices: [{ invoiceNumber: '000000002', nir: '1850475123456', nirKey: '57', rank: 1, careDate: 20260105, claimedCents: 800, paidCents: 0, status: 'R', motives: [{ code: 'G001', label: LONG_LABEL }], lot: '001' }],
  }],
};
const LINES = writeRsp580(INPUT).split('\n').slice(0, -1);
const lineOf = (prefix: string): number => LINES.findIndex((l) => l.startsWith(prefix));
const read = (lines: readonly string[]): ReturnType<typeof readRsp580> => readRsp580(`${lines.join('\n')}\n`, { file: 'r.rsp' });
const codesAndLines = (lines: readonly string[]): Array<[string, number | undefined, string | undefined]> =>
  read(lines).errors.map((e) => [e.code, e.line, e.recordType]);

describe('NOEMIE RSP 580 reader joins the 081 continuations of a motive label', () => {
  it('the written file has an 080 and two 081s numbered 1 and 2, and reads back the whole label', () => {
    expect(LINES.filter((l) => l.startsWith('081')).map((l) => l.slice(3, 6))).toEqual(['01E', '02E']);
    const r = read(LINES);
    expect(r.errors).toEqual([]);
    expect(r.file.groups[0]?.invoices[0]?.motives).toEqual([{ code: 'G001', label: LONG_LABEL }]);
  });

  it('an 081 that follows no motive is a structure error at its line, kept raw', () => {
    const lines = [...LINES];
    const continuation = lines.splice(lineOf('08101'), 1)[0]!;
    lines.splice(lineOf('060'), 0, continuation); // before the invoice: nothing to continue
    const r = read(lines);
    expect(codesAndLines(lines)).toContainEqual(['TPLIQ_NOEMIE_STRUCTURE', lineOf('060') + 1, '081']);
    expect(r.file.unmodelled.map((u) => u.code)).toEqual(['081']);
  });

  it('continuations out of sequence are reported with their line and invoice', () => {
    const lines = LINES.map((l) => (l.startsWith('08102') ? `08103${l.slice(5)}` : l));
    const r = read(lines);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'TPLIQ_NOEMIE_STRUCTURE', line: lineOf('08102') + 1, recordType: '081', invoice: '000000002', file: 'r.rsp' });
    expect(r.errors[0]?.message).toContain('numbered 3, expected 2');
  });

  it('a joint other than E or C is reported and its part not joined', () => {
    const lines = LINES.map((l) => (l.startsWith('08101') ? `08101X${l.slice(6)}` : l));
    const r = read(lines);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['TPLIQ_NOEMIE_STRUCTURE', lineOf('08101') + 1]]);
    expect(r.file.groups[0]?.invoices[0]?.motives[0]?.label).not.toBe(LONG_LABEL);
  });

  it('a lost continuation breaks the entity counts of every level and of the file', () => {
    const lines = [...LINES];
    lines.splice(lineOf('08102'), 1);
    const counted = read(lines).errors.filter((e) => e.code === 'TPLIQ_NOEMIE_COUNT_MISMATCH').map((e) => e.recordType);
    // Lot, mandant and file 990s, then 999.
    expect(counted).toEqual(['990', '990', '990', '999']);
  });
});
