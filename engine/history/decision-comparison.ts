import { createReadStream } from 'node:fs';
import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { parse } from 'fast-csv';
import { MOTIVES, type MotiveCode } from '../domain/motive.js';

import { OFFSET_STATUS } from '../../codecs/csv/decisions-writer.js';
import { INVOICES_OF_RUN } from '../ledger/invoice-id-range.js';

/** One side of an invoice's decision, as decisions.csv writes it. */
export interface DecisionSide {
  status: string;
  paidCents: number;
  /** `CODE:label|CODE:label`, decisions.csv's motives column. */
  motives: string;
}

/** An invoice decided differently by the recorded run and by its replay (or present on one side only). */
export interface DecisionChange {
  sequence: number;
  file: string;
  lot: string;
  invoiceNumber: string;
  practitionerId: string;
  amcNumber: string;
  recorded: DecisionSide | null;
  replayed: DecisionSide | null;
}

/** What changed, per AMC or per practitioner. */
export interface ChangeTally {
  invoicesChanged: number;
  /** Σ (replayed paid − recorded paid), cents. */
  paidDeltaCents: number;
}

export interface ComparisonTotals {
  invoicesCompared: number;
  invoicesChanged: number;
  /** Invoices paid in the record and rejected by the replay, and the reverse. */
  paidToRejected: number;
  rejectedToPaid: number;
  recordedPaidCents: number;
  replayedPaidCents: number;
  paidDeltaCents: number;
  byAmc: Record<string, ChangeTally>;
  byPractitioner: Record<string, ChangeTally>;
}

interface RecordedRow {
  sequence: number;
  file: string;
  lot: string;
  practitionerId: string;
  invoiceNumber: string;
  status: string;
  paidCents: number;
  motiveCodes: string;
  motivesJson: string | null;
}

type CsvRecord = Record<string, string>;

/**
 * Walks a run's decisions as the ledger recorded them and the decisions.csv of its replay, both in
 * sequence order (the input order, which the same inputs give again), and hands every invoice
 * decided differently to `onChange`: status, paid amount or motives (codes and labels). Streams
 * both sides: a day of millions of invoices is never held in memory.
 */
export async function compareDecisions(db: SqlConnection, runRowId: number, decisionsCsvPath: string, onChange: (change: DecisionChange) => void): Promise<ComparisonTotals> {
  const recorded = db
    .prepare<[number], RecordedRow>(
      `SELECT invoices.sequence, files.name AS file, invoices.lot_number AS lot, invoices.practitioner_id AS practitionerId,
         invoices.invoice_number AS invoiceNumber, invoices.status, invoices.paid_cents AS paidCents,
         invoices.motive_codes AS motiveCodes, invoices.motives_json AS motivesJson
       FROM runs JOIN invoices ON ${INVOICES_OF_RUN} JOIN files ON files.id = invoices.file WHERE runs.id = ? ORDER BY invoices.sequence`,
    )
    .iterate(runRowId);
  const totals: ComparisonTotals = {
    invoicesCompared: 0, invoicesChanged: 0, paidToRejected: 0, rejectedToPaid: 0, recordedPaidCents: 0, replayedPaidCents: 0, paidDeltaCents: 0, byAmc: {}, byPractitioner: {},
  };
  let next = recorded.next();
  const change = (c: DecisionChange): void => {
    const delta = paidOf(c.replayed) - paidOf(c.recorded);
    totals.invoicesChanged++;
    totals.paidDeltaCents += delta;
    if (c.recorded?.status === 'PAID' && c.replayed?.status === 'REJECTED') totals.paidToRejected++;
    if (c.recorded?.status === 'REJECTED' && c.replayed?.status === 'PAID') totals.rejectedToPaid++;
    tally(totals.byAmc, c.amcNumber, delta);
    tally(totals.byPractitioner, c.practitionerId, delta);
    onChange(c);
  };
  const recordedOnly = (row: RecordedRow): void => {
    totals.recordedPaidCents += row.status === 'PAID' ? row.paidCents : 0;
    change({ ...identityOf(row), amcNumber: '', recorded: sideOf(row), replayed: null });
  };
  try {
    for await (const record of readDecisions(decisionsCsvPath)) {
      // The debts recovered by set-off follow the invoices; the ledger's side of them is the
      // transfer, which the outputs' digests already compare.
      if (record.status === OFFSET_STATUS) continue;
      const sequence = Number(record.sequence);
      while (!next.done && next.value.sequence < sequence) {
        recordedOnly(next.value);
        next = recorded.next();
      }
      const replayed: DecisionSide = { status: record.status ?? '', paidCents: centsOf(record.paid_amount ?? ''), motives: unquoted(record.motives ?? '') };
      totals.replayedPaidCents += replayed.status === 'PAID' ? replayed.paidCents : 0;
      const identity = {
        sequence, file: unquoted(record.file ?? ''), lot: unquoted(record.lot ?? ''), invoiceNumber: unquoted(record.invoice_number ?? ''),
        practitionerId: unquoted(record.practitioner_id ?? ''), amcNumber: unquoted(record.amc_number ?? ''),
      };
      if (next.done || next.value.sequence !== sequence) {
        change({ ...identity, recorded: null, replayed });
        continue;
      }
      const row = next.value;
      next = recorded.next();
      totals.invoicesCompared++;
      totals.recordedPaidCents += row.status === 'PAID' ? row.paidCents : 0;
      const old = sideOf(row);
      if (old.status !== replayed.status || old.paidCents !== replayed.paidCents || old.motives !== replayed.motives) change({ ...identity, recorded: old, replayed });
    }
    while (!next.done) {
      recordedOnly(next.value);
      next = recorded.next();
    }
  } finally {
    recorded.return?.();
  }
  // Keys sorted: the same comparison always writes the same comparison.json.
  return { ...totals, byAmc: sortedByKey(totals.byAmc), byPractitioner: sortedByKey(totals.byPractitioner) };
}

/** The rows of a decisions.csv, as records by column name. */
async function* readDecisions(path: string): AsyncGenerator<CsvRecord> {
  const rows = createReadStream(path).pipe(parse<CsvRecord, CsvRecord>({ headers: true }));
  for await (const row of rows) yield row;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const paidOf = (side: DecisionSide | null): number => (side?.status === 'PAID' ? side.paidCents : 0);

function tally(by: Record<string, ChangeTally>, key: string, delta: number): void {
  const entry = (by[key] ??= { invoicesChanged: 0, paidDeltaCents: 0 });
  entry.invoicesChanged++;
  entry.paidDeltaCents += delta;
}

function identityOf(row: RecordedRow): Omit<DecisionChange, 'amcNumber' | 'recorded' | 'replayed'> {
  return { sequence: row.sequence, file: row.file, lot: row.lot, invoiceNumber: row.invoiceNumber, practitionerId: row.practitionerId };
}

/** The ledger row as decisions.csv would write it: labels from motives_json, or the codes' own labels for rows older than it. */
function sideOf(row: RecordedRow): DecisionSide {
  let motives: string;
  if (row.motivesJson !== null) {
    motives = (JSON.parse(row.motivesJson) as Array<{ code: string; label: string }>).map((m) => `${m.code}:${m.label}`).join('|');
  } else {
    motives = row.motiveCodes === '' ? '' : row.motiveCodes.split('|').map((code) => `${code}:${MOTIVES[code as MotiveCode]?.label ?? ''}`).join('|');
  }
  return { status: row.status, paidCents: row.paidCents, motives };
}

/** decisions.csv writes amounts as `12.34` (centsToDecimalText): back to integer cents, exactly. */
export function centsOf(text: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (match === null) throw new Error(`decisions.csv: "${text}" is not an amount`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === '-' ? -cents : cents;
}

/** A field that could start a formula is written with a leading apostrophe (decisions-writer.ts): its text without it. */
function unquoted(field: string): string {
  return /^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field;
}
