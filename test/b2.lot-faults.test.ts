import { describe, expect, it } from 'vitest';
import { writeArlBytes } from '../codecs/arl/arl-writer.js';
import { readArl, validateArl } from '../codecs/arl/arl-reader.js';
import { B2Framer } from '../codecs/b2/framer.js';
import type { FileClose, InvoiceFrame, LotClose } from '../codecs/b2/frames.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { arlInputOf } from '../engine/run/run-outputs.js';
import { etab, fileRecords, lotRecords } from './support/b2-file.js';

/**
 * Faults inside a lot's envelope that a well-read file can carry: each is a lot error with its
 * code and place, decided at reception (negative ARL), never a value a writer later refuses.
 */
const layouts = new Map(['b2-etablissements', 'b2-ps', 'dre'].map((p) => [p, loadLayout(p)] as const));

function frame(lines: string[]): { invoices: InvoiceFrame[]; lots: LotClose[]; file: FileClose } {
  const out = { invoices: [] as InvoiceFrame[], lots: [] as LotClose[], file: undefined as unknown as FileClose };
  const framer = new B2Framer(
    { file: 'in.b2', defaultLayout: etab, resolveLayout: (p) => layouts.get(p) },
    { invoice: (f) => out.invoices.push({ ...f, lot: { ...f.lot } }), lotClosed: (l) => out.lots.push(l), fileClosed: (f) => (out.file = f) },
  );
  framer.push(Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
  framer.end();
  return out;
}

/** Overwrites `text` at 1-based `column` of the record. */
function patch(record: string, column: number, text: string): string {
  return record.slice(0, column - 1) + text + record.slice(column - 1 + text.length);
}

const arlOf = (close: LotClose): string =>
  writeArlBytes(arlInputOf(close, { received: close.invoiceCount, amountCents: 900 * close.invoiceCount, invoiceErrors: [] }, { fileNumber: '00001', receiverId: '98532005', receivedDate: 20261123 })).toString('latin1');

describe('B2 lot faults: decided at reception, with their code and place', () => {
  it('makes a lot trailer count that is not an unsigned number ("-0001") a lot error at its column, with no declared figures', () => {
    const lot = lotRecords('001', ['000000001']);
    const trailerAt = lot.length - 1;
    lot[trailerAt] = patch(lot[trailerAt]!, 6, '-0001');
    const { lots } = frame(fileRecords([lot, lotRecords('002', ['000000002'])]));
    expect(lots[0]!.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_B2_BAD_NUMBER', file: 'in.b2', line: 6, column: 6, lot: '001' })]);
    expect(lots[0]!.errors[0]!.message).toContain('invoiceCount');
    expect(lots[0]!.trailer).toBeNull();
    // The untouched lot of the same file is sound.
    expect(lots[1]!.errors).toEqual([]);
  });

  it('writes the negative ARL of such a lot without an encoding fault, the error listed', () => {
    const lot = lotRecords('001', ['000000001']);
    lot[lot.length - 1] = patch(lot[lot.length - 1]!, 17, '-00000000900');
    const { lots } = frame(fileRecords([lot]));
    const arl = arlOf(lots[0]!);
    expect(validateArl(arl)).toEqual([]);
    const read = readArl(arl);
    expect(read.file.status).toBe('N');
    expect(read.file.errors.map((e) => e.code)).toEqual(['TPLIQ_B2_BAD_NUMBER']);
  });

  it('refuses a lot whose number already appeared in the file (content delivered twice) as TPLIQ_B2_LOT_REPEATED', () => {
    const first = lotRecords('001', ['000000001']);
    const { lots, invoices } = frame(fileRecords([first, lotRecords('002', ['000000002']), first]));
    expect(lots.map((l) => l.errors.map((e) => e.code))).toEqual([[], [], ['TPLIQ_B2_LOT_REPEATED']]);
    expect(lots[2]!.errors[0]).toMatchObject({ line: 12, column: 3, lot: '001' });
    // Its invoices are still framed (they are rejected with the lot) and its ARL is negative.
    expect(invoices).toHaveLength(3);
    expect(readArl(arlOf(lots[2]!)).file.status).toBe('N');
  });

  it('refuses a lot emitter id that is not a payee id (a NUL byte in it) and carries no payee further', () => {
    const lot = lotRecords('001', ['000000001']);
    lot[0] = patch(lot[0]!, 6, '7507\u00002184');
    const { lots, invoices } = frame(fileRecords([lot]));
    expect(lots[0]!.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_B2_PAYEE_ID_FORMAT', line: 2, column: 6, lot: '001' })]);
    expect(lots[0]!.lot.emitterId).toBe('');
    expect(invoices[0]!.lot.emitterId).toBe('');
    expect(validateArl(arlOf(lots[0]!))).toEqual([]);
  });

  it('keeps a well-formed emitter id with a wrong key: that is the referential\'s PS_INCONNU, not a reception error', () => {
    const lot = lotRecords('001', ['000000001']);
    lot[0] = patch(lot[0]!, 6, '750712185');
    const { lots } = frame(fileRecords([lot]));
    expect(lots[0]!.errors).toEqual([]);
    expect(lots[0]!.lot.emitterId).toBe('750712185');
  });
});
