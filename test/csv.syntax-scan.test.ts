import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxScanner, type CsvSyntaxError } from '../codecs/csv/csv-syntax-scan.js';

/** The scanner that decides, before any paper row is framed, whether fast-csv will read the file. */
function scan(text: string, chunkBytes = text.length || 1): CsvSyntaxError | undefined {
  const scanner = new CsvSyntaxScanner();
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += chunkBytes) scanner.push(bytes.subarray(i, i + chunkBytes));
  return scanner.end();
}

/** Whether fast-csv, with the options paper files are read with, parses `text` to its end. */
async function fastCsvReads(text: string): Promise<boolean> {
  const rows = Readable.from([Buffer.from(text, 'latin1')]).pipe(parse({ headers: false, trim: true, ignoreEmpty: false }));
  try {
    for await (const _ of rows as AsyncIterable<string[]>) void _;
    return true;
  } catch {
    return false;
  }
}

describe('CSV syntax scan', () => {
  it('accepts quoted values with separators, doubled quotes, line breaks and blanks around them', () => {
    expect(scan('a,"b,c","d""e", "f" ,"g\nh"\r\n1,2,3\r4,5\n')).toBeUndefined();
  });

  it('places an unclosed quote at the line and column where it opened', () => {
    expect(scan('a,b\n1,2\n3,"4\n5,6\n')).toEqual({ line: 3, column: 3, reason: expect.stringContaining('never closed') });
  });

  it('places text after a closing quote at that character, counting CRLF as one line end', () => {
    expect(scan('a,b\r\n1,"2"x\r\n')).toEqual({ line: 2, column: 6, reason: expect.stringContaining('"x"') });
  });

  it('gives the same answer however the file is cut into chunks', () => {
    const text = 'a,b\r\n"1\r\n2",3\r\n4,"5"6\r\n';
    const whole = scan(text);
    expect(whole).toMatchObject({ line: 4, column: 6 });
    for (let size = 1; size <= text.length; size++) expect(scan(text, size)).toEqual(whole);
  });

  it('accepts exactly what fast-csv reads (property, on texts made of the characters that matter)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', ',', '"', ' ', '\n', '\r', '\r\n', '\t'), { maxLength: 24 }), async (parts) => {
        const text = parts.join('');
        expect(scan(text) === undefined).toBe(await fastCsvReads(text));
      }),
      { numRuns: 400 },
    );
  });
});
