import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { formatIso } from '../calendar/ymd.js';
import type { DecisionStatus } from '../domain/decision.js';
import { MOTIVES } from '../domain/motive.js';
import type { DateYmd } from '../domain/units.js';
import { HistoryError } from './history-error.js';

/** `tpliq explain --ps PS --invoice N`: every decision the ledger keeps on one invoice number of one practitioner. */
export interface InvoiceExplanation {
  practitionerId: string;
  invoiceNumber: string;
  /** Oldest run first; within a run, in sequence order (a number billed twice in one delivery). */
  decisions: InvoiceDecision[];
}

export interface InvoiceDecision {
  runId: string;
  /** As the practitioner wrote it (zero-filled on the wire): the number asked for is matched by value. */
  invoiceNumber: string;
  accountingDate: DateYmd;
  file: string;
  lot: string;
  /** The invoice's place in the run's commit order (decisions.csv's first column). */
  sequence: number;
  status: DecisionStatus;
  paidCents: number;
  claimedCents: number;
  motives: Array<{ code: string; label: string }>;
  /**
   * `as decided`: the labels the practitioner's return carried, values filled in (schema 5 on);
   * `generic`: rows written before, which kept the codes only: the labels of the motive table.
   */
  motiveLabels: 'as decided' | 'generic';
  /** The transfer a PAID invoice went out in: its practitioner's transfer of that accounting day. */
  transfer?: PaidInTransfer;
}

export interface PaidInTransfer {
  endToEndId: string;
  amountCents: number;
  /** The SEPA execution date the run asked for (archived runs only). */
  executionDate: DateYmd | null;
}

interface DecisionSql extends Omit<InvoiceDecision, 'motives' | 'motiveLabels' | 'transfer'> {
  motiveCodes: string;
  motivesJson: string | null;
  endToEndId: string | null;
  transferCents: number | null;
  archivedParameters: string | null;
}

/** Invoice numbers are zero-filled on the wire (000000123): an operator may type them either way, as for `inspect --invoice`. */
const NUMBER = /^\d+$/;

/**
 * Reads what was decided, never decides again: the invoices rows of that practitioner and number,
 * each with its run, and for a PAID one the practitioner's transfer of that day (one a day, P7)
 * with its run's archived execution date. Nothing found: TPLIQ_HISTORY_NOTHING, saying whether
 * the ledger knows the practitioner at all.
 *
 * Paid and rejected rows each have a partial index by practitioner and number (the paid one is
 * the duplicate check's; the rejected one, schema 5, is this question's).
 */
export function explainInvoice(db: SqlConnection, practitionerId: string, invoiceNumber: string): InvoiceExplanation {
  // One SELECT per status, each answered from its own partial index by practitioner and number
  // (a single WHERE without the status would read the whole table).
  const theInvoice = `practitioner_id = @ps AND (invoice_number = @number
    OR (@numeric AND invoice_number <> '' AND ltrim(invoice_number, '0123456789') = '' AND ltrim(invoice_number, '0') = @stripped))`;
  const rows = db
    .prepare<[{ ps: string; number: string; numeric: number; stripped: string }], DecisionSql>(
      `WITH picked AS (
         SELECT * FROM invoices WHERE status = 'PAID' AND ${theInvoice}
         UNION ALL
         SELECT * FROM invoices WHERE status = 'REJECTED' AND ${theInvoice}
       )
       SELECT runs.run_id AS runId, picked.invoice_number AS invoiceNumber, runs.accounting_date AS accountingDate, files.name AS file, picked.lot_number AS lot,
         picked.sequence, picked.status, picked.paid_cents AS paidCents, picked.claimed_cents AS claimedCents,
         picked.motive_codes AS motiveCodes, picked.motives_json AS motivesJson,
         transfers.end_to_end_id AS endToEndId, transfers.amount_cents AS transferCents, run_archives.parameters_json AS archivedParameters
       FROM picked
         JOIN runs ON runs.id = picked.run
         JOIN files ON files.id = picked.file
         LEFT JOIN transfers ON picked.status = 'PAID' AND transfers.practitioner_id = picked.practitioner_id
           AND transfers.accounting_date = picked.accounting_date
         LEFT JOIN run_archives ON run_archives.run = transfers.run
       ORDER BY runs.accounting_date, runs.id, picked.sequence`,
    )
    .all({ ps: practitionerId, number: invoiceNumber, numeric: NUMBER.test(invoiceNumber) ? 1 : 0, stripped: invoiceNumber.replace(/^0+/, '') });
  if (rows.length === 0) throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no decision on invoice ${invoiceNumber} of practitioner ${practitionerId} in the ledger: ${practitionerKnowledge(db, practitionerId)}`);
  return { practitionerId, invoiceNumber, decisions: rows.map(decisionOf) };
}

function decisionOf(row: DecisionSql): InvoiceDecision {
  const { motiveCodes, motivesJson, endToEndId, transferCents, archivedParameters, ...decision } = row;
  const transfer: PaidInTransfer | undefined = endToEndId === null || transferCents === null ? undefined : {
    endToEndId,
    amountCents: transferCents,
    executionDate: archivedParameters === null ? null : ((JSON.parse(archivedParameters) as { executionDate?: DateYmd }).executionDate ?? null),
  };
  return {
    ...decision,
    ...motivesOf(motiveCodes, motivesJson),
    ...(transfer === undefined ? {} : { transfer }),
  };
}

function motivesOf(codes: string, json: string | null): Pick<InvoiceDecision, 'motives' | 'motiveLabels'> {
  if (json !== null) return { motives: JSON.parse(json) as InvoiceDecision['motives'], motiveLabels: 'as decided' };
  const motives = codes === '' ? [] : codes.split('|').map((code) => ({ code, label: code in MOTIVES ? MOTIVES[code as keyof typeof MOTIVES].label : '' }));
  return { motives, motiveLabels: motives.length === 0 ? 'as decided' : 'generic' };
}

/**
 * Whether the ledger knows the practitioner, for the "nothing found" message: by its transfers
 * and paid invoices first (both indexed by practitioner), by a rejected invoice only then; and
 * whether retention removed older decisions, which the ledger then cannot show.
 */
function practitionerKnowledge(db: SqlConnection, practitionerId: string): string {
  const purgedBefore = db.prepare<[], number | null>('SELECT MAX(purged_before) FROM runs').pluck().get() ?? null;
  const purged = purgedBefore === null ? '' : `; the decisions of runs before ${formatIso(purgedBefore as DateYmd)} were purged (retention)`;
  const transfers = db
    .prepare<[string], { count: number; first: DateYmd | null; last: DateYmd | null }>('SELECT COUNT(*) AS count, MIN(accounting_date) AS first, MAX(accounting_date) AS last FROM transfers WHERE practitioner_id = ?')
    .get(practitionerId)!;
  if (transfers.count > 0 && transfers.first !== null && transfers.last !== null) {
    return `the practitioner is known (${transfers.count} transfer${transfers.count === 1 ? '' : 's'} to them, from ${formatIso(transfers.first)} to ${formatIso(transfers.last)}): check --invoice${purged}`;
  }
  const known = db.prepare<[string], number>("SELECT 1 FROM invoices WHERE practitioner_id = ? AND status = 'PAID' LIMIT 1").pluck().get(practitionerId)
    ?? db.prepare<[string], number>('SELECT 1 FROM invoices WHERE practitioner_id = ? LIMIT 1').pluck().get(practitionerId);
  if (known !== undefined) return `the practitioner is known (other invoices of theirs were decided): check --invoice${purged}`;
  return `the practitioner is unknown to the ledger: check --ps${purged}`;
}
