import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionalKeyIntegerOf } from '../ledger/functional-key-column.js';
import type { InvoiceRow } from '../ledger/run-record.js';
import { WholeFileReader } from '../pipeline/whole-file-reader.js';
import { FileAppendBuffer } from './file-append-buffer.js';
import { SPOOL_ROW_FORMAT, SpoolRowEncoder, SpoolRowReader, type SpooledLedgerFields } from './spool-row-codec.js';
import { emptySpooledInvoice, type SpooledInvoice, type SpoolRowInput } from './spooled-invoice.js';

export type { SpooledInvoice };

/**
 * Buckets: the end of the run holds one bucket's invoices in memory at a time (in this thread and
 * in the ledger thread), so more buckets mean a smaller peak: at 10 M lines, 64 buckets held
 * ≈ 96 000 invoices at once, 256 hold ≈ 24 000. Each bucket buffers BUCKET_BUFFER_BYTES before a
 * write, so the buffers together hold 8 MiB at most, off the heap (FileAppendBuffer). At 256 KiB a
 * bucket they were 64 MiB of the main heap; at 64 KiB, ≈ 10 MiB of rows in a heap snapshot of
 * the 10 M-line intake. Writes of 32 KiB are still large ones: with the CSV buffer's quarter, the
 * 10 M-line run's wall time did not change measurably side by side (438 vs 442 s).
 */
const BUCKETS = 256;
const BUCKET_BUFFER_BYTES = 1 << 15;

/**
 * Decisions wait on disk, not in memory, until the run's end: the NOEMIE return, the notices and
 * the ledger need every invoice of a practitioner together, and holding millions of decisions in
 * the heap would make memory grow with the input. Decisions are appended to one of BUCKETS bucket
 * files by practitioner, so reading one bucket back brings all of a practitioner's invoices, in
 * commit order, while only 1/BUCKETS of the run is in memory at a time. Rows are bytes
 * (spool-row-codec.ts); the index file lists the files rows refer to, once the spool is flushed.
 */
export class DecisionSpool {
  /** Rows waiting for their bucket's next write; made on first use. */
  private readonly buffers = new Array<FileAppendBuffer | undefined>(BUCKETS).fill(undefined);
  /** Open append descriptors: small flushes would otherwise pay an open and a close each. */
  private readonly fds = new Array<number | undefined>(BUCKETS).fill(undefined);
  private readonly encoder = new SpoolRowEncoder();
  private readonly fileIndex = new Map<string, number>();
  private readonly fileNames: string[] = [];
  private lastFile = '';
  private lastFileIndex = -1;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(inv: SpoolRowInput): void {
    const b = bucketOf(inv.decision.practitionerId);
    const buffer = (this.buffers[b] ??= new FileAppendBuffer(() => this.fdOf(b), BUCKET_BUFFER_BYTES));
    this.rowFileIndex = this.indexOfFile(inv.decision.file);
    // Straight into the bucket's buffer (encodeRowInto); a row that could be larger than that
    // buffer (a text of thousands of characters) is made in the encoder's own, then copied.
    if (buffer.appendWritten(this.encoder.rowBytesMax(inv), this.writeRow, inv)) return;
    const length = this.encoder.encodeRow(inv, this.rowFileIndex);
    buffer.appendBytes(this.encoder.rowBytes, length);
  }

  /** The file index of the row being added, for writeRow (one function for every row, not a closure each). */
  private rowFileIndex = 0;
  private readonly writeRow = (inv: SpoolRowInput, out: Buffer, at: number): number => this.encoder.encodeRowInto(inv, this.rowFileIndex, out, at);

  /** Writes what is still buffered, closes the bucket files and writes the index; call once the commit step is over. */
  flushAll(): void {
    for (const buffer of this.buffers) buffer?.flush();
    this.close();
    const index: SpoolIndex = { format: SPOOL_ROW_FORMAT, files: this.fileNames };
    writeFileSync(join(this.dir, INDEX_FILE), JSON.stringify(index));
  }

  /** Closes the bucket files without writing (a run that stops early); safe to call twice. */
  close(): void {
    for (let b = 0; b < BUCKETS; b++) {
      const fd = this.fds[b];
      if (fd !== undefined) closeSync(fd);
      this.fds[b] = undefined;
    }
  }

  /** Consecutive invoices nearly always come from the same file: the last one is remembered. */
  private indexOfFile(file: string): number {
    if (file === this.lastFile && this.lastFileIndex >= 0) return this.lastFileIndex;
    let index = this.fileIndex.get(file);
    if (index === undefined) {
      index = this.fileNames.push(file) - 1;
      this.fileIndex.set(file, index);
    }
    this.lastFile = file;
    this.lastFileIndex = index;
    return index;
  }

  private fdOf(b: number): number {
    return (this.fds[b] ??= openSync(this.bucketPath(b), 'a'));
  }

  private bucketPath(b: number): string {
    return join(this.dir, `bucket-${String(b).padStart(2, '0')}.bin`);
  }

  /**
   * Practitioner by practitioner, each with its invoices in commit order. A bucket is read in two
   * passes: where each practitioner's rows are, then each practitioner's rows as it is yielded.
   * Practitioners come bucket by bucket, sorted within their bucket (a global sort would need
   * every bucket in memory); each output file belongs to one practitioner, so the order in which
   * they are written reaches no byte.
   *
   * A practitioner's invoices are read one at a time as they are iterated, each into the same
   * object (SpooledInvoiceCursor): read whole, a bucket's invoices (≈ 24 000 at 10 M lines)
   * outlived every young-generation collection of the returns and went to the old generation, and
   * an object graph an invoice was ≈ 30 % of what the returns allocated (change 49). Keep nothing
   * of an invoice once the next is asked for, and iterate a practitioner's invoices before asking
   * for the next practitioner: their act lines are a view of the bucket's bytes (readerOf).
   */
  *byPractitioner(): Generator<{ practitionerId: string; invoices: SpooledInvoiceCursor }> {
    for (const { practitionerId, reader, positions } of this.positionsOfEachPractitioner()) {
      yield { practitionerId, invoices: new SpooledInvoiceCursor(reader, inSequenceOrder(reader, positions)) };
    }
  }

  /**
   * For the ledger thread: every invoice as its ledger row, practitioner by practitioner and by
   * invoice number within one (the order of the ledger's unique index, whose inserts then stay on
   * cached pages), read from the rows without the fields the ledger does not keep. Like the
   * returns, one practitioner's rows at a time (a whole bucket's, sorted at once, were promoted).
   * The yielded object is reused: read it before asking for the next.
   */
  *ledgerRows(): Generator<SpooledLedgerRow> {
    const out: SpooledLedgerRow = { file: '', lot: '', sequence: 0, practitionerId: '', invoiceNumber: '', functionalKey: 0n, status: 'PAID', paidCents: 0, claimedCents: 0, motiveCodes: '', motivesJson: '', careDate: 0, pecNumber: '' };
    for (const { reader, positions } of this.positionsOfEachPractitioner()) {
      const rows = positions.map((position) => {
        reader.seek(position);
        return reader.ledgerFields();
      });
      for (const r of rows.sort(byInvoiceNumber)) {
        out.sequence = r.sequence; out.file = r.file; out.lot = r.lot; out.invoiceNumber = r.invoiceNumber; out.practitionerId = r.practitionerId;
        out.status = r.paid ? 'PAID' : 'REJECTED'; out.paidCents = r.paidCents; out.claimedCents = r.claimedCents;
        out.motiveCodes = r.motiveCodes; out.motivesJson = r.motivesJson; out.careDate = r.careDate; out.functionalKey = functionalKeyIntegerOf(r.functionalKeyHi, r.functionalKeyLo);
        out.pecNumber = r.pecNumber;
        yield out;
      }
    }
  }

  /**
   * Bucket by bucket, practitioners in ascending order within a bucket: where each practitioner's
   * rows are in the bucket's reader, in the order they were written (rowsByPractitioner, a first
   * pass over the bucket). The reader is the bucket's: read a practitioner's rows before asking for
   * the next bucket's practitioners.
   */
  private *positionsOfEachPractitioner(): Generator<{ practitionerId: string; reader: SpoolRowReader; positions: number[] }> {
    const files = this.readIndex();
    for (let b = 0; b < BUCKETS; b++) {
      const reader = this.readerOf(b, files);
      if (reader === undefined) continue;
      for (const [practitionerId, positions] of rowsByPractitioner(reader)) yield { practitionerId, reader, positions };
    }
  }

  private readIndex(): readonly string[] {
    const index = JSON.parse(readFileSync(join(this.dir, INDEX_FILE), 'utf8')) as SpoolIndex;
    if (index.format !== SPOOL_ROW_FORMAT) throw new Error(`spool ${this.dir}: row format ${index.format}, this engine reads ${SPOOL_ROW_FORMAT}`);
    return index.files;
  }

  /**
   * A bucket is read whole: ≈ 1/BUCKETS of the run's rows, a few MiB at 10 M lines. Into one
   * buffer filled again for each bucket (WholeFileReader): a fresh buffer of a few MiB a bucket is
   * new pages each time, which the kernel maps and zeroes. At 10 M lines that was ≈ 250 000 page
   * faults and 13–20 s of system time in the main thread, ≈ 240 000 and 3–4 s in the ledger
   * thread (docs/performance.md, change 34).
   */
  private readerOf(b: number, files: readonly string[]): SpoolRowReader | undefined {
    const path = this.bucketPath(b);
    if (!existsSync(path)) return undefined;
    return new SpoolRowReader((this.buckets ??= new WholeFileReader()).read(path), files);
  }

  /** Made on first read: a spool that is only written never needs it. */
  private buckets: WholeFileReader | undefined;
}

/**
 * One practitioner's spooled invoices, each read when the iteration reaches it into one object
 * that the next read fills again; the iteration's result object is reused too. One pass.
 */
export class SpooledInvoiceCursor implements IterableIterator<SpooledInvoice> {
  private next_ = 0;
  private readonly invoice = emptySpooledInvoice();
  private readonly result: IteratorResult<SpooledInvoice> = { done: false, value: this.invoice };
  private observer: ((invoice: Readonly<SpooledInvoice>) => void) | undefined;

  constructor(private readonly reader: SpoolRowReader, private readonly positions: readonly number[]) {}

  /** How many invoices the practitioner has. */
  get count(): number {
    return this.positions.length;
  }

  /** Shows each invoice to `observer` as it is read, before the iteration gets it. */
  watchedBy(observer: (invoice: Readonly<SpooledInvoice>) => void): this {
    this.observer = observer;
    return this;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<SpooledInvoice> {
    if (this.next_ === this.positions.length) return DONE;
    this.reader.seek(this.positions[this.next_++]!);
    this.reader.invoiceInto(this.invoice);
    this.observer?.(this.invoice);
    return this.result;
  }
}

const DONE: IteratorResult<SpooledInvoice> = Object.freeze({ done: true, value: undefined });

/** The positions of a practitioner's rows by their sequence: written in commit order, they nearly always are already. */
function inSequenceOrder(reader: SpoolRowReader, positions: number[]): number[] {
  const sequences = positions.map((position) => reader.sequenceAt(position));
  for (let i = 1; i < sequences.length; i++) {
    if (sequences[i]! < sequences[i - 1]!) {
      const order = positions.map((_, k) => k).sort((x, y) => sequences[x]! - sequences[y]!);
      return order.map((k) => positions[k]!);
    }
  }
  return positions;
}

const INDEX_FILE = 'spool.json';

interface SpoolIndex {
  format: number;
  /** File names, by the index the rows carry. */
  files: string[];
}

/** A ledger row of a spooled invoice: its functional key as the ledger's INTEGER, and the PEC it used. */
export interface SpooledLedgerRow extends Omit<InvoiceRow, 'functionalKeyHash'> {
  functionalKey: bigint;
  pecNumber: string;
}

/**
 * Where each practitioner's rows of a bucket are, practitioners in ascending order (as `<` orders
 * strings): the first pass over a bucket, which makes no object but the practitioner's number.
 */
function rowsByPractitioner(reader: SpoolRowReader): Map<string, number[]> {
  const positionsOf = new Map<string, number[]>();
  while (!reader.done) {
    const position = reader.position;
    const practitionerId = reader.practitioner();
    const positions = positionsOf.get(practitionerId);
    if (positions) positions.push(position);
    else positionsOf.set(practitionerId, [position]);
  }
  return new Map([...positionsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function byInvoiceNumber(x: SpooledLedgerFields, y: SpooledLedgerFields): number {
  if (x.invoiceNumber !== y.invoiceNumber) return x.invoiceNumber < y.invoiceNumber ? -1 : 1;
  return x.sequence - y.sequence;
}

function bucketOf(practitionerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < practitionerId.length; i++) h = Math.imul(h ^ practitionerId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}
