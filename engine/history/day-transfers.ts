import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { formatIso } from '../calendar/ymd.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { formatEuros } from '../money/euros.js';
import { HistoryError } from './history-error.js';
import { runRowsBetween } from './run-row.js';
import { INVOICES_OF_RUN } from '../ledger/invoice-id-range.js';

/** One transfer of an accounting day: a practitioner's whole day, paid in one credit transfer (P7). */
export interface DayTransfer {
  practitionerId: string;
  amountCents: number;
  endToEndId: string;
  runId: string;
  /** The practitioner's invoices that run paid: the transfer is their sum (a run invariant). */
  paidInvoiceCount: number;
}

/**
 * `tpliq transfers --date D [--ps PS]`: the transfers recorded for that accounting day, by
 * practitioner. A day without a run, or whose run was purged, is TPLIQ_HISTORY_NOTHING, as is a
 * practitioner who was paid nothing that day; a day whose run paid nobody answers with no transfer.
 */
export function dayTransfers(db: SqlConnection, accountingDate: DateYmd, practitionerId?: string): DayTransfer[] {
  const runs = runRowsBetween(db, accountingDate, accountingDate);
  const day = formatIso(accountingDate);
  if (runs.length === 0) throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no run on ${day}: nothing was paid that day (tpliq runs lists the days liquidated)`);
  const purged = runs.find((run) => run.purgedBefore !== null);
  if (purged !== undefined) {
    throw new HistoryError('TPLIQ_HISTORY_NOTHING', `the detail of run ${purged.runId} on ${day} was purged (retention): its row keeps ${purged.transferCount} transfers for ${formatEuros(purged.transferCents as Cents)} EUR in all (tpliq runs show ${purged.runId})`);
  }
  const rows = db
    .prepare<[number, string | null, string | null], Omit<DayTransfer, 'paidInvoiceCount'> & { run: number }>(
      `SELECT transfers.practitioner_id AS practitionerId, transfers.amount_cents AS amountCents, transfers.end_to_end_id AS endToEndId,
         runs.run_id AS runId, transfers.run
       FROM transfers JOIN runs ON runs.id = transfers.run
       WHERE transfers.accounting_date = ? AND (CAST(? AS TEXT) IS NULL OR transfers.practitioner_id = ?)
       ORDER BY transfers.practitioner_id`,
    )
    .all(accountingDate, practitionerId ?? null, practitionerId ?? null);
  // Counted per run in one pass over its paid invoices: a subquery per transfer would read the
  // run's invoices once per practitioner (the run's id range, invoice-id-range.ts).
  const paidCounts = new Map<number, Map<string, number>>();
  for (const run of new Set(rows.map((row) => row.run))) {
    const counts = db
      .prepare<[number, string | null, string | null], [string, number]>(
        `SELECT practitioner_id, COUNT(*) FROM runs JOIN invoices ON ${INVOICES_OF_RUN}
         WHERE runs.id = ? AND status = 'PAID' AND (CAST(? AS TEXT) IS NULL OR practitioner_id = ?) GROUP BY practitioner_id`,
      )
      .raw()
      .all(run, practitionerId ?? null, practitionerId ?? null);
    paidCounts.set(run, new Map(counts));
  }
  const transfers = rows.map(({ run, ...transfer }): DayTransfer => ({ ...transfer, paidInvoiceCount: paidCounts.get(run)?.get(transfer.practitionerId) ?? 0 }));
  if (practitionerId !== undefined && transfers.length === 0) {
    const decided = db
      .prepare<[number, string], { count: number }>(`SELECT COUNT(*) AS count FROM runs JOIN invoices ON ${INVOICES_OF_RUN} WHERE runs.accounting_date = ? AND invoices.practitioner_id = ?`)
      .get(accountingDate, practitionerId)!;
    throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no transfer to practitioner ${practitionerId} on ${day}: ${decided.count === 0 ? 'no invoice of theirs was decided that day' : `the ${decided.count} invoice${decided.count === 1 ? ' of theirs decided that day was' : 's of theirs decided that day were all'} rejected (tpliq explain)`}`);
  }
  return transfers;
}
