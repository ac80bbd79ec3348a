import type { ArchiveJob } from './archive-run.js';
import type { HistoryErrorCode } from './history-error.js';

/** What the archive thread is given: the archive to store into, and the run's blobs. */
export interface ArchiveThreadData {
  dataDir: string;
  ledgerId: string;
  jobs: ArchiveJob[];
}

/** Its one answer: every blob stored, or why not (`code` when the failure is the operator's, a HistoryError). */
export type ArchiveThreadReply =
  | { kind: 'stored' }
  | { kind: 'failed'; code?: HistoryErrorCode; detail: string; stack: string };
