import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Piscina } from 'piscina';
import { B2Framer } from '../../codecs/b2/framer.js';
import type { FileClose, FrameSink, LotClose } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { decodeLiquidationResult, type InvoiceOutcomeMessage } from '../../codecs/proto/liquidation-codec.js';
import type { Channel } from '../domain/invoice.js';
import type { CommitStep } from '../commit/commit-step.js';
import { framePaperFile } from '../intake/paper-invoices.js';
import { BatchBuilder, type BatchLimits, type Marker, type PendingBatch } from '../pipeline/batch-builder.js';
import type { LiquidationTask, LotRef } from '../pipeline/task.js';
import { transferListOf } from '../pipeline/worker-pool.js';
import type { InboxFile } from './inbox.js';

export interface IntakeOptions {
  files: readonly InboxFile[];
  pool: Piscina<LiquidationTask, Uint8Array>;
  commit: CommitStep;
  limits: BatchLimits;
  /** Bound on batches handed to workers and not yet committed: this is what keeps memory flat. */
  inFlightMax: number;
  /** Bytes read per chunk from disk. */
  readChunkBytes: number;
  layouts: ReadonlyMap<string, CompiledLayout>;
  defaultProfile: string;
  paperProfile: string;
  /** Told of every lot and file as the commit step reaches it, in input order. */
  onLot: (file: string, close: LotClose) => void;
  onFile: (file: InboxFile, sha256: string, close: FileClose | null, errors: CodecError[]) => void;
  onProgress?: (bytesRead: number) => void;
  /** Called with each batch's outcomes just before they are committed (ledger prefetch). */
  beforeCommit?: (outcomes: readonly InvoiceOutcomeMessage[], lotOf: (n: number) => LotRef) => void;
}

export interface IntakeTotals {
  invoices: number;
  batches: number;
  bytesRead: number;
  auditMismatches: number;
}

const CHANNEL_OF_PROFILE: Record<string, Channel> = { 'b2-etablissements': 'B2_ETAB', 'b2-ps': 'B2_PS', dre: 'DRE' };

/**
 * Read → frame → batch → workers → reorder → commit. The main thread streams and frames; workers
 * liquidate whole batches; results are committed strictly in batch order, so decisions do not
 * depend on which worker finished first. The read stream waits whenever `inFlightMax` batches
 * are out, which bounds memory whatever the size of the input.
 */
export async function runIntake(options: IntakeOptions): Promise<IntakeTotals> {
  const builder = new BatchBuilder(options.limits);
  const queue: Array<{ pending: PendingBatch; result: Promise<Uint8Array> }> = [];
  const totals: IntakeTotals = { invoices: 0, batches: 0, bytesRead: 0, auditMismatches: 0 };
  let sequence = 0;
  let current: { file: InboxFile; channelOverride?: Channel } | null = null;

  const dispatch = (): void => {
    const pending = builder.take();
    totals.batches++;
    const result = options.pool.run(pending.task, { transferList: transferListOf(pending.task) });
    // Failures surface when the batch is committed, in order; avoid an unhandled rejection meanwhile.
    result.catch(() => undefined);
    queue.push({ pending, result });
  };

  const commitOldest = async (): Promise<void> => {
    const { pending, result } = queue.shift()!;
    const bytes = await result;
    const decoded = decodeLiquidationResult(bytes);
    totals.auditMismatches += decoded.auditMismatches;
    const outcomes = decoded.outcomes;
    options.beforeCommit?.(outcomes, (n) => pending.lots[pending.lotOfInvoice[n]!]!);
    let m = 0;
    const markers = pending.markers;
    for (let n = 0; n <= outcomes.length; n++) {
      while (m < markers.length && markers[m]!.after === n) applyMarker(markers[m++]!.marker);
      if (n < outcomes.length) options.commit.add(outcomes[n]!, pending.lots[pending.lotOfInvoice[n]!]!);
    }
    while (m < markers.length) applyMarker(markers[m++]!.marker);
  };

  const fileMarkers = new Map<string, { file: InboxFile; sha256: string; errors: CodecError[] }>();
  const applyMarker = (marker: Marker): void => {
    if (marker.kind === 'lot') {
      options.commit.closeLot(marker.close.errors);
      options.onLot(marker.file, marker.close);
    } else {
      const done = fileMarkers.get(marker.close.file)!;
      fileMarkers.delete(marker.close.file);
      options.onFile(done.file, done.sha256, marker.close.profile === '' ? null : marker.close, done.errors);
    }
  };

  const drain = async (limit: number): Promise<void> => {
    while (queue.length > limit) await commitOldest();
  };

  const sink: FrameSink = {
    invoice(frame) {
      const file = current!.file;
      const profile = frame.lot.layout.profile;
      const lot: LotRef = {
        file: file.name,
        lot: frame.lot.lotNumber,
        practitionerId: frame.lot.emitterId,
        profile,
        channel: current!.channelOverride ?? CHANNEL_OF_PROFILE[profile] ?? 'B2_PS',
        receivedDate: file.receivedDate,
      };
      const ref = builder.lotRef(`${file.name}#${frame.lot.index}`, lot);
      builder.addInvoice(frame, ref, sequence++);
      totals.invoices++;
      if (builder.full()) dispatch();
    },
    lotClosed(close) {
      builder.addMarker({ kind: 'lot', file: current!.file.name, close });
    },
    fileClosed(close) {
      builder.addMarker({ kind: 'file', close });
    },
  };

  for (const file of options.files) {
    const hash = createHash('sha256');
    const errors: CodecError[] = [];
    if (file.kind === 'B2') {
      current = { file };
      const framer = new B2Framer(
        { file: file.name, defaultLayout: options.layouts.get(options.defaultProfile)!, resolveLayout: (p) => options.layouts.get(p) },
        sink,
      );
      const stream = createReadStream(file.path, { highWaterMark: options.readChunkBytes });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        totals.bytesRead += chunk.length;
        framer.push(chunk);
        options.onProgress?.(totals.bytesRead);
        await drain(options.inFlightMax - 1);
      }
      fileMarkers.set(file.name, { file, sha256: hash.digest('hex'), errors });
      framer.end();
    } else {
      current = { file, channelOverride: 'PAPER' };
      const layout = options.layouts.get(options.paperProfile)!;
      const summary = await framePaperFile(file.path, file.name, layout, sink, () => drain(options.inFlightMax - 1));
      for await (const chunk of createReadStream(file.path) as AsyncIterable<Buffer>) hash.update(chunk);
      totals.bytesRead += file.sizeBytes;
      errors.push(...summary.errors);
      fileMarkers.set(file.name, { file, sha256: hash.digest('hex'), errors });
      builder.addMarker({ kind: 'file', close: { file: file.name, profile: '', fileNumber: '', emitterId: '', creationDate: 0, lotCount: 0, recordCount: summary.rows, invoiceCount: summary.invoices, bytes: file.sizeBytes, lines: summary.rows + 1, errors: [] } });
    }
  }
  if (builder.hasContent) dispatch();
  await drain(0);
  return totals;
}
