import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../domain/invoice.js';
import type { Decision } from '../domain/decision.js';
import type { Motive } from '../domain/motive.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { InvoiceRow } from '../ledger/run-record.js';
import { Utf8FileBuffer } from './utf8-file-buffer.js';

/** What a run must remember of each decided invoice until the end-of-run outputs are written. */
export interface SpooledInvoice {
  decision: Decision;
  channel: Channel;
  nir: string;
  nirKey: string;
  birthRank: number;
  careDate: DateYmd;
  functionalKeyHash: string;
  pecNumber: string;
  pecCents: Cents;
  lateBankingDays: boolean;
}

/**
 * Buckets: the end of the run holds one bucket's invoices in memory at a time (in this thread and
 * in the ledger thread), so more buckets mean a smaller peak: at 10 M lines, 64 buckets held
 * ≈ 96 000 invoices at once, 256 hold ≈ 24 000. Each bucket buffers BUCKET_BUFFER_BYTES before a
 * write, so the buffers together hold 8 MiB at most, off the heap (Utf8FileBuffer). At 256 KiB a
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
 * commit order, while only 1/BUCKETS of the run is in memory at a time.
 */
export class DecisionSpool {
  /** Rows waiting for their bucket's next write (JSON text, one line each); made on first use. */
  private readonly buffers = new Array<Utf8FileBuffer | undefined>(BUCKETS).fill(undefined);
  /** Open append descriptors: small flushes would otherwise pay an open and a close each. */
  private readonly fds = new Array<number | undefined>(BUCKETS).fill(undefined);

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(inv: SpooledInvoice): void {
    const d = inv.decision;
    const b = bucketOf(d.practitionerId);
    const row = JSON.stringify([
      d.sequence, d.file, d.lot, d.line, d.invoiceNumber, d.practitionerId, d.amcNumber, d.status === 'PAID' ? 1 : 0,
      d.paidCents, d.claimedCents, d.motives.map((m) => [m.code, m.label]), d.receivedDate, d.dueDate,
      inv.channel, inv.nir, inv.nirKey, inv.birthRank, inv.careDate, inv.functionalKeyHash, inv.pecNumber, inv.pecCents,
      inv.lateBankingDays ? 1 : 0,
    ]);
    (this.buffers[b] ??= new Utf8FileBuffer(() => this.fdOf(b), BUCKET_BUFFER_BYTES)).appendLine(row);
  }

  /** Writes what is still buffered and closes the bucket files; call once the commit step is over. */
  flushAll(): void {
    for (const buffer of this.buffers) buffer?.flush();
    this.close();
  }

  /** Closes the bucket files without writing (a run that stops early); safe to call twice. */
  close(): void {
    for (let b = 0; b < BUCKETS; b++) {
      const fd = this.fds[b];
      if (fd !== undefined) closeSync(fd);
      this.fds[b] = undefined;
    }
  }

  private fdOf(b: number): number {
    return (this.fds[b] ??= openSync(this.bucketPath(b), 'a'));
  }

  private bucketPath(b: number): string {
    return join(this.dir, `bucket-${String(b).padStart(2, '0')}.ndjson`);
  }

  /**
   * Practitioner by practitioner, each with its invoices in commit order; one bucket is in memory
   * at a time. Practitioners come bucket by bucket, sorted within their bucket (a global sort
   * would need every bucket in memory); each output file belongs to one practitioner, so the
   * order in which they are written reaches no byte.
   */
  *byPractitioner(): Generator<{ practitionerId: string; invoices: SpooledInvoice[] }> {
    const groups: Array<{ practitionerId: string; invoices: SpooledInvoice[] }> = [];
    for (let b = 0; b < BUCKETS; b++) {
      const byPs = new Map<string, SpooledInvoice[]>();
      for (const inv of this.readBucket(b)) {
        let list = byPs.get(inv.decision.practitionerId);
        if (!list) byPs.set(inv.decision.practitionerId, (list = []));
        list.push(inv);
      }
      for (const [practitionerId, invoices] of byPs) groups.push({ practitionerId, invoices: invoices.sort((x, y) => x.decision.sequence - y.decision.sequence) });
      groups.sort((x, y) => (x.practitionerId < y.practitionerId ? -1 : x.practitionerId > y.practitionerId ? 1 : 0));
      yield* groups;
      groups.length = 0;
    }
  }

  /**
   * For the ledger thread: every invoice as its ledger row, practitioner by practitioner and by
   * invoice number within one (the order of the ledger's unique index, whose inserts then stay on
   * cached pages), straight from the spooled rows — no decision objects. The yielded object is
   * reused: read it before asking for the next.
   */
  *ledgerRows(): Generator<SpooledLedgerRow> {
    const out: SpooledLedgerRow = { file: '', lot: '', sequence: 0, practitionerId: '', invoiceNumber: '', functionalKeyHash: '', status: 'PAID', paidCents: 0, claimedCents: 0, motiveCodes: '', careDate: 0, pecNumber: '' };
    for (let b = 0; b < BUCKETS; b++) {
      const rows: Row[] = [];
      for (const line of this.readLines(b)) rows.push(JSON.parse(line) as Row);
      rows.sort(byPractitionerThenInvoiceNumber);
      for (const r of rows) {
        out.sequence = r[0]; out.file = r[1]; out.lot = r[2]; out.invoiceNumber = r[4]; out.practitionerId = r[5];
        out.status = r[7] === 1 ? 'PAID' : 'REJECTED'; out.paidCents = r[8]; out.claimedCents = r[9];
        out.motiveCodes = r[10].length === 0 ? '' : r[10].map(motiveCodeOf).join('|');
        out.careDate = r[17]; out.functionalKeyHash = r[18]; out.pecNumber = r[19];
        yield out;
      }
    }
  }

  private *readBucket(b: number): Generator<SpooledInvoice> {
    for (const line of this.readLines(b)) yield parseRow(line);
  }

  private *readLines(b: number): Generator<string> {
    const path = this.bucketPath(b);
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    try {
      const chunk = Buffer.alloc(1 << 20);
      let rest = '';
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        const text = rest + chunk.toString('utf8', 0, n);
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line !== '') yield line;
      }
      if (rest !== '') yield rest;
    } finally {
      closeSync(fd);
    }
  }
}

/** A ledger row of a spooled invoice, with the PEC it used (see ledgerRows). */
export interface SpooledLedgerRow extends InvoiceRow {
  pecNumber: string;
}

const motiveCodeOf = (m: [string, string]): string => m[0];

function byPractitionerThenInvoiceNumber(x: Row, y: Row): number {
  if (x[5] !== y[5]) return x[5] < y[5] ? -1 : 1;
  if (x[4] !== y[4]) return x[4] < y[4] ? -1 : 1;
  return x[0] - y[0];
}

function bucketOf(practitionerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < practitionerId.length; i++) h = Math.imul(h ^ practitionerId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

type Row = [number, string, string, number, string, string, string, 0 | 1, number, number, Array<[string, string]>, number, number, Channel, string, string, number, number, string, string, number, 0 | 1];

function parseRow(line: string): SpooledInvoice {
  const r = JSON.parse(line) as Row;
  return {
    decision: {
      sequence: r[0], file: r[1], lot: r[2], line: r[3], invoiceNumber: r[4], practitionerId: r[5], amcNumber: r[6],
      status: r[7] === 1 ? 'PAID' : 'REJECTED', paidCents: r[8] as Cents, claimedCents: r[9] as Cents,
      motives: r[10].map(([code, label]) => ({ code, label }) as Motive), receivedDate: r[11] as DateYmd, dueDate: r[12] as DateYmd,
      channel: r[13],
    },
    channel: r[13], nir: r[14], nirKey: r[15], birthRank: r[16], careDate: r[17] as DateYmd, functionalKeyHash: r[18],
    pecNumber: r[19], pecCents: r[20] as Cents, lateBankingDays: r[21] === 1,
  };
}
