import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { Channel } from '../domain/invoice.js';

/**
 * One Piscina task: a batch of whole invoices as raw records. `bytes` and `index` travel as
 * transferred ArrayBuffers (moved, not copied); the rest is small.
 */
export interface LiquidationTask {
  batch: number;
  bytes: Uint8Array;
  /** INDEX_STRIDE numbers per invoice, see the INDEX_* offsets. Float64 so byte offsets of multi-GiB files stay exact. */
  index: Float64Array;
  invoiceCount: number;
  lots: LotRef[];
  /** Framing errors, rare, keyed by the invoice's position in the batch. */
  framingErrors: Array<{ at: number; errors: CodecError[] }>;
}

/** What every invoice of a lot shares: where it came from, who is paid, which profile reads it. */
export interface LotRef {
  file: string;
  lot: string;
  practitionerId: string;
  profile: string;
  channel: Channel;
  /** D0: the business day the file counts as received (17:00 cut-off applied). */
  receivedDate: number;
  /** The lot's date from its header (date de constitution, yyyymmdd), 0 when none (paper): the return's 050. */
  sendDate: number;
}

export const INDEX_STRIDE = 5;
export const INDEX_START = 0;
export const INDEX_RECORDS = 1;
export const INDEX_LINE = 2;
export const INDEX_BYTE_OFFSET = 3;
export const INDEX_LOT = 4;

/** Where the worker finds the referential snapshot and the layouts, given once per worker. */
export interface WorkerSetup {
  snapshotPath: string;
  /**
   * The snapshot's bytes in a SharedArrayBuffer (readSharedFile), read once by the main thread and
   * seen by every worker without a copy; when absent the worker reads `snapshotPath` itself.
   */
  snapshotBytes?: Uint8Array;
  /** Profile name → layout file path (shipped names or operator-supplied files). */
  profiles: Record<string, string>;
  /** Recompute every line with decimal.js and report differences (`--audit-arithmetic`). */
  auditArithmetic: boolean;
  /** Which pool of the run this worker belongs to, 1 for the first (worker-start.ts). */
  startAttempt: number;
}
