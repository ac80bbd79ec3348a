import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { FileClose, InvoiceFrame, LotClose } from '../../codecs/b2/frames.js';
import type { LiquidationTask, LotRef } from './task.js';
import { INDEX_BYTE_OFFSET, INDEX_LINE, INDEX_LOT, INDEX_RECORDS, INDEX_START, INDEX_STRIDE } from './task.js';

/** Events the commit step must see between invoices, in input order. */
export type Marker = { kind: 'lot'; file: string; close: LotClose } | { kind: 'file'; close: FileClose };

/** What the main thread keeps of a batch while a worker has it: enough to commit it in order. */
export interface PendingBatch {
  task: LiquidationTask;
  /** Markers, each to be applied after `after` invoices of this batch have been committed. */
  markers: Array<{ after: number; marker: Marker }>;
  lots: LotRef[];
  /** The lot of each invoice, kept here because the task's index is moved to the worker. */
  lotOfInvoice: Uint32Array;
}

export interface BatchLimits {
  /** A batch is sent when its records reach this many bytes (a few hundred KiB amortises the task cost). */
  batchBytesMax: number;
  batchInvoicesMax: number;
}

/**
 * Packs invoices framed on the main thread — files streamed because they exceed
 * FILE_TASK_BYTES_MAX (file-task.ts) — into one buffer per batch. The working buffers are reused; `take()` hands
 * over exact-size copies, which are moved (transferred) to the worker, not copied again.
 */
export class BatchBuilder {
  private bytes: Uint8Array;
  private used = 0;
  private index: Float64Array;
  private count = 0;
  private lots: LotRef[] = [];
  private lotIds = new Map<string, number>();
  private framingErrors: Array<{ at: number; errors: CodecError[] }> = [];
  private markers: Array<{ after: number; marker: Marker }> = [];
  private batchNo = 0;

  constructor(private readonly limits: BatchLimits) {
    this.bytes = new Uint8Array(limits.batchBytesMax + 64 * 1024);
    this.index = new Float64Array(limits.batchInvoicesMax * INDEX_STRIDE);
  }

  get invoiceCount(): number {
    return this.count;
  }

  get hasContent(): boolean {
    return this.count > 0 || this.markers.length > 0;
  }

  full(): boolean {
    return this.used >= this.limits.batchBytesMax || this.count >= this.limits.batchInvoicesMax;
  }

  lotRef(key: string, lot: LotRef): number {
    let id = this.lotIds.get(key);
    if (id === undefined) {
      id = this.lots.length;
      this.lots.push(lot);
      this.lotIds.set(key, id);
    }
    return id;
  }

  addInvoice(frame: InvoiceFrame, lotRef: number): void {
    const size = frame.bytes.length;
    if (this.used + size > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + size));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    this.bytes.set(frame.bytes, this.used);
    const i = this.count * INDEX_STRIDE;
    this.index[i + INDEX_START] = this.used;
    this.index[i + INDEX_RECORDS] = frame.recordCount;
    this.index[i + INDEX_LINE] = frame.line;
    this.index[i + INDEX_BYTE_OFFSET] = frame.byteOffset;
    this.index[i + INDEX_LOT] = lotRef;
    if (frame.errors.length > 0) this.framingErrors.push({ at: this.count, errors: frame.errors });
    this.used += size;
    this.count++;
  }

  addMarker(marker: Marker): void {
    this.markers.push({ after: this.count, marker });
  }

  /** Hands over the batch: its buffers belong to the task from now on. */
  take(): PendingBatch {
    const task: LiquidationTask = {
      batch: this.batchNo++,
      bytes: this.bytes.slice(0, this.used),
      index: this.index.slice(0, this.count * INDEX_STRIDE),
      invoiceCount: this.count,
      lots: this.lots,
      framingErrors: this.framingErrors,
    };
    const lotOfInvoice = new Uint32Array(this.count);
    for (let n = 0; n < this.count; n++) lotOfInvoice[n] = this.index[n * INDEX_STRIDE + INDEX_LOT]!;
    const pending: PendingBatch = { task, markers: this.markers, lots: this.lots, lotOfInvoice };
    this.used = 0;
    this.count = 0;
    this.lots = [];
    this.lotIds = new Map();
    this.framingErrors = [];
    this.markers = [];
    return pending;
  }
}
