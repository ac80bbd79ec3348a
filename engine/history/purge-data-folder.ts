import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import { DataFolderLock } from '../ledger/data-folder-lock.js';
import { ledgerUrl } from '../ledger/ledger-url.js';
import { LedgerBusy } from '../ledger/ledger-busy.js';
import { CONTROL_RETENTION_DAYS, LEDGER_FILE_NAME, openLedger, openLedgerDatabase, retentionCutoff, type PurgeCounts } from '../ledger/ledger.js';
import { crashPoint } from '../run/crash-points.js';
import { HistoryError } from './history-error.js';
import { InputArchive } from './input-archive.js';
import { NOTHING_SWEPT, sweepArchive, type ArchiveSweep } from './sweep-archive.js';

/** What `tpliq ledger purge` is asked: a retention counted back from the latest day, or a cut-off. */
export interface PurgeRequest {
  dataDir: string;
  /** Days kept back from the latest accounting date (default CONTROL_RETENTION_DAYS). */
  retentionDays?: number;
  /** An explicit cut-off instead: runs whose accounting day is before it are purged. */
  before?: DateYmd;
  /** Lets a cut-off reach into the protocol's 90 days. */
  force?: boolean;
}

export interface PurgeReport extends PurgeCounts, ArchiveSweep {
  /** Runs before this day were purged; undefined when the ledger has no run to count back from. */
  cutoff: DateYmd | undefined;
  /** The day the default retention counts back from (rows of purged runs included). */
  latestAccountingDate: DateYmd | undefined;
}

const NOTHING_PURGED: PurgeCounts = { runs: 0, invoicesRemoved: 0, labelsCleared: 0, lots: 0, transfers: 0, outputs: 0, archives: 0, inputBlobs: 0 };

/**
 * The retention of a data folder (protocol §9-2-1, P14: control data kept 90 days from sending).
 * Counted back from the latest accounting day the ledger liquidated, not from the clock: the same
 * ledger always purges the same runs, and an engine idle for weeks never purges more than the
 * protocol allows. The ledger's part is one transaction (Ledger.purge); the archive's blobs no
 * remaining run names are deleted after it commits (sweep-archive.ts says why that order is safe).
 * Holds the data folder's lock throughout; a refusal changes nothing.
 */
export function purgeDataFolder(request: PurgeRequest): PurgeReport {
  const { dataDir } = request;
  if (request.before !== undefined && request.retentionDays !== undefined) throw new Error('purge: a cut-off or a retention, not both');
  // Opening would create an empty ledger (and the lock a folder): a mistyped --data would then
  // "purge" nothing, silently.
  if (ledgerUrl() === undefined && !existsSync(join(dataDir, LEDGER_FILE_NAME))) throw new HistoryError('TPLIQ_LEDGER_MISSING', `no ledger in ${dataDir} (${LEDGER_FILE_NAME}): check --data`);
  // A PostgreSQL database without a ledger is refused the same way (TPLIQ_LEDGER_MISSING), before anything is made.
  if (ledgerUrl() !== undefined) openLedgerDatabase(dataDir, { readOnly: true }).close();
  const retentionDays = request.retentionDays ?? CONTROL_RETENTION_DAYS;
  // Refused whatever the ledger holds yet, so that a scheduled command is wrong from its first night.
  if (request.before === undefined && retentionDays < CONTROL_RETENTION_DAYS && request.force !== true) {
    throw new HistoryError('TPLIQ_RETENTION_TOO_SHORT', `--retention-days ${retentionDays} is shorter than the ${CONTROL_RETENTION_DAYS} days control data must be kept (protocol §9-2-1): nothing was purged; --force to purge anyway`);
  }
  const lock = DataFolderLock.acquire(dataDir, { command: 'ledger purge' });
  try {
    const ledger = openLedger(dataDir);
    try {
      if (!ledger.tryWriterLock()) throw new LedgerBusy('the purge');
      const latest = ledger.latestAccountingDate();
      const cutoff = request.before ?? (latest === undefined ? undefined : retentionCutoff(latest, retentionDays));
      if (request.before !== undefined && latest !== undefined && request.before > retentionCutoff(latest) && request.force !== true) {
        throw new HistoryError('TPLIQ_RETENTION_TOO_SHORT', `--before ${formatIso(request.before)} would purge runs less than ${CONTROL_RETENTION_DAYS} days before the latest accounting day ${formatIso(latest)}, whose control data must be kept (protocol §9-2-1; the latest cut-off allowed is ${formatIso(retentionCutoff(latest))}): nothing was purged; --force to purge anyway`);
      }
      // Before anything changes: an archive of another ledger stops the purge here.
      const archive = InputArchive.ifPresent(dataDir, ledger.ledgerId());
      const counts = cutoff === undefined ? NOTHING_PURGED : ledger.purge(cutoff);
      crashPoint('purge-before-sweep');
      const swept = archive === undefined ? NOTHING_SWEPT : sweepArchive(archive, ledger.inputBlobDigests());
      return { cutoff, latestAccountingDate: latest, ...counts, ...swept };
    } finally {
      ledger.close();
    }
  } finally {
    lock.release();
  }
}
