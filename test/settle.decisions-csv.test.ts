import { PassThrough, Writable } from 'node:stream';
import { parseString } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { csvField, DECISIONS_CSV_HEADER, decisionCsvLine, writeDecisionsCsv } from '../codecs/csv/decisions-writer.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { decisionOf, decisionsOf, motiveOf } from './support/decision-builder.js';

const c = (n: number): Cents => n as Cents;

async function csvOf(rows: Parameters<typeof writeDecisionsCsv>[0]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeDecisionsCsv(rows, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text)
      .on('data', (row: string[]) => rows.push(row))
      .on('end', () => resolve(rows))
      .on('error', reject);
  });
}

describe('decisions.csv', () => {
  it('writes a header and one row per decision with amounts in euros and ISO dates', async () => {
    const text = await csvOf([
      decisionOf({ sequence: 7, claimedCents: c(123456789) }),
      decisionOf({ sequence: 8, invoiceNumber: '000000002', status: 'REJECTED', claimedCents: c(5), dueDate: 20270104 as DateYmd }),
    ]);
    expect(text.split('\r\n')).toEqual([
      'sequence,file,lot,line,invoice_number,practitioner_id,amc_number,status,paid_amount,claimed_amount,motives,received_date,due_date',
      '7,inbox/a.b2,001,1,000000001,991023763,0012345678,PAID,1234567.89,1234567.89,,2026-11-20,2026-11-27',
      '8,inbox/a.b2,001,1,000000002,991023763,0012345678,REJECTED,0.00,0.05,DROITS_FERMES:Droits du bénéficiaire non ouverts,2026-11-20,2027-01-04',
      '',
    ]);
    expect(DECISIONS_CSV_HEADER).toHaveLength(13);
  });

  it('joins several motives as CODE:label|CODE:label', () => {
    const line = decisionCsvLine(decisionOf({ status: 'REJECTED', motives: [motiveOf('DOUBLON'), motiveOf('HORS_DELAI')] }));
    expect(line).toContain(',DOUBLON:Facture déjà reçue|HORS_DELAI:Facture reçue hors délai,');
  });

  it('quotes fields holding a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('never starts a field with a spreadsheet formula character (= + - @ tab CR): an apostrophe goes first', async () => {
    expect(csvField('=HYPERLINK("http://x","y").b2')).toBe('"\'=HYPERLINK(""http://x"",""y"").b2"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    // Inside a field the same characters are text as ever, and ordinary fields keep their bytes.
    expect(csvField('ps-0001.b2')).toBe('ps-0001.b2');
    expect(csvField('a=b')).toBe('a=b');
    const rows = await parse(await csvOf([decisionOf({ file: '=cmd|calc.b2', lot: '-01', practitionerId: '@SUM(A1)' })]));
    expect(rows[1]!.slice(1, 6)).toEqual(['\'=cmd|calc.b2', '\'-01', '1', '000000001', '\'@SUM(A1)']);
  });

  it('reads back field for field with a standard CSV parser, awkward texts included', async () => {
    const awkward = decisionOf({
      file: 'inbox/paper, "batch" 1.csv',
      lot: 'L\n2',
      status: 'REJECTED',
      motives: [motiveOf('MONTANT_INCOHERENT', 'Montant "AMO" > frais, ligne 2')],
    });
    const rows = await parse(await csvOf([awkward]));
    expect(rows[1]).toEqual([
      '1',
      'inbox/paper, "batch" 1.csv',
      'L\n2',
      '1',
      '000000001',
      '991023763',
      '0012345678',
      'REJECTED',
      '0.00',
      '12.34',
      'MONTANT_INCOHERENT:Montant "AMO" > frais, ligne 2',
      '2026-11-20',
      '2026-11-27',
    ]);
  });

  it('streams many rows from an async source, honouring backpressure, and counts them', async () => {
    let written = 0;
    let writes = 0;
    let bufferedMax = 0;
    const slow: Writable = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        writes += 1;
        bufferedMax = Math.max(bufferedMax, slow.writableLength);
        setImmediate(callback);
      },
    });
    async function* source() {
      for (const d of decisionsOf(20_000, () => ({}))) yield d;
    }
    const count = await writeDecisionsCsv(source(), slow);
    expect(count).toBe(20_000);
    expect(writes).toBeGreaterThan(10);
    expect(writes).toBeLessThan(200);
    expect(written).toBeGreaterThan(20_000 * 80);
    // Without waiting for 'drain' the whole file (~2 MB) would pile up in the stream's buffer.
    expect(bufferedMax).toBeLessThan(3 * 64 * 1024);
  });

  it('rejects when the stream fails', async () => {
    const broken = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => undefined);
    await expect(writeDecisionsCsv(decisionsOf(5000, () => ({})), broken)).rejects.toThrow('disk full');
  });
});
