import { describe, expect, it } from 'vitest';
import { B2Framer } from '../codecs/b2/framer.js';
import type { FileClose, InvoiceFrame, LotClose } from '../codecs/b2/frames.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { etab, fileRecords, lotRecords } from './support/b2-file.js';

interface Framed {
  invoices: Array<Omit<InvoiceFrame, 'bytes' | 'lot'> & { text: string; lot: string }>;
  lots: LotClose[];
  file: FileClose;
}

const layouts = new Map(['b2-etablissements', 'b2-ps', 'dre'].map((p) => [p, loadLayout(p)] as const));

function frame(content: string | Buffer, chunkSize = 7): Framed {
  const out: Framed = { invoices: [], lots: [], file: undefined as unknown as FileClose };
  const framer = new B2Framer(
    { file: 'in.b2', defaultLayout: etab, resolveLayout: (p) => layouts.get(p) },
    {
      invoice: (f) => out.invoices.push({ ...f, text: Buffer.from(f.bytes).toString('latin1'), lot: f.lot.lotNumber }),
      lotClosed: (l) => out.lots.push(l),
      fileClosed: (f) => (out.file = f),
    },
  );
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  // Odd chunk sizes make lines straddle chunks, as they do with real streams.
  for (let i = 0; i < bytes.length; i += chunkSize) framer.push(bytes.subarray(i, i + chunkSize));
  framer.end();
  return out;
}

const good = fileRecords([lotRecords('001', ['000000001', '000000002']), lotRecords('002', ['000000003'])]);

describe('B2 framer: whole invoices, lots and files', () => {
  it('frames a valid file into its invoices and lots with lines and byte offsets', () => {
    const r = frame(good.join('\n') + '\n');
    expect(r.invoices.map((i) => [i.line, i.byteOffset, i.recordCount, i.lot, i.errors.length])).toEqual([
      [3, 2 * 129, 3, '001', 0],
      [6, 5 * 129, 3, '001', 0],
      [11, 10 * 129, 3, '002', 0],
    ]);
    expect(r.lots.map((l) => [l.lot.lotNumber, l.invoiceCount, l.errors.length])).toEqual([['001', 2, 0], ['002', 1, 0]]);
    expect(r.file).toMatchObject({ lotCount: 2, invoiceCount: 3, recordCount: good.length, errors: [], profile: 'b2-etablissements' });
    expect(r.invoices[0]!.text).toBe(good.slice(2, 5).join(''));
  });

  it('reads CRLF, a missing final newline, trailing blanks and lower case the same way', () => {
    const messy = good.map((l, i) => (i === 3 ? l.toLowerCase() : l) + (i % 2 ? '   ' : '')).join('\r\n');
    const r = frame(messy, 1000);
    expect(r.invoices).toHaveLength(3);
    expect(r.file.errors).toEqual([]);
    expect(r.lots.every((l) => l.errors.length === 0)).toBe(true);
  });

  it('a record of the wrong length breaks only its invoice, with line and column', () => {
    const lines = [...good];
    lines[6] = lines[6]!.slice(0, 100); // a line of invoice 000000002
    const r = frame(lines.join('\n') + '\n');
    expect(r.invoices.map((i) => i.errors.map((e) => e.code))).toEqual([[], ['TPLIQ_B2_RECORD_LENGTH'], []]);
    expect(r.invoices[1]!.errors[0]).toMatchObject({ file: 'in.b2', line: 7, column: 101, lot: '001', invoice: '000000002' });
  });

  it('an unknown record type inside an invoice is reported with its code and the other invoices go on', () => {
    const lines = [...good];
    lines[3] = 'Z' + lines[3]!.slice(1);
    const r = frame(lines.join('\n') + '\n');
    expect(r.invoices[0]!.errors[0]).toMatchObject({ code: 'TPLIQ_B2_UNKNOWN_RECORD_TYPE', line: 4, column: 1 });
    expect(r.invoices.slice(1).every((i) => i.errors.length === 0)).toBe(true);
  });

  it('a truncated last record and missing trailers close the invoice and the lot as broken', () => {
    const cut = good.slice(0, 11).join('\n') + '\n' + good[11]!.slice(0, 50);
    const r = frame(cut);
    const codes = r.invoices.flatMap((i) => i.errors.map((e) => e.code));
    expect(codes).toContain('TPLIQ_B2_TRUNCATED_RECORD');
    expect(r.lots.at(-1)!.errors.map((e) => e.code)).toContain('TPLIQ_B2_LOT_UNTERMINATED');
    expect(r.file.errors.map((e) => e.code)).toContain('TPLIQ_B2_FILE_TRAILER_MISSING');
  });

  it('a lot whose trailer counts disagree is flagged, the next lot is not', () => {
    const lines = fileRecords([lotRecords('001', ['000000001', '000000002'], { invoiceCount: 3 }), lotRecords('002', ['000000003'])]);
    const r = frame(lines.join('\n') + '\n');
    expect(r.lots[0]!.errors.map((e) => e.code)).toEqual(['TPLIQ_B2_LOT_COUNT_MISMATCH']);
    expect(r.lots[0]!.errors[0]).toMatchObject({ lot: '001', line: 9 });
    expect(r.lots[1]!.errors).toEqual([]);
  });

  it('a line of garbage longer than 4 KiB is skipped, not buffered, and reported', () => {
    const lines = [...good];
    lines.splice(5, 0, 'X'.repeat(10_000));
    const r = frame(lines.join('\n') + '\n', 997);
    expect(r.file.errors.map((e) => e.code)).toContain('TPLIQ_B2_LINE_TOO_LONG');
    expect(r.invoices).toHaveLength(3);
    // Line numbers after the skipped line still match the file.
    expect(r.invoices[1]!.line).toBe(7);
  });

  it('binary noise never throws and every byte is accounted for', () => {
    let seed = 42;
    const noise = Buffer.alloc(50_000);
    for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const r = frame(noise, 4096);
    expect(r.file.bytes).toBe(noise.length);
  });
});
