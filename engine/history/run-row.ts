import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import type { DateYmd } from '../domain/units.js';
import type { RunTotals } from '../ledger/run-record.js';

/**
 * Where a run stands: `released` (its outputs are in their folder as committed), `not released`
 * (committed, its outputs not yet confirmed there: the next run on the data folder finishes the
 * job, output-release.ts), `purged` (retention removed its detail; its row stays as the summary).
 */
export type RunStatus = 'released' | 'not released' | 'purged';

/** One run as its ledger row keeps it, purged or not: the history's unit. */
export interface RunRow extends RunTotals {
  runId: string;
  accountingDate: DateYmd;
  engineVersion: string;
  snapshotId: string;
  /** Where its outputs were released to (null for runs recorded before schema 4). */
  outDir: string | null;
  released: boolean;
  status: RunStatus;
  /** The cut-off of the purge that removed the run's detail (purged runs only). */
  purgedBefore: DateYmd | null;
  /** The run's parameters and inputs were archived (run_archives, schema 5 on). */
  archived: boolean;
  /** Archived and not purged: what `replay` needs is in the ledger (the archive's blobs are checked when replaying). */
  replayable: boolean;
}

/** The row as SQLite gives it: its id, for the tables that point at it, and flags as integers. */
interface RunRowSql extends Omit<RunRow, 'released' | 'status' | 'archived' | 'replayable'> {
  id: number;
  released: number;
  archived: number;
}

const SELECT_RUN_ROWS = `SELECT runs.id, run_id AS runId, accounting_date AS accountingDate, engine_version AS engineVersion,
    snapshot_id AS snapshotId, out_dir AS outDir, released, purged_before AS purgedBefore,
    invoice_count AS invoiceCount, claimed_cents AS claimedCents, paid_count AS paidCount, paid_cents AS paidCents,
    rejected_count AS rejectedCount, rejected_claimed_cents AS rejectedClaimedCents,
    transfer_count AS transferCount, transfer_cents AS transferCents,
    EXISTS (SELECT 1 FROM run_archives WHERE run_archives.run = runs.id) AS archived
  FROM runs`;

/** The runs whose accounting day is in [from, to], by accounting day then in the order they were recorded. */
export function runRowsBetween(db: SqlConnection, from: DateYmd, to: DateYmd): Array<RunRow & { id: number }> {
  return db
    .prepare<[number, number], RunRowSql>(`${SELECT_RUN_ROWS} WHERE accounting_date BETWEEN ? AND ? ORDER BY accounting_date, runs.id`)
    .all(from, to)
    .map(runRowOf);
}

/** The run of that id, with its row id; undefined when the ledger has none. */
export function runRowById(db: SqlConnection, runId: string): (RunRow & { id: number }) | undefined {
  const row = db.prepare<[string], RunRowSql>(`${SELECT_RUN_ROWS} WHERE run_id = ?`).get(runId);
  return row === undefined ? undefined : runRowOf(row);
}

function runRowOf(row: RunRowSql): RunRow & { id: number } {
  const archived = row.archived === 1;
  const status: RunStatus = row.purgedBefore !== null ? 'purged' : row.released === 1 ? 'released' : 'not released';
  return { ...row, released: row.released === 1, status, archived, replayable: archived && row.purgedBefore === null };
}
