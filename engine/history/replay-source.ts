import type { FileRecord } from '../ledger/run-record.js';
import type { InboxRejection } from '../intake/inbox-rejection.js';
import type { InboxListing } from '../run/inbox.js';
import { HistoryError } from './history-error.js';

/** What a replay gives the run instead of an inbox and the ledger as it is (replay-run.ts). */
export interface ReplaySource {
  /** The inbox as the run took it; each file's path is its blob in the archive. */
  listing: InboxListing;
  /** Files the run listed and could not read: their rejections, in input order, none read again. */
  intakeRejected: readonly InboxRejection[];
  /** What each file's bytes hashed to when the run read them, by inbox name. */
  expectedSha256: ReadonlyMap<string, string>;
  /** The digest of the snapshot blob, checked before the replay. */
  snapshotSha256: string;
  /** The replayed run's row id: the ledger is seen as it stood before it. */
  asOfRunRowId: number;
}

/** The first archived file whose bytes no longer hash as they did when the run read them. */
export function tamperedInputs(read: readonly FileRecord[], expected: ReadonlyMap<string, string>): HistoryError | undefined {
  for (const file of read) {
    const sha256 = expected.get(file.name);
    if (sha256 !== file.sha256) {
      return new HistoryError('TPLIQ_ARCHIVE_TAMPERED', `archived input ${file.name} (blob ${sha256 ?? '?'}) now hashes to ${file.sha256}: the archive no longer holds what the run read`);
    }
  }
  return undefined;
}
