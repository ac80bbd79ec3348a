import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxScanner } from '../codecs/csv/csv-syntax-scan.js';
import { isPlainAsciiCsv, plainAsciiText, plainCsvRows } from '../codecs/csv/plain-csv-rows.js';

/** fast-csv's rows of `bytes`, with the options paper files are read with: the oracle. */
async function fastCsvRows(bytes: Uint8Array): Promise<string[][]> {
  const rows: string[][] = [];
  const stream = Readable.from([Buffer.from(bytes)]).pipe(parse({ headers: false, trim: true, ignoreEmpty: false }));
  for await (const row of stream as AsyncIterable<string[]>) rows.push(row);
  return rows;
}

const plainRows = (text: string): string[][] => [...plainCsvRows(plainAsciiText(Buffer.from(text, 'latin1')))];

function scanAccepts(bytes: Uint8Array): boolean {
  const scanner = new CsvSyntaxScanner();
  scanner.push(bytes);
  return scanner.end() === undefined;
}

describe('plain ASCII CSV rows', () => {
  it('splits values, quoted values, doubled quotes and every line end, trimming each value', () => {
    expect(plainRows('a, b ,"c,d", " e ""f"" " ,\r\n"g\nh",i\r1,2\n')).toEqual([
      ['a', 'b', 'c,d', 'e "f"', ''],
      ['g\nh', 'i'],
      ['1', '2'],
    ]);
  });

  it('gives empty values at a row\'s start, between separators and at its end', () => {
    expect(plainRows(',a\n,,\n a , ,\n')).toEqual([['', 'a'], ['', '', ''], ['a', '', '']]);
  });

  it('makes a line of blanks an empty row, but blanks after the last line end no row', () => {
    expect(plainRows('a\n  \t\n\nb\n   ')).toEqual([['a'], [], [], ['b']]);
    expect(plainRows('')).toEqual([]);
  });

  it('reads a last line without a line end, a quoted value included', () => {
    expect(plainRows('a,b\n"c" ')).toEqual([['a', 'b'], ['c']]);
  });

  it('throws where fast-csv does: a quoted value never closed, text after a closing quote', () => {
    expect(() => plainRows('a\n"b,c\n')).toThrow(/never closed/);
    expect(() => plainRows('"b"c,d\n')).toThrow(/after a closing quote/);
  });

  it('takes ASCII only, without vertical tab or form feed (white space the syntax scan does not know)', () => {
    expect(isPlainAsciiCsv(Buffer.from('a,"b"\r\n\t1,2\n', 'latin1'))).toBe(true);
    for (const text of ['a,\u00e9\n', '\uFEFFa,b\n', 'a,\u000b"b"\n', 'a,\u000c"b"\n', 'a,\u00a0"b"\n']) {
      expect(isPlainAsciiCsv(Buffer.from(text, 'utf8'))).toBe(false);
    }
  });

  it('gives fast-csv\'s rows for every file the syntax scan accepts (property, on the characters that matter)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', '1', ',', '"', '""', ' ', '\t', '\n', '\r', '\r\n', 'x y'), { maxLength: 40 }), async (parts) => {
        const bytes = Buffer.from(parts.join(''), 'latin1');
        if (!scanAccepts(bytes)) return;
        expect(isPlainAsciiCsv(bytes)).toBe(true);
        expect([...plainCsvRows(plainAsciiText(bytes))]).toEqual(await fastCsvRows(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives fast-csv\'s rows for a paper-like file of many rows (property)', async () => {
    const value = fc.oneof(fc.stringMatching(/^[0-9A-Z .-]{0,12}$/), fc.stringMatching(/^[0-9A-Z ,.-]{0,8}$/).map((v) => ` "${v}" `));
    const line = fc.array(value, { minLength: 1, maxLength: 6 }).map((vs) => vs.join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), async (lines, lineEnd, endsWithLineEnd) => {
        const bytes = Buffer.from(lines.join(lineEnd) + (endsWithLineEnd ? lineEnd : ''), 'latin1');
        expect(scanAccepts(bytes)).toBe(true);
        expect([...plainCsvRows(plainAsciiText(bytes))]).toEqual(await fastCsvRows(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
