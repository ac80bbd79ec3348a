import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvoiceFrame } from '../codecs/b2/frames.js';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { framePaperFile, PAPER_COLUMNS } from '../engine/intake/paper-invoices.js';
import { tempDirs } from './support/temp-dirs.js';

/**
 * A paper CSV that is read fine as bytes but is broken inside: each fault ends as a located, coded
 * error — the whole file refused when its structure cannot be trusted, one invoice rejected when
 * only that invoice is at fault — never as an exception that stops the run.
 */
const layout = loadLayout('b2-ps');
const scratch = tempDirs('tpliq-paper-faults-');

type PaperValues = Partial<Record<(typeof PAPER_COLUMNS)[number], string>>;

function row(invoiceNumber: string, overrides: PaperValues = {}): string {
  const values: PaperValues = {
    practitioner_id: '991023763', invoice_number: invoiceNumber, amc_number: '0394394456', member_number: '5545961009',
    nir: '1850775123456', nir_key: '08', birth_date: '1985-07-15', birth_rank: '1', ro_sent_date: '2026-11-12', hors_parcours: '0',
    act_date: '2026-11-12', act_code: 'C', quantity: '1', coefficient: '1.00', unit_price: '30.00', base: '30.00', amo_rate: '70',
    amo: '21.00', fee: '30.00', amc: '9.00', ...overrides,
  };
  return PAPER_COLUMNS.map((c) => values[c] ?? '').join(',');
}

const HEADER = PAPER_COLUMNS.join(',');

interface Framed {
  invoices: Array<{ line: number; payee: string; errors: CodecError[] }>;
  fileErrors: CodecError[];
}

/** Frames `text` both ways a run does (a worker's in-memory file, a streamed path): the answers must agree. */
async function frame(text: string): Promise<Framed> {
  const run = async (source: string | Uint8Array): Promise<Framed> => {
    const invoices: Framed['invoices'] = [];
    const sink = {
      invoice: (f: InvoiceFrame) => invoices.push({ line: f.line, payee: f.lot.emitterId, errors: f.errors }),
      lotClosed: () => undefined,
      fileClosed: () => undefined,
    };
    const summary = await framePaperFile(source, 'paper/p.csv', layout, sink, () => undefined);
    return { invoices, fileErrors: summary.errors };
  };
  const path = join(scratch(), 'p.csv');
  writeFileSync(path, text, 'latin1');
  const inMemory = await run(Buffer.from(text, 'latin1'));
  expect(await run(path)).toEqual(inMemory);
  return inMemory;
}

describe('paper CSV faults: the whole file refused when its structure cannot be trusted', () => {
  it('refuses a file with an unclosed quote, at the quote\'s line and column, deciding none of its invoices', async () => {
    const text = [HEADER, row('900000001'), row('900000002'), row('900000003').replace(',C,', ',"C,'), row('900000004')].join('\n') + '\n';
    const r = await frame(text);
    expect(r.invoices).toEqual([]);
    expect(r.fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_SYNTAX', file: 'paper/p.csv', line: 4 })]);
    expect(r.fileErrors[0]!.column).toBe(row('900000003').indexOf(',C,') + 2);
  });

  it('refuses a file with text after a closing quote, at that character', async () => {
    const r = await frame([HEADER, row('900000001', { act_code: '"C"x' })].join('\r\n') + '\r\n');
    expect(r.invoices).toEqual([]);
    expect(r.fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_SYNTAX', line: 2 })]);
  });

  it('refuses a ";"-separated file at its header, saying which separator it uses', async () => {
    const r = await frame([HEADER, row('900000001')].map((l) => l.replaceAll(',', ';')).join('\n') + '\n');
    expect(r.invoices).toEqual([]);
    expect(r.fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_HEADER', line: 1 })]);
    expect(r.fileErrors[0]!.message).toContain('";"');
  });

  it('refuses a file without a header line, and one whose header names a column twice', async () => {
    const headless = await frame([row('900000001'), row('900000002')].join('\n') + '\n');
    const doubled = await frame([`${HEADER},nir`, `${row('900000001')},x`].join('\n') + '\n');
    for (const r of [headless, doubled]) {
      expect(r.invoices).toEqual([]);
      expect(r.fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_HEADER', file: 'paper/p.csv', line: 1 })]);
    }
    expect(doubled.fileErrors[0]!.message).toContain('nir twice');
    // A data row read as a header is not echoed (its NIR, its birth date).
    expect(headless.fileErrors[0]!.message).toContain('is the header line missing?');
    expect(headless.fileErrors[0]!.message).not.toMatch(/1850775123456|1985-07-15/);
  });

  it('reports an empty file (blank lines only) at line 1, and accepts a header-only file without a word', async () => {
    expect((await frame('\n\r\n')).fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_PAPER_CSV_HEADER', line: 1 })]);
    expect(await frame(`${HEADER}\n`)).toEqual({ invoices: [], fileErrors: [] });
  });

  it('reads a header in another column order by name, and quoted values spanning lines with their physical lines', async () => {
    const reordered = [...PAPER_COLUMNS].reverse();
    const values = row('900000001').split(',');
    const back = (line: string[]): string => [...line].reverse().join(',');
    const r = await frame([reordered.join(','), back(values), '', back(row('900000002', { member_number: '"55\n45"' }).split(',')), back(row('900000003').split(','))].join('\n') + '\n');
    expect(r.fileErrors).toEqual([]);
    expect(r.invoices.map((i) => [i.line, i.errors.length])).toEqual([[2, 0], [4, 0], [6, 0]]);
  });
});

describe('paper CSV faults: one invoice rejected, the others read', () => {
  it('rejects the invoice of a row with the wrong number of fields with that row\'s error (never paid on part of its lines)', async () => {
    const short = row('900000002', { act_code: 'AMI' }).split(',').slice(0, 12).join(',');
    const r = await frame([HEADER, row('900000001'), row('900000002'), short, row('900000002', { act_code: 'AMI' }), row('900000003')].join('\n') + '\n');
    expect(r.fileErrors).toEqual([expect.objectContaining({ code: 'TPLIQ_B2_RECORD_LENGTH', line: 4 })]);
    expect(r.invoices.map((i) => [i.line, i.errors.map((e) => e.code)])).toEqual([[2, []], [3, ['TPLIQ_B2_RECORD_LENGTH']], [6, []]]);
  });

  it('rejects an invoice whose values do not fit their B2 zone (16-digit NIR, 9-digit NIR key, birth rank 10) at their columns, without echoing the NIR', async () => {
    const r = await frame([
      HEADER, row('900000001', { nir: '1850775123456123' }), row('900000002', { nir_key: '080000000' }), row('900000003', { birth_rank: '10' }), row('900000004'),
    ].join('\n') + '\n');
    const column = (name: string): number => PAPER_COLUMNS.indexOf(name as (typeof PAPER_COLUMNS)[number]) + 1;
    expect(r.invoices.map((i) => i.errors.map((e) => [e.code, e.line, e.column]))).toEqual([
      [['TPLIQ_PAPER_VALUE_TOO_LONG', 2, column('nir')]],
      [['TPLIQ_PAPER_VALUE_TOO_LONG', 3, column('nir_key')]],
      [['TPLIQ_PAPER_VALUE_TOO_LONG', 4, column('birth_rank')]],
      [],
    ]);
    expect(JSON.stringify(r.invoices[0]!.errors)).not.toContain('1850775123456');
    expect(JSON.stringify(r.invoices[1]!.errors)).not.toContain('080000000');
  });

  it('rejects an invoice whose practitioner_id is not a payee id (the header\'s text, "../../xy", a NUL), naming no payee', async () => {
    const r = await frame([HEADER, row('900000001', { practitioner_id: 'practitioner_id' }), row('900000002', { practitioner_id: '../../xy' }), row('900000003', { practitioner_id: '99102\u00003763' }), row('900000004')].join('\n') + '\n');
    expect(r.invoices.map((i) => [i.payee, i.errors.map((e) => [e.code, e.column])])).toEqual([
      ['', [['TPLIQ_B2_PAYEE_ID_FORMAT', 1]]],
      ['', [['TPLIQ_B2_PAYEE_ID_FORMAT', 1]]],
      ['', [['TPLIQ_B2_PAYEE_ID_FORMAT', 1]]],
      ['991023763', []],
    ]);
  });
});
