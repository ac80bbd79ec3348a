import type { RunSettlement, RunTotals } from '../ledger/run-record.js';

/** Main thread → ledger writer thread, once the invoices are in (see ledger-thread.ts). */
export type LedgerThreadRequest = { kind: 'commit'; settlement: RunSettlement } | { kind: 'abort' };

/** Ledger writer thread → main thread. */
export type LedgerThreadReply =
  | { kind: 'inserted'; invoices: number }
  | { kind: 'committed'; totals: RunTotals }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string; stack: string };
