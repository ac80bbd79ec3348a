import type { Debt, DebtOffset, Regularisation } from '../domain/regularisation.js';
import type { CounterConsumption } from '../domain/counter-consumption.js';
import type { RunArchiveRecord } from '../history/run-archive-record.js';
import type { Decision } from '../domain/decision.js';
import type { Cents, DateYmd } from '../domain/units.js';

/**
 * Everything one run leaves in the ledger, written in one transaction by Ledger.recordRun.
 * Files and lots are named as the decisions name them (file name relative to the inbox, lot
 * number); the ledger links them by its own ids.
 */
export interface RunRecord extends RunHeader, RunSettlement {
  /** May be a generator: a run of millions of invoices need not hold a second array of them. */
  invoices: Iterable<InvoiceRecord>;
}

/** What a run writes first (RunWriter): who it is, and the files and lots it read. */
export interface RunHeader {
  runId: string;
  accountingDate: DateYmd;
  /** The parameters the run was started with (flat), stored as JSON with sorted keys. */
  parameters: Readonly<Record<string, string | number | boolean>>;
  snapshotId: string;
  engineVersion: string;
  files: readonly FileRecord[];
  lots: readonly LotRecord[];
  /**
   * The absolute folder the run's outputs are released to after the commit. A run that names one
   * is recorded as not yet released until `Ledger.markReleased` (output-release.ts).
   */
  outDir?: string;
  /** What replays the run: its inputs by content digest and every parameter (history/). */
  archive?: RunArchiveRecord;
}

/**
 * What a run writes after its invoices: its settlement, then the digests of its outputs. The
 * settlement is known once the intake is settled, the outputs only once the returns are staged,
 * so a run's writer may take them apart (RunWriter.writeSettlement, then commitOutputs).
 */
export interface RunSettlement extends RunSettlementRows, RunOutputRecords {}

/** The run's settlement as the ledger keeps it: transfers, PECs used, regularisations, set-off, counters. */
export interface RunSettlementRows {
  transfers: readonly TransferRecord[];
  pecsConsumed: readonly PecConsumedRecord[];
  /** The run's accepted rectificatives and annulations, the debts they created and the day's set-off. */
  regularisations?: readonly RegularisationRecord[];
  debts?: readonly Debt[];
  offsets?: readonly DebtOffset[];
  /** What the run's paid invoices took from (or gave back to) the counters. */
  counterConsumptions?: readonly CounterConsumption[];
  /** The same, as the run wrote them to a staging file (counter-consumption-file.ts), read when written. */
  counterConsumptionsPath?: string;
}

/** The digests of the files a run staged, committed with it (output-release.ts checks them). */
export interface RunOutputRecords {
  /** Every output file the run staged (timings.json excepted). */
  outputs?: readonly OutputDigest[];
  /** The same, as the run listed them in a file (output-digest-file.ts), read at commit. */
  outputsPath?: string;
}

/** One accepted rectificative or annulation, as the ledger keeps it (regularisations table). */
export interface RegularisationRecord extends Regularisation {
  practitionerId: string;
  invoiceNumber: string;
}

/** One output file of a run: its path inside the output folder ('/' separators), content digest and size. */
export interface OutputDigest {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** A run committed in the ledger whose outputs have not been confirmed in their folder yet. */
export interface UnreleasedRun {
  runId: string;
  accountingDate: DateYmd;
  outDir: string;
  outputs: OutputDigest[];
}

export interface FileRecord {
  sha256: string;
  /** Name relative to the inbox, unique within the run: decisions refer to files by it. */
  name: string;
  sizeBytes: number;
  receivedDate: DateYmd;
}

export interface LotRecord {
  /** Name of the file the lot was read from (a FileRecord of the same run). */
  file: string;
  lotNumber: string;
  /** ARL status: positive (lot accepted for liquidation) or negative (rejected at reception). */
  arlPositive: boolean;
}

/** A decision as the ledger keeps it: the commit step adds the functional key and care date. */
export type InvoiceRecord = Pick<
  Decision,
  'sequence' | 'file' | 'lot' | 'practitionerId' | 'invoiceNumber' | 'status' | 'paidCents' | 'claimedCents' | 'motives'
> & {
  /** Hash of the functional-duplicate key (rules.md §5.3); '' when the invoice has none. */
  functionalKeyHash: string;
  /** Date of care of the invoice (its first act). */
  careDate: DateYmd;
};

/** An invoice as its ledger row stores it (RunWriter.addInvoiceRow): the motive codes joined by "|". */
export interface InvoiceRow {
  file: string;
  lot: string;
  sequence: number;
  practitionerId: string;
  invoiceNumber: string;
  /** '' when the invoice has none. */
  functionalKeyHash: string;
  status: 'PAID' | 'REJECTED';
  paidCents: number;
  claimedCents: number;
  motiveCodes: string;
  /** The motives with their labels (values filled in) as JSON; '' or absent when there are none. */
  motivesJson?: string;
  careDate: number;
}

/** A settlement Transfer is accepted as is. */
export interface TransferRecord {
  practitionerId: string;
  accountingDate: DateYmd;
  amountCents: Cents;
  endToEndId: string;
}

export interface PecConsumedRecord {
  pecNumber: string;
  consumedCents: Cents;
  practitionerId: string;
  invoiceNumber: string;
}

/** What recordRun stored in the run's row, computed from the records themselves. */
export interface RunTotals {
  invoiceCount: number;
  claimedCents: number;
  paidCount: number;
  paidCents: number;
  rejectedCount: number;
  rejectedClaimedCents: number;
  transferCount: number;
  transferCents: number;
}

/** The totals of the runs of one accounting day, as their rows keep them (purged runs included). */
export interface RunDayTotals {
  accountingDate: DateYmd;
  /** Runs recorded on that day: one, except in ledgers older than the one-run-a-day rule. */
  runCount: number;
  invoiceCount: number;
  paidCount: number;
  paidCents: number;
  rejectedCount: number;
  transferCents: number;
}
