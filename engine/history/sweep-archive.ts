import type { InputArchive } from './input-archive.js';

/** What a sweep of the run archive removed. */
export interface ArchiveSweep {
  blobsRemoved: number;
  bytesFreed: number;
  /** Temporary files crashed stores left (never renamed into place, so never referenced). */
  temporariesRemoved: number;
}

export const NOTHING_SWEPT: ArchiveSweep = { blobsRemoved: 0, bytesFreed: 0, temporariesRemoved: 0 };

/**
 * Removes every blob of the archive that no run's input row names any more, then the
 * temporaries crashes left. The archive is content-addressed and shared across runs: a snapshot
 * or an inbox file a kept run read stays, whichever purged run read it too.
 *
 * Called under the data folder's lock (no run stores a blob meanwhile), after the ledger's purge
 * has committed, with the digests the ledger names from then on. A crash between that commit and
 * this sweep leaves blobs nothing names; so does a run that died after storing its inputs and
 * before its commit. Either way the next purge removes them: the sweep asks what is referenced,
 * not what was just purged.
 */
export function sweepArchive(archive: InputArchive, referenced: ReadonlySet<string>): ArchiveSweep {
  let blobsRemoved = 0;
  let bytesFreed = 0;
  for (const sha256 of archive.storedDigests()) {
    if (referenced.has(sha256)) continue;
    bytesFreed += archive.remove(sha256);
    blobsRemoved += 1;
  }
  return { blobsRemoved, bytesFreed, temporariesRemoved: archive.sweepTemporaries() };
}
