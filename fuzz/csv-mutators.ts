import type { Prng } from '../scripts/generate/prng.js';
import type { ByteMutation } from './byte-mutators.js';

/**
 * Mutations of keyed paper invoices (paper/*.csv): what a spreadsheet, a locale or a tired hand
 * does to a CSV. The file is read as Latin-1 text so that every byte survives the round trip;
 * rows are its lines (1-based in the details, the header being line 1).
 */
export type CsvMutator = (bytes: Uint8Array, rng: Prng) => ByteMutation;

interface CsvLines {
  lines: string[];
  eol: string;
  endsWithEol: boolean;
}

function csvLines(bytes: Uint8Array): CsvLines {
  const text = Buffer.from(bytes).toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const endsWithEol = lines[lines.length - 1] === '';
  if (endsWithEol) lines.pop();
  // An empty file is one empty line, so that every mutator has a line to work on.
  return lines.length === 0 ? { lines: [''], eol, endsWithEol: false } : { lines, eol, endsWithEol };
}

function csvBytes(csv: CsvLines): Uint8Array {
  return Buffer.from(csv.lines.join(csv.eol) + (csv.endsWithEol ? csv.eol : ''), 'latin1');
}

/** A data line (index ≥ 1), or the header when the file has nothing else. */
const dataLineIndex = (csv: CsvLines, rng: Prng): number => (csv.lines.length > 1 ? rng.int(1, csv.lines.length - 1) : 0);

function editCells(csv: CsvLines, index: number, edit: (cells: string[]) => string[]): void {
  csv.lines[index] = edit(csv.lines[index]!.split(',')).join(',');
}

export const unclosedQuote: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const index = dataLineIndex(csv, rng);
  let column = 0;
  editCells(csv, index, (cells) => {
    column = rng.int(0, cells.length - 1);
    cells[column] = `"${cells[column]}`;
    return cells;
  });
  return { bytes: csvBytes(csv), detail: `line ${index + 1} column ${column + 1} opens a quote never closed` };
};

export const semicolonSeparator: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const everywhere = rng.chance(0.5);
  const index = dataLineIndex(csv, rng);
  csv.lines = csv.lines.map((line, i) => (everywhere || i === index ? line.replaceAll(',', ';') : line));
  return { bytes: csvBytes(csv), detail: everywhere ? 'every comma made a semicolon' : `line ${index + 1} separated by semicolons` };
};

export const noHeader: CsvMutator = (bytes) => {
  const csv = csvLines(bytes);
  csv.lines.shift();
  return { bytes: csvBytes(csv), detail: 'header line removed' };
};

export const headerTwice: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const at = rng.chance(0.5) ? 1 : rng.int(1, csv.lines.length);
  csv.lines.splice(at, 0, csv.lines[0] ?? '');
  return { bytes: csvBytes(csv), detail: `header line repeated as line ${at + 1}` };
};

export const extraColumn: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const index = rng.chance(0.2) ? 0 : dataLineIndex(csv, rng);
  editCells(csv, index, (cells) => [...cells, rng.pick(['', 'X', '0', 'extra'])]);
  return { bytes: csvBytes(csv), detail: `line ${index + 1} has one column more` };
};

export const missingColumn: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const index = rng.chance(0.2) ? 0 : dataLineIndex(csv, rng);
  let column = 0;
  editCells(csv, index, (cells) => {
    column = rng.int(0, cells.length - 1);
    cells.splice(column, 1);
    return cells;
  });
  return { bytes: csvBytes(csv), detail: `line ${index + 1} lost column ${column + 1}` };
};

/** A cell far longer than its B2 field: digits for numbers, letters for text, a huge amount. */
export const valueTooLong: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const index = dataLineIndex(csv, rng);
  let column = 0;
  let length = 0;
  editCells(csv, index, (cells) => {
    column = rng.int(0, cells.length - 1);
    length = rng.pick([20, 64, 300, 5000]);
    cells[column] = (/^[0-9.]*$/.test(cells[column] ?? '') ? '9' : 'X').repeat(length);
    return cells;
  });
  return { bytes: csvBytes(csv), detail: `line ${index + 1} column ${column + 1} made ${length} characters long` };
};

/** The hostile values of the fixed-width mutators, as a cell. */
const HOSTILE_CELLS = ['-1', '-0.01', '../../x', '\u0000', 'invoice_number', '日本', ' ', '1e9', '0x10', 'NaN'];

export const hostileCell: CsvMutator = (bytes, rng) => {
  const csv = csvLines(bytes);
  const index = dataLineIndex(csv, rng);
  let column = 0;
  const value = rng.pick(HOSTILE_CELLS);
  editCells(csv, index, (cells) => {
    column = rng.int(0, cells.length - 1);
    cells[column] = value;
    return cells;
  });
  // Non-Latin text is written as UTF-8 bytes, as a misconfigured export would.
  const text = csv.lines.join(csv.eol) + (csv.endsWithEol ? csv.eol : '');
  const out = /[^\u0000-\u00ff]/.test(value) ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
  return { bytes: out, detail: `line ${index + 1} column ${column + 1} := ${JSON.stringify(value)}` };
};

export const CSV_MUTATORS = {
  'csv-unclosed-quote': unclosedQuote,
  'csv-semicolon': semicolonSeparator,
  'csv-no-header': noHeader,
  'csv-header-twice': headerTwice,
  'csv-extra-column': extraColumn,
  'csv-missing-column': missingColumn,
  'csv-value-too-long': valueTooLong,
  'csv-hostile-cell': hostileCell,
} as const satisfies Record<string, CsvMutator>;

export type CsvMutationKind = keyof typeof CSV_MUTATORS;
