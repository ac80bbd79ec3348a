import { outputDigestsIn } from './output-digest-file.js';
import type { SqlBulkInsert, SqlConnection, SqlParam, SqlStatement } from './sql/sql-connection.js';
import { SQLITE_ROWS_PER_INSERT } from './sql/sqlite-connection.js';
import { functionalKeyInteger } from './functional-key-column.js';
import { PaidFunctionalKeyWriter } from './paid-functional-keys.js';
import { invoiceIdsAfter, largestInvoiceId } from './invoice-id-range.js';
import { counterConsumptionsIn } from './counter-consumption-file.js';
import type { CounterConsumption } from '../domain/counter-consumption.js';
import type { RunArchiveRecord } from '../history/run-archive-record.js';
import type { InvoiceRecord, InvoiceRow, PecConsumedRecord, RunHeader, RunOutputRecords, RunSettlement, RunSettlementRows, RunTotals } from './run-record.js';
import { PAPER_FOLDER } from '../run/inbox.js';

/** Invoice rows per INSERT statement on SQLite (sqlite-connection.ts says why 200). */
export const INVOICE_ROWS_PER_STATEMENT = SQLITE_ROWS_PER_INSERT;
/** The invoice columns bound row by row; `run` and `accounting_date`, the run's, are the statement's own (FixedColumns). */
const INVOICE_COLUMNS = [
  'file', 'lot_number', 'sequence', 'practitioner_id', 'invoice_number', 'functional_key_hash',
  'functional_key', 'status', 'paid_cents', 'claimed_cents', 'motive_codes', 'motives_json', 'care_date', 'paper',
] as const;
const VALUES_PER_ROW = INVOICE_COLUMNS.length;

/**
 * One run being written to the ledger inside ONE open transaction: the header (run, files, lots)
 * first, then the invoices as the run reads its decisions back, then the settlement and the
 * commit. Nothing is visible to another connection, and nothing at all remains after `abort` (or
 * after a failure anywhere in between), so a run that stops on a broken invariant leaves the
 * ledger as it found it. Letting the run stream its invoices in, rather than handing over a
 * finished list, spares it a second pass over millions of decisions.
 */
export class RunWriter {
  /** The run's row id (runs.id): with its run id, what the filter of paid keys names as the last run it holds. */
  readonly runRowId: number;
  /** The largest invoice id before this run's first: its rows are the ids above (invoice-id-range.ts). */
  private readonly invoiceIdsAbove: number;
  private readonly fileIds = new Map<string, number>();
  /** The run's files read from the inbox's paper/ folder: their invoices are marked paper (the monthly notice reads them). */
  private readonly paperFiles = new Set<string>();
  /** Multi-row INSERTs on SQLite, COPY on PostgreSQL: the invoices are most of a run's rows. */
  private readonly invoiceRows: SqlBulkInsert;
  private readonly valuesPerFlush: number;
  private readonly insertPec: SqlStatement<SqlParam[]>;
  private readonly pendingValues: SqlParam[] = [];
  private readonly paidKeys: PaidFunctionalKeyWriter;
  private readonly totals: RunTotals = {
    invoiceCount: 0, claimedCents: 0, paidCount: 0, paidCents: 0, rejectedCount: 0, rejectedClaimedCents: 0, transferCount: 0, transferCents: 0,
  };
  private open = true;
  private settlementWritten = false;

  constructor(private readonly db: SqlConnection, private readonly header: RunHeader) {
    db.exec('BEGIN IMMEDIATE');
    try {
      this.runRowId = db
        .prepare<SqlParam[], number>('INSERT INTO runs (run_id, accounting_date, parameters_json, snapshot_id, engine_version, out_dir, released) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id')
        .pluck()
        .get(header.runId, header.accountingDate, sortedJson(header.parameters), header.snapshotId, header.engineVersion, header.outDir ?? null, header.outDir === undefined ? 1 : 0)!;
      this.invoiceIdsAbove = largestInvoiceId(db);
      const insertFile = db.prepare<SqlParam[], number>('INSERT INTO files (run, sha256, name, size_bytes, received_date) VALUES (?, ?, ?, ?, ?) RETURNING id').pluck();
      for (const file of header.files) {
        if (this.fileIds.has(file.name)) throw new Error(`run ${header.runId} lists file ${file.name} twice`);
        this.fileIds.set(file.name, insertFile.get(this.runRowId, file.sha256, file.name, file.sizeBytes, file.receivedDate)!);
        if (file.name.startsWith(`${PAPER_FOLDER}/`)) this.paperFiles.add(file.name);
      }
      const insertLot = db.prepare('INSERT INTO lots (run, file, lot_number, arl_positive) VALUES (?, ?, ?, ?)');
      for (const lot of header.lots) insertLot.run(this.runRowId, this.fileId(lot.file), lot.lotNumber, lot.arlPositive ? 1 : 0);
      if (header.archive !== undefined) recordArchive(db, this.runRowId, header.archive);
      this.paidKeys = new PaidFunctionalKeyWriter(db, this.runRowId);
      this.insertPec = db.prepare('INSERT INTO pecs_consumed (pec_number, run, consumed_cents, practitioner_id, invoice_number) VALUES (?, ?, ?, ?, ?)');
      this.invoiceRows = db.bulkInsert('invoices', INVOICE_COLUMNS, { run: this.runRowId, accounting_date: header.accountingDate });
      this.valuesPerFlush = this.invoiceRows.rowsPerBatch * VALUES_PER_ROW;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Invoices gathered before one write: 200 a statement on SQLite, 10 000 a COPY on PostgreSQL. */
  get invoiceRowsPerBatch(): number {
    return this.invoiceRows.rowsPerBatch;
  }

  addInvoice(invoice: InvoiceRecord): void {
    this.addInvoiceRow({
      ...invoice,
      motiveCodes: invoice.motives.map((motive) => motive.code).join('|'),
      motivesJson: invoice.motives.length === 0 ? '' : JSON.stringify(invoice.motives.map(({ code, label }) => ({ code, label }))),
    });
  }

  /** The same, from the row's fields. */
  addInvoiceRow(invoice: InvoiceRow): void {
    const hash = invoice.functionalKeyHash;
    const key = functionalKeyInteger(hash);
    this.insertInvoice(invoice, key, key !== undefined || hash === '' ? null : hash);
  }

  /** The same, with the functional key already as its INTEGER (the ledger thread reads it so from the spool). */
  addInvoiceRowWithKey(invoice: Omit<InvoiceRow, 'functionalKeyHash'>, functionalKey: bigint): void {
    this.insertInvoice(invoice, functionalKey, null);
  }

  /** @param hashText the key as text when it has no INTEGER form (rows of another shape). */
  private insertInvoice(invoice: Omit<InvoiceRow, 'functionalKeyHash'>, key: bigint | undefined, hashText: string | null): void {
    this.assertOpen();
    try {
      this.pendingValues.push(
        this.fileId(invoice.file), invoice.lot, invoice.sequence, invoice.practitionerId, invoice.invoiceNumber,
        hashText, key ?? null, invoice.status, invoice.paidCents, invoice.claimedCents,
        invoice.motiveCodes, invoice.motivesJson === undefined || invoice.motivesJson === '' ? null : invoice.motivesJson, invoice.careDate,
        this.paperFiles.has(invoice.file) ? 1 : 0,
      );
      if (this.pendingValues.length === this.valuesPerFlush) this.flushInvoices();
      if (key !== undefined && invoice.status === 'PAID') this.paidKeys.add(key);
    } catch (error) {
      this.rollback();
      throw error;
    }
    const totals = this.totals;
    totals.invoiceCount += 1;
    totals.claimedCents += invoice.claimedCents;
    if (invoice.status === 'PAID') {
      totals.paidCount += 1;
      totals.paidCents += invoice.paidCents;
    } else {
      totals.rejectedCount += 1;
      totals.rejectedClaimedCents += invoice.claimedCents;
    }
  }

  /** A PEC used by one of the run's paid invoices (also accepted at commit, in `pecsConsumed`). */
  addPecConsumed(pec: PecConsumedRecord): void {
    this.assertOpen();
    try {
      this.insertPec.run(pec.pecNumber, this.runRowId, pec.consumedCents, pec.practitionerId, pec.invoiceNumber);
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Writes the settlement and the outputs' digests, then commits: all or nothing. */
  commit(settlement: RunSettlement): RunTotals {
    this.writeSettlement(settlement);
    return this.commitOutputs(settlement);
  }

  /**
   * Writes the invoices and paid keys still gathered in memory, then the transfers, the PECs
   * consumed, the regularisations and set-off and the counter consumptions, inside the run's
   * transaction, once. All of it is known from the end of the intake, so the ledger thread writes
   * it while the main thread still stages the returns, and the run's end waits only for the
   * outputs' digests and SQLite's COMMIT (at 10 M lines the settlement's rows took ≈ 0.8 s of
   * that wait). The rows, and their order in each table, are those of a commit alone.
   */
  writeSettlement(settlement: RunSettlementRows): void {
    this.assertOpen();
    if (this.settlementWritten) throw new Error(`run ${this.header.runId}: its settlement is already written`);
    const { db, totals } = this;
    try {
      this.flushInvoices();
      this.paidKeys.flush();
      const insertTransfer = db.prepare('INSERT INTO transfers (run, practitioner_id, accounting_date, amount_cents, end_to_end_id) VALUES (?, ?, ?, ?, ?)');
      for (const transfer of settlement.transfers) {
        insertTransfer.run(this.runRowId, transfer.practitionerId, transfer.accountingDate, transfer.amountCents, transfer.endToEndId);
        totals.transferCount += 1;
        totals.transferCents += transfer.amountCents;
      }
      for (const pec of settlement.pecsConsumed) this.insertPec.run(pec.pecNumber, this.runRowId, pec.consumedCents, pec.practitionerId, pec.invoiceNumber);
      recordRegularisations(db, this.runRowId, this.header.accountingDate, settlement);
      recordCounterConsumptions(db, this.runRowId, settlement);
      this.settlementWritten = true;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Writes the digests of the run's outputs and the run's totals, then commits; the settlement must be written. */
  commitOutputs(outputs: RunOutputRecords): RunTotals {
    this.assertOpen();
    const { db, totals } = this;
    try {
      if (!this.settlementWritten) throw new Error(`run ${this.header.runId} commits without its settlement`);
      this.flushInvoices();
      this.paidKeys.flush();
      const insertOutput = db.prepare('INSERT INTO run_outputs (run, path, sha256, size_bytes) VALUES (?, ?, ?, ?)');
      for (const output of outputs.outputs ?? []) insertOutput.run(this.runRowId, output.path, output.sha256, output.sizeBytes);
      if (outputs.outputsPath !== undefined) for (const output of outputDigestsIn(outputs.outputsPath)) insertOutput.run(this.runRowId, output.path, output.sha256, output.sizeBytes);
      const invoiceIds = invoiceIdsAfter(db, this.invoiceIdsAbove);
      const idsInRange = invoiceIds === undefined ? 0 : invoiceIds.last - invoiceIds.first + 1;
      // Fewer ids than rows would mean some of the run's rows lie outside its range: queries by run would miss them.
      if (idsInRange < totals.invoiceCount) throw new Error(`run ${this.header.runId}: ${totals.invoiceCount} invoices recorded, but only ${idsInRange} ids since its first`);
      db.prepare(
        `UPDATE runs SET invoice_count = ?, claimed_cents = ?, paid_count = ?, paid_cents = ?, rejected_count = ?,
           rejected_claimed_cents = ?, transfer_count = ?, transfer_cents = ?, first_invoice = ?, last_invoice = ? WHERE id = ?`,
      ).run(
        totals.invoiceCount, totals.claimedCents, totals.paidCount, totals.paidCents, totals.rejectedCount, totals.rejectedClaimedCents,
        totals.transferCount, totals.transferCents, invoiceIds?.first ?? null, invoiceIds?.last ?? null, this.runRowId,
      );
      db.exec('COMMIT');
      this.open = false;
      return { ...totals };
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Leaves the ledger as it was before the run (idempotent). */
  abort(): void {
    this.rollback();
  }

  private flushInvoices(): void {
    const values = this.pendingValues;
    this.invoiceRows.insertRows(values, values.length / VALUES_PER_ROW);
    values.length = 0;
  }

  private fileId(name: string): number {
    const id = this.fileIds.get(name);
    if (id === undefined) throw new Error(`run ${this.header.runId} refers to file ${name}, which it does not list`);
    return id;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error(`run ${this.header.runId} is no longer being written (committed or aborted)`);
  }

  private rollback(): void {
    if (!this.open) return;
    this.open = false;
    this.paidKeys?.discard(); // unset when the constructor fails before making it
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}

/** The run's archive rows: its parameters, its inputs' listing, and the blobs it read. */
function recordArchive(db: SqlConnection, run: number, archive: RunArchiveRecord): void {
  db.prepare('INSERT INTO run_archives (run, parameters_json, inputs_json) VALUES (?, ?, ?)').run(run, JSON.stringify(archive.parameters), JSON.stringify(archive.inputs));
  const insertBlob = db.prepare('INSERT INTO run_input_blobs (run, role, name, sha256, size_bytes) VALUES (?, ?, ?, ?, ?)');
  for (const blob of archive.blobs) insertBlob.run(run, blob.role, blob.name, blob.sha256, blob.sizeBytes);
}

/**
 * The day's regularisations, then the debts they created, then the set-off: an offset names its
 * debt by practitioner and rectificative number, whether the debt is older or was created above.
 */
function recordRegularisations(db: SqlConnection, run: number, accountingDate: number, settlement: RunSettlementRows): void {
  const regularisations = settlement.regularisations ?? [];
  const debts = settlement.debts ?? [];
  const offsets = settlement.offsets ?? [];
  if (regularisations.length + debts.length + offsets.length === 0) return;
  const insertRegularisation = db.prepare(
    `INSERT INTO regularisations (run, practitioner_id, invoice_number, nature, rectified_invoice, original_invoice, previous_cents, new_cents, delta_cents, accounting_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of regularisations) {
    insertRegularisation.run(run, r.practitionerId, r.invoiceNumber, r.nature, r.rectifiedInvoice, r.originalInvoice, r.previousCents, r.newCents, r.deltaCents, accountingDate);
  }
  const insertDebt = db.prepare('INSERT INTO debts (run, practitioner_id, amc_number, invoice_number, original_invoice, amount_cents, accounting_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const d of debts) insertDebt.run(run, d.practitionerId, d.amcNumber, d.invoiceNumber, d.originalInvoice, d.amountCents, d.createdOn);
  const debtId = db.prepare<[string, string], number>('SELECT id FROM debts WHERE practitioner_id = ? AND invoice_number = ?').pluck();
  const insertOffset = db.prepare('INSERT INTO debt_offsets (run, debt, amount_cents, accounting_date) VALUES (?, ?, ?, ?)');
  for (const o of offsets) {
    const debt = debtId.get(o.practitionerId, o.debtInvoice);
    if (debt === undefined) throw new Error(`offset on debt ${o.practitionerId}/${o.debtInvoice}, which the ledger does not hold`);
    insertOffset.run(run, debt, o.amountCents, accountingDate);
  }
}

function recordCounterConsumptions(db: SqlConnection, run: number, settlement: RunSettlementRows): void {
  const insert = db.prepare(
    'INSERT INTO counter_consumption (run, counter_key, care_date, amount_cents, acts, practitioner_id, invoice_number, original_invoice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const add = (c: CounterConsumption): void => {
    insert.run(run, c.key, c.careDate, c.cents, c.acts, c.practitionerId, c.invoiceNumber, c.originalInvoice);
  };
  for (const c of settlement.counterConsumptions ?? []) add(c);
  if (settlement.counterConsumptionsPath !== undefined) for (const c of counterConsumptionsIn(settlement.counterConsumptionsPath)) add(c);
}

/** JSON of a flat record with its keys sorted: the same parameters always store the same text. */
function sortedJson(record: Readonly<Record<string, string | number | boolean>>): string {
  const sorted: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value !== undefined) sorted[key] = value;
  }
  return JSON.stringify(sorted);
}
