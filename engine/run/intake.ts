import { createHash } from 'node:crypto';
import { closeSync, createReadStream } from 'node:fs';
import { B2Framer } from '../../codecs/b2/framer.js';
import type { FileClose, FrameSink, LotClose } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { LiquidationResultReader, type InvoiceOutcomeMessage } from '../../codecs/proto/liquidation-codec.js';
import type { CommitStep } from '../commit/commit-step.js';
import { rejectionOfReadError, type InboxRejection } from '../intake/inbox-rejection.js';
import { openRegularFile } from '../intake/open-regular-file.js';
import { framePaperFile, paperFileClose } from '../intake/paper-invoices.js';
import { BatchBuilder, type BatchLimits, type Marker, type PendingBatch } from '../pipeline/batch-builder.js';
import type { BlobStaging } from '../history/input-archive.js';
import { FILE_TASK_BYTES_MAX, lotCloseOf, rejectedFileResult, type FileTask, type FileTaskResult } from '../pipeline/file-task.js';
import { lotRefOf, type LotSource } from '../pipeline/lot-ref.js';
import type { LotRef } from '../pipeline/task.js';
import type { TaskExecutor } from '../pipeline/task-executor.js';
import type { InboxFile } from './inbox.js';
import { crashPoint } from './crash-points.js';

export interface IntakeOptions {
  files: readonly InboxFile[];
  /** Worker threads here, or worker processes through NATS (task-executor.ts). */
  executor: TaskExecutor;
  commit: CommitStep;
  limits: BatchLimits;
  /** Bound on tasks (batches and files) handed to workers and not yet committed: this is what keeps memory flat. */
  inFlightMax: number;
  /** Bytes read per chunk from disk, for files streamed on the main thread. */
  readChunkBytes: number;
  layouts: ReadonlyMap<string, CompiledLayout>;
  defaultProfile: string;
  paperProfile: string;
  /**
   * Files up to this many bytes are read, framed and liquidated whole by a worker (a file task);
   * larger ones are streamed and framed here. FILE_TASK_BYTES_MAX unless said; -1 streams every
   * file (tests compare the two paths), as does an executor whose workers do not see the inbox.
   */
  fileTaskBytesMax?: number;
  /** Told of every lot and file as the commit step reaches it, in input order. */
  onLot: (file: string, close: LotClose) => void;
  onFile: (file: InboxFile, sha256: string, close: FileClose | null, errors: CodecError[]) => void;
  /** Told, in input order, of a listed file that could not be read when its turn came; it has no invoice and no onFile. */
  onRejected: (file: InboxFile, rejection: InboxRejection) => void;
  /** Open files through symbolic links (`--follow-symlinks`); a link is refused otherwise. */
  followSymlinks: boolean;
  /**
   * Where file tasks write the bytes they read for the run's archive; each copy written is told
   * to `onBlobStaged` (in input order) with the digest it holds. Absent: nothing is written (a replay).
   */
  blobStaging?: { staging: BlobStaging; onBlobStaged: (sha256: string, staged: string) => void };
  /** Bytes of input done: after each chunk of a streamed file, after each file task is committed. */
  onProgress?: (bytesRead: number) => void;
  /** Called with each task's outcomes just before they are committed (ledger prefetch). */
  beforeCommit?: (outcomes: readonly InvoiceOutcomeMessage[], lotOf: (n: number) => LotRef) => void;
}

export interface IntakeTotals {
  invoices: number;
  /** Batches framed on the main thread (streamed files). */
  batches: number;
  /** Files sent whole to a worker. */
  fileTasks: number;
  bytesRead: number;
  auditMismatches: number;
}

/**
 * Outcomes made from a task's bytes at a time: each chunk is asked of the ledger (beforeCommit) in
 * one go, then committed, then left to die young. A file's ≈ 1 000 invoices on average are one
 * chunk; its largest ones (thousands) are a few.
 */
const COMMIT_CHUNK_OUTCOMES = 1024;

type InFlight =
  | { kind: 'batch'; pending: PendingBatch; result: Promise<Uint8Array> }
  | { kind: 'file'; file: InboxFile; result: Promise<FileTaskResult> };

/**
 * Inbox → workers → reorder → commit. Each file up to `fileTaskBytesMax` is one task: a worker
 * reads, hashes, frames and liquidates it whole, which keeps the main thread free for the commit.
 * Larger files are streamed and framed here and their invoices packed into batches, so memory
 * stays bounded whatever a file's size. Either way results are committed strictly in task order
 * (the input order), and invoices are numbered as they are committed, so decisions depend neither
 * on which worker finished first nor on which path a file took. No more than `inFlightMax` tasks
 * are out at once.
 */
export async function runIntake(options: IntakeOptions): Promise<IntakeTotals> {
  const builder = new BatchBuilder(options.limits);
  const runFile = options.executor.runFile;
  const fileTaskBytesMax = runFile === undefined ? -1 : options.fileTaskBytesMax ?? FILE_TASK_BYTES_MAX;
  const queue: InFlight[] = [];
  const totals: IntakeTotals = { invoices: 0, batches: 0, fileTasks: 0, bytesRead: 0, auditMismatches: 0 };
  // Run-wide input order, given at commit (commit order is input order).
  let sequence = 0;
  // The streamed file, and its lot being framed (one LotRef per lot, not per invoice).
  let current: { file: InboxFile; source: LotSource; lot?: { index: number; ref: LotRef } } | null = null;

  const dispatch = (): void => {
    const pending = builder.take();
    totals.batches++;
    const result = options.executor.runBatch(pending.task);
    // Failures surface when the batch is committed, in order; avoid an unhandled rejection meanwhile.
    result.catch(() => undefined);
    queue.push({ kind: 'batch', pending, result });
  };

  const dispatchFile = async (file: InboxFile, runFileTask: NonNullable<TaskExecutor['runFile']>): Promise<void> => {
    // Invoices framed before this file are still in the builder: they must be committed first.
    if (builder.hasContent) dispatch();
    await drain(options.inFlightMax - 1);
    const task: FileTask = {
      path: file.path, name: file.name, kind: file.kind, receivedDate: file.receivedDate,
      ...(file.kind === 'PAPER' ? { channelOverride: 'PAPER' as const } : {}),
      defaultProfile: options.defaultProfile, paperProfile: options.paperProfile, followSymlinks: options.followSymlinks,
      ...(options.blobStaging === undefined ? {} : { blobStaging: options.blobStaging.staging }),
    };
    const result = runFileTask(task);
    result.catch(() => undefined);
    queue.push({ kind: 'file', file, result });
    totals.fileTasks++;
  };

  const chunk: InvoiceOutcomeMessage[] = [];
  /**
   * Commits a task's outcomes in order, made COMMIT_CHUNK_OUTCOMES at a time from the task's
   * bytes, each chunk's ledger questions asked just before it is committed (beforeCommit); the
   * markers apply after the invoice they follow. Returns how many outcomes there were.
   */
  const commitInOrder = (reader: LiquidationResultReader, lots: readonly LotRef[], lotOfInvoice: Uint32Array, markers: ReadonlyArray<{ after: number; marker: Marker }>): number => {
    let m = 0;
    let first = 0;
    const lotOf = (k: number): LotRef => lots[lotOfInvoice[first + k]!]!;
    for (;;) {
      chunk.length = 0;
      for (let o = reader.nextOutcome(); o !== undefined; o = chunk.length < COMMIT_CHUNK_OUTCOMES ? reader.nextOutcome() : undefined) chunk.push(o);
      if (chunk.length === 0) break;
      options.beforeCommit?.(chunk, lotOf);
      for (let k = 0; k < chunk.length; k++) {
        const n = first + k;
        while (m < markers.length && markers[m]!.after === n) applyMarker(markers[m++]!.marker);
        const outcome = chunk[k]!;
        outcome.sequence = sequence++;
        options.commit.add(outcome, lotOf(k));
      }
      first += chunk.length;
    }
    chunk.length = 0;
    totals.auditMismatches += reader.auditMismatches;
    while (m < markers.length) applyMarker(markers[m++]!.marker);
    return first;
  };

  let tasksCommitted = 0;
  const commitOldest = async (): Promise<void> => {
    if (++tasksCommitted === 4) crashPoint('mid-intake');
    const entry = queue.shift()!;
    if (entry.kind === 'batch') {
      const { pending } = entry;
      commitInOrder(new LiquidationResultReader(await entry.result), pending.lots, pending.lotOfInvoice, pending.markers);
      return;
    }
    const { file } = entry;
    const done = await entry.result;
    if (done.rejection !== undefined) {
      options.onRejected(file, done.rejection);
      return;
    }
    if (done.stagedBlob !== undefined) options.blobStaging?.onBlobStaged(done.sha256, done.stagedBlob);
    fileMarkers.set(file.name, { file, sha256: done.sha256, errors: done.errors });
    const markers = done.markers.map(({ after, marker }): { after: number; marker: Marker } => ({
      after,
      marker: marker.kind === 'lot' ? { kind: 'lot', file: file.name, close: lotCloseOf(marker.close, options.layouts) } : marker,
    }));
    totals.invoices += commitInOrder(new LiquidationResultReader(done.outcomes), done.lots, done.lotOfInvoice, markers);
    totals.bytesRead += done.bytes;
    options.onProgress?.(totals.bytesRead);
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
      const c = current!;
      if (c.lot?.index !== frame.lot.index) c.lot = { index: frame.lot.index, ref: lotRefOf(c.source, frame.lot) };
      // Invoices are numbered at commit, in run-wide input order.
      builder.addInvoice(frame, builder.lotRef(`${c.file.name}#${frame.lot.index}`, c.lot.ref));
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

  /**
   * Opens a file to be streamed here, or queues its rejection when it cannot be read any more:
   * queued like a file task's, so that it is reported at its place in the input order.
   */
  const openStreamed = (file: InboxFile): number | undefined => {
    try {
      return openRegularFile(file.path, options.followSymlinks);
    } catch (error) {
      const rejection = rejectionOfReadError(error, file.name, options.followSymlinks);
      if (rejection === undefined) throw error;
      if (builder.hasContent) dispatch();
      queue.push({ kind: 'file', file, result: Promise.resolve(rejectedFileResult(rejection)) });
      return undefined;
    }
  };

  /** A file too large for a file task: read in chunks, framed here, its invoices batched. */
  const streamB2 = async (file: InboxFile): Promise<void> => {
    const fd = openStreamed(file);
    if (fd === undefined) return;
    const hash = createHash('sha256');
    current = { file, source: { name: file.name, receivedDate: file.receivedDate } };
    const framer = new B2Framer(
      { file: file.name, defaultLayout: options.layouts.get(options.defaultProfile)!, resolveLayout: (p) => options.layouts.get(p) },
      sink,
    );
    const stream = createReadStream(file.path, { fd, highWaterMark: options.readChunkBytes });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      totals.bytesRead += chunk.length;
      framer.push(chunk);
      options.onProgress?.(totals.bytesRead);
      await drain(options.inFlightMax - 1);
    }
    fileMarkers.set(file.name, { file, sha256: hash.digest('hex'), errors: [] });
    framer.end();
  };

  const streamPaper = async (file: InboxFile): Promise<void> => {
    // The paper reader opens the path itself: this checks, just before, that it is still a regular file.
    const fd = openStreamed(file);
    if (fd === undefined) return;
    closeSync(fd);
    const hash = createHash('sha256');
    current = { file, source: { name: file.name, receivedDate: file.receivedDate, channelOverride: 'PAPER' } };
    const layout = options.layouts.get(options.paperProfile)!;
    const summary = await framePaperFile(file.path, file.name, layout, sink, () => drain(options.inFlightMax - 1));
    for await (const chunk of createReadStream(file.path) as AsyncIterable<Buffer>) hash.update(chunk);
    totals.bytesRead += file.sizeBytes;
    fileMarkers.set(file.name, { file, sha256: hash.digest('hex'), errors: [...summary.errors] });
    builder.addMarker({ kind: 'file', close: paperFileClose(file.name, file.sizeBytes, summary) });
    options.onProgress?.(totals.bytesRead);
  };

  for (const file of options.files) {
    if (runFile !== undefined && file.sizeBytes <= fileTaskBytesMax) await dispatchFile(file, runFile);
    else if (file.kind === 'B2') await streamB2(file);
    else await streamPaper(file);
  }
  if (builder.hasContent) dispatch();
  await drain(0);
  return totals;
}
