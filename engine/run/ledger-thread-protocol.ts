import type { RunHeader, RunOutputRecords, RunSettlementRows, RunTotals } from '../ledger/run-record.js';
import type { PaidKeyFilterState } from './paid-key-filter.js';

/**
 * SQLite's page cache for the run's insert, half the default. It is spent while the main thread
 * builds the returns, which is where the run's memory peaked when this was chosen: at 10 M lines
 * (6 M rows in one transaction) the wait for the insert after the returns was 34 s in two runs
 * against 31–32 s at 128 MiB (runs of one noisy hour), for ≈ 64 MiB less at the peak. A quarter
 * (32 MiB) was too slow: 25–30 s → 42 s. Tried again after docs/performance.md change 14, when the returns
 * of the 10 M-line run stayed near 350 MiB: at 128 MiB they reached 445 MiB (the intake's peak
 * is ≈ 460) for a wait of 30 s against 36 in one pair of runs, so 64 MiB stays.
 */
export const WRITER_PAGE_CACHE_KIB = 65_536;

/** What the ledger writer thread starts from: the run's header, and its settlement, written after the invoices. */
export interface LedgerThreadData {
  dataDir: string;
  spoolDir: string;
  header: RunHeader;
  settlement: RunSettlementRows;
}

/**
 * Main thread → ledger writer thread, once the invoices and the settlement are in (see
 * ledger-thread.ts). The commit brings the digests of the staged outputs and, when it had room for
 * them, the data folder's filter of paid keys holding the run's paid keys too (the returns added
 * them): its words are transferred, not copied, and the thread saves it covering the run once
 * committed.
 */
export type LedgerThreadRequest = { kind: 'commit'; outputs: RunOutputRecords; paidKeys?: PaidKeyFilterState } | { kind: 'abort' };

/** Ledger writer thread → main thread. */
export type LedgerThreadReply =
  | { kind: 'inserted'; invoices: number }
  | { kind: 'committed'; totals: RunTotals }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string; stack: string };
