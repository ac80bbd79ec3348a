import type { FileClose, LotClose, LotHeader } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { LiquidationResultEncoder } from '../../codecs/proto/liquidation-codec.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import type { Channel } from '../domain/invoice.js';
import type { LotRef } from './task.js';
import type { BlobStaging } from '../history/input-archive.js';

/**
 * Files up to this size go to a worker whole, as one file task: the worker reads, hashes, frames
 * and liquidates them, which takes that work off the main thread (a 1M-line run had its main
 * thread busy 100 % framing while the workers idled half the time). Larger files are streamed
 * and framed on the main thread in read chunks, as before. Why a bound: a file task holds its
 * whole file in a worker (and its outcomes until sent back), and up to inFlightMax tasks are out
 * at once, so this caps what intake holds at about inFlightMax × 16 MiB of input however large
 * the files delivered. 16 MiB is about 125 000 B2 lines, eight times the largest file of the
 * generated benchmark days (~2 MiB), so the streaming path is for unusual deliveries only.
 */
export const FILE_TASK_BYTES_MAX = 16 * 1024 * 1024;

/** A Piscina task naming one inbox file; the worker reads the file itself (nothing but the name crosses). */
export interface FileTask {
  path: string;
  /** The file's name in every output and error (path relative to the inbox). */
  name: string;
  kind: 'B2' | 'PAPER';
  /** D0 of the file (17:00 cut-off applied), shared by all its invoices. */
  receivedDate: number;
  /** PAPER for keyed paper files; B2-family lots take their channel from their profile. */
  channelOverride?: Channel;
  /** Layout for B2-family files without a readable header (a key of the worker's layouts). */
  defaultProfile: string;
  /** Layout paper invoices are written in before framing (a key of the worker's layouts). */
  paperProfile: string;
  /** Open the path even if it is a symbolic link (`--follow-symlinks`); refused otherwise. */
  followSymlinks: boolean;
  /** Where to write the bytes read for the run's archive (input-archive.ts stageBlob); absent when the run keeps none (a replay). */
  blobStaging?: BlobStaging;
}

/** A lot header as it crosses threads: its compiled layout is named (a key of the layouts map), not cloned. */
export type LotHeaderData = Omit<LotHeader, 'layout'> & { profile: string };
export type LotCloseData = Omit<LotClose, 'lot'> & { lot: LotHeaderData };
export type FileMarkerData = { kind: 'lot'; close: LotCloseData } | { kind: 'file'; close: FileClose };

/** What a worker sends back for one file: everything the main thread needs to commit it in order. */
export interface FileTaskResult {
  /**
   * A LiquidationResult protobuf: one outcome per invoice, in file order. Its `sequence` fields
   * are 0: run-wide input order is only known on the main thread, which numbers at commit.
   */
  outcomes: Uint8Array;
  /** Each invoice's lot, as an index into `lots`. */
  lotOfInvoice: Uint32Array;
  lots: LotRef[];
  /** Lot and file closes, each applied after `after` invoices of the file (as BatchBuilder markers). */
  markers: Array<{ after: number; marker: FileMarkerData }>;
  sha256: string;
  /** Bytes read, for progress. */
  bytes: number;
  /** Problems reported beside the file close (a paper file's CSV errors). */
  errors: CodecError[];
  /** The copy of the bytes read written for the archive, when the task asked for one and the archive lacked the blob. */
  stagedBlob?: string;
  /**
   * Set when the file could not be read when its turn came (gone, unreadable, no longer a regular
   * file): nothing else is set, no invoice, no marker. The file is rejected, the run goes on.
   */
  rejection?: InboxRejection;
}

/** The result of a file that could not be read: no invoice, no lot, no close, and why. */
export function rejectedFileResult(rejection: InboxRejection): FileTaskResult {
  return {
    outcomes: new LiquidationResultEncoder().finish(0, 0), lotOfInvoice: new Uint32Array(0), lots: [], markers: [],
    sha256: '', bytes: 0, errors: [], rejection,
  };
}

/** The buffers a FileTaskResult moves to the main thread instead of copying. */
export function fileResultTransferList(result: FileTaskResult): ArrayBuffer[] {
  return [result.outcomes.buffer as ArrayBuffer, result.lotOfInvoice.buffer as ArrayBuffer];
}

export function lotCloseData(close: LotClose, profile: string): LotCloseData {
  const { layout: _layout, ...header } = close.lot;
  return { ...close, lot: { ...header, profile } };
}

/** The LotClose that onLot expects, its layout taken from the main thread's own compiled layouts. */
export function lotCloseOf(data: LotCloseData, layouts: ReadonlyMap<string, CompiledLayout>): LotClose {
  const { profile, ...header } = data.lot;
  const layout = layouts.get(profile);
  if (!layout) throw new Error(`file task result names layout ${profile}, which the main thread has not loaded`);
  return { ...data, lot: { ...header, layout } };
}
