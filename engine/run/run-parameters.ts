import type { ClusterOptions } from '../cluster/cluster-executor.js';
import type { CalendarKind } from '../calendar/banking-calendar.js';
import type { DateYmd } from '../domain/units.js';

/** Everything a run depends on besides its input files and snapshot: the replay key. */
export interface RunParameters {
  inboxDir: string;
  /** Take inbox files reached through symbolic links (to regular files only); refused when false. */
  followSymlinks: boolean;
  snapshotPath: string;
  /** Date comptable of the run: the day every transfer and return belongs to. */
  accountingDate: DateYmd;
  /**
   * SEPA requested execution date of the payment file (ReqdExctnDt): a TARGET business day on or
   * after the accounting date (engine/settle/execution-date.ts).
   */
  executionDate: DateYmd;
  /** Where the ledger lives (created on first use). */
  dataDir: string;
  /** The run's output folder; written to `<outDir>.staging` first, renamed after the ledger commit. */
  outDir: string;
  threads: number;
  calendar: CalendarKind;
  /** The run's clock time for the payment file (CreDtTm), never the wall clock: replays give the same bytes. */
  createdAt: string;
  operator: { name: string; iban: string; bic: string; id: string; email: string };
  /** Profile name → layout file, to use operator-supplied layouts instead of the shipped ones. */
  profileFiles: Record<string, string>;
  auditArithmetic: boolean;
  batchBytesMax: number;
  batchInvoicesMax: number;
  inFlightMax: number;
  readChunkBytes: number;
  engineVersion: string;
  /**
   * Debts (indus) still open this many days after their accounting day are listed in the summary
   * for the operator's recovery procedure (rules.md §6.2 step 4).
   */
  debtOverdueDays: number;
  /**
   * Batches to worker processes through NATS JetStream (`--cluster`) instead of this machine's
   * threads. Not archived, like the thread count: the outputs are the same bytes either way, and a
   * replay runs here.
   */
  cluster?: ClusterOptions;
}

/**
 * R133-9-1 gives a practitioner two months to pay an AMO indu or dispute it (rules.md §6.1); an
 * AMC debt not recovered by set-off within about as long calls for the recovery procedure.
 */
export const DEFAULT_DEBT_OVERDUE_DAYS = 60;

export const DEFAULT_OPERATOR = {
  name: "Mut'Sante operateur tiers payant",
  // A valid French IBAN (RIB key and mod-97 check) for the demo: replace with the operator's account.
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
  // Protocol §9-2: transmission number of the operator.
  id: '98532005',
  email: 'tiers-payant@mutsante.example',
} as const;

export const DEFAULT_LIMITS = {
  batchBytesMax: 512 * 1024,
  batchInvoicesMax: 4096,
  readChunkBytes: 2 * 1024 * 1024,
} as const;
