import { BlockWriter } from './block-writer.js';

/**
 * A CSV file written row by row through a BlockWriter: header first, `,` separator, LF line ends.
 * The generator's values never need quoting (identifiers, ISO dates, amounts, capital names
 * without commas); a value that would is a programmer error, caught here rather than shipped as a
 * file another engineer's reader splits wrongly.
 */
const NEEDS_QUOTING = /["\r\n]/;

export class CsvOut {
  private readonly out: BlockWriter;
  private readonly columns: number;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.out = new BlockWriter(path, 1024 * 1024);
    this.columns = header.length;
    this.out.writeText(header.join(',') + '\n');
  }

  row(values: readonly string[]): void {
    if (values.length !== this.columns) throw new RangeError(`CSV row has ${values.length} values, header has ${this.columns}`);
    const line = values.join(',');
    // Checked on the joined line: a value holding a separator shows up as one comma too many.
    if (NEEDS_QUOTING.test(line)) throw new RangeError(`CSV row "${line}" would need quoting`);
    let commas = 0;
    for (let i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) commas++;
    if (commas !== this.columns - 1) throw new RangeError(`CSV row "${line}" has a value holding a comma`);
    this.out.writeText(line + '\n');
    this.rows++;
  }

  /**
   * A row already joined, for the hot paths whose values are only generated identifiers, codes,
   * dates and amounts (never text that could hold a separator): no per-value check.
   */
  line(joined: string): void {
    this.out.writeText(joined + '\n');
    this.rows++;
  }

  get needsDrain(): boolean {
    return this.out.needsDrain;
  }

  drain(): Promise<void> {
    return this.out.drain();
  }

  get bytesWritten(): number {
    return this.out.bytesWritten;
  }

  /** Ends the file; the promise resolves when it is on disk. */
  close(): Promise<void> {
    return this.out.end();
  }
}
