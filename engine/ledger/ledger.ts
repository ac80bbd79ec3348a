import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlConnection, SqlStatement } from './sql/sql-connection.js';
import { SqliteConnection } from './sql/sqlite-connection.js';
import { PostgresConnection } from './sql/postgres-connection.js';
import { ledgerUrl } from './ledger-url.js';
import { LEDGER_WRITER_LOCK } from './ledger-busy.js';
import { addDays } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import { functionalKeyAsHex, functionalKeyHexOfInteger, functionalKeyInteger } from './functional-key-column.js';
import { migrate } from './migrations.js';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.js';
import type { OutputDigest, RunDayTotals, RunHeader, RunRecord, RunTotals, UnreleasedRun } from './run-record.js';
import { RegularisationLedger } from './regularisation-ledger.js';
import { CounterLedger } from './counter-ledger.js';
import type { CounterTotal } from '../domain/counter-consumption.js';
import { RunWriter } from './run-writer.js';
import type { OpenDebt, RegularisationTarget } from '../domain/regularisation.js';
import type { DatedPaperNoticeLine } from '../domain/paper-notice-line.js';
import { firstDayOfMonth, monthOfDate } from '../calendar/calendar-month.js';
import { PaperNoticeLines } from './paper-notice-lines.js';
import { SqlPaidKeySource, type PaidKeySource } from './paid-key-source.js';

/**
 * The ledger: what earlier runs received, paid and consumed, so that a run never pays a file, an
 * invoice or a PEC twice (architecture.md: "the ledger is a real database"). Embedded SQLite in
 * the data directory, used synchronously from the main thread's commit step.
 *
 * Each lookup exists per item and per batch. Both are answered from a covering index; the batch
 * form asks for many keys in one statement and is 2.3–2.5× faster (measured: 1M lookups against
 * a ledger of 1M invoices, 2-core machine: per-invoice 2.7–3.1 s, batches 1.05–1.3 s, a
 * preloaded Set 2.3 s including its load and ~270 MB of heap, growing with the 90 days kept).
 * The ledger does not change during a run (recordRun comes at the end), so the commit step can
 * ask per worker batch, before committing the batch's invoices in order.
 */
export interface Ledger {
  /** The earlier run that received a file with this content, if any. */
  fileAlreadyReceived(sha256: string): { runId: string; name: string } | undefined;
  /** This ledger's own id (ledger_identity): its archive folder carries the same. */
  ledgerId(): string;
  /** How many runs the ledger holds (purged ones included): part of a new run's identity. */
  runCount(): number;
  /**
   * The run that liquidated this accounting day, if any (purged ones included). A day is
   * liquidated once: its transfers went out, one per practitioner (rules.md §7.2), and its
   * returns cover all of the day's invoices (protocol P13).
   */
  runOnAccountingDate(accountingDate: DateYmd): { runId: string; outDir: string | null; purged: boolean } | undefined;
  /** The output files a run committed (none for runs recorded before schema version 4). */
  runOutputs(runId: string): OutputDigest[];
  /**
   * Per accounting day from `fromDate` to the day before `beforeDate`, the totals of the runs
   * committed on it, oldest first; days without a run are absent. Read from the run rows, which
   * purge keeps, so the history outlives the control data (report.html's charts).
   */
  runDays(fromDate: DateYmd, beforeDate: DateYmd): RunDayTotals[];
  /**
   * True when an earlier run PAID an invoice with this practitioner and invoice number: a resend
   * is a DOUBLON. A previously REJECTED invoice does not count: nothing was paid, and the
   * practitioner may correct and bill it again under the same number (rules.md §5.2).
   */
  invoiceKnown(practitionerId: string, invoiceNumber: string): boolean;
  /** True when an earlier run PAID an invoice with this functional-duplicate key hash. */
  functionalKeyKnown(functionalKeyHash: string): boolean;
  /** True when an earlier run consumed this PEC (single use, P3). */
  pecConsumed(pecNumber: string): boolean;
  /** The `invoiceKey`s of the given invoices that invoiceKnown would answer true for. */
  paidInvoicesAmong(invoices: Iterable<{ practitionerId: string; invoiceNumber: string }>): Set<string>;
  /** The hashes among these that functionalKeyKnown would answer true for. */
  paidFunctionalKeysAmong(functionalKeyHashes: Iterable<string>): Set<string>;
  /** The same for keys given as the ledger's INTEGER (functionalKeyIntegerOf), without their hex text. */
  paidFunctionalKeyIntegersAmong(keys: readonly bigint[]): Set<bigint>;
  /** The PEC numbers among these that pecConsumed would answer true for. */
  consumedPecsAmong(pecNumbers: Iterable<string>): Set<string>;
  /** What earlier runs paid and regularised for the invoice a rectificative or annulation names. */
  regularisationTarget(practitionerId: string, invoiceNumber: string): RegularisationTarget;
  /** The debts (indus) earlier runs left open, by practitioner, oldest first. */
  openDebts(): OpenDebt[];
  /** What earlier runs' paid invoices took from a counter over a window of care dates. */
  counterConsumed(key: string, fromDate: number, toDate: number): CounterTotal;
  /** What one care (its first invoice and its regularisations) holds on each counter. */
  careCounters(practitionerId: string, originalInvoice: string): Array<{ key: string; careDate: number; cents: number; acts: number }>;
  /**
   * The paper invoices of one practitioner that earlier runs decided on an accounting day from
   * `fromDate` to `toDate`, by day then input order: the monthly notice's (paper-notice-lines.ts).
   */
  paperNoticeLines(practitionerId: string, fromDate: DateYmd, toDate: DateYmd): DatedPaperNoticeLine[];
  /**
   * Writes everything of one run in ONE transaction: if anything throws (a constraint, a file a
   * decision names but the run does not list…) nothing at all is written.
   */
  recordRun(run: RunRecord): RunTotals;
  /**
   * The same, for a run that streams its invoices in: one transaction opened here, committed by
   * `commit` or rolled back by `abort`. Lookups on this ledger see the run's rows meanwhile.
   */
  beginRun(header: RunHeader): RunWriter;
  /**
   * Removes what the retention lets go of for the runs whose accounting day is before
   * `beforeDate` (released ones: an unreleased run keeps everything until a run releases it),
   * in ONE transaction: their REJECTED invoice rows (but the paper ones of the cut-off's own month,
   * which the month's notice lists), the motive labels of their PAID rows, their
   * lots, transfers, output digests and archive records. Everything a later run or a replay of a
   * kept run looks up stays: run rows (marked with the cut-off), file rows, PAID invoice rows,
   * paid functional keys and PECs consumed (architecture.md, "Retention"). The archive's blobs are
   * swept afterwards, from `inputBlobDigests` (history/sweep-archive.ts).
   */
  purge(beforeDate: DateYmd): PurgeCounts;
  /** The latest accounting day a run liquidated (purged runs included), if any: retention counts back from it. */
  latestAccountingDate(): DateYmd | undefined;
  /** Every archived input digest a run row still names: the archive's blobs to keep. */
  inputBlobDigests(): Set<string>;
  /** Committed runs whose outputs were not confirmed in their folder (a crash after the commit), oldest first. */
  unreleasedRuns(): UnreleasedRun[];
  /** The run's outputs are in their folder, as committed. */
  markReleased(runId: string): void;
  /**
   * Takes, for as long as this ledger is open, the right to write it from anywhere: on PostgreSQL
   * a session advisory lock (false when another command holds it); on SQLite always true, the
   * data-folder lock already excluding every other writer of the file.
   */
  tryWriterLock(): boolean;
  /**
   * Answers every question from now on from one snapshot of the ledger, until the function it
   * returns is called: for a phase that only reads it while nothing writes it (the run's intake,
   * before its ledger thread starts). On SQLite one read transaction instead of one per
   * statement; on PostgreSQL nothing changes.
   */
  holdReadSnapshot(): () => void;
  /**
   * Where the run's filter of paid keys reads them (run/paid-key-filter.ts), or undefined where
   * the run asks the ledger every time: a point-in-time view (a replay answers as the ledger stood)
   * and a PostgreSQL ledger (kept with the database, not in one machine's data folder: not yet).
   */
  paidKeySource(): PaidKeySource | undefined;
  close(): void;
}

/** What one purge removed from the ledger (the archive's blobs are counted by the sweep). */
export interface PurgeCounts {
  /** Runs newly marked purged (their rows stay, as the history and the count run ids depend on). */
  runs: number;
  /** REJECTED invoice rows removed: nothing was paid, so they key nothing (rules.md §5.2). */
  invoicesRemoved: number;
  /** PAID invoice rows kept whose motive labels were cleared. */
  labelsCleared: number;
  lots: number;
  transfers: number;
  /** Output digests (run_outputs) removed. */
  outputs: number;
  /** Archive records removed: run_archives rows, and run_input_blobs rows (one per input). */
  archives: number;
  inputBlobs: number;
}

export const LEDGER_FILE_NAME = 'tpliq.sqlite';

/** The key paidInvoicesAmong answers with. */
export const invoiceKey = (practitionerId: string, invoiceNumber: string): string => `${practitionerId}|${invoiceNumber}`;

/** Keys per batched statement: measured flat from 50 to 2000 keys, and far below SQLite's 32766 variables. */
const LOOKUP_BATCH_KEYS = 200;

/**
 * SQLite's page cache for the connection. The default (2 MiB) no longer holds the hot part of the
 * indexes once the ledger keeps 90 days of millions of invoices; a second 1M-invoice run recorded
 * 15 % faster with 256 MiB. 128 MiB is a middle ground for a batch machine.
 */
const PAGE_CACHE_KIB = 131_072;

/** Protocol §9-2-1 (P14): control data is kept 90 days from sending, then can no longer serve. */
export const CONTROL_RETENTION_DAYS = 90;

/**
 * The `beforeDate` that keeps `days` days back from `latestAccountingDate`: a run on
 * latest − days is kept, one a day earlier is purged.
 */
export const retentionCutoff = (latestAccountingDate: DateYmd, days: number = CONTROL_RETENTION_DAYS): DateYmd => addDays(latestAccountingDate, -days);

/** How the ledger's database is opened (openLedgerDatabase). */
export interface LedgerDatabaseOptions {
  /**
   * A PostgreSQL ledger (`postgres://…`, `postgresql://…`, or any libpq connection string) instead
   * of the SQLite file in the data folder. Unset: `--ledger` or TPLIQ_LEDGER_URL (ledger-url.ts).
   */
  url?: string | undefined;
  /** Overrides PAGE_CACHE_KIB for a connection that must hold less (the run's ledger writer thread). */
  pageCacheKib?: number;
  /**
   * For the connection that writes a run (SQLite only): its statement journals kept in memory.
   * Each 200-row INSERT may fail on a constraint after writing some of its rows, so SQLite keeps
   * the first copy of every page the statement changes, to undo that statement alone. Past 64 KiB
   * it spilled them to a temporary file: on the 1 M-line day, 64 000 pages and 128 000 pwrite calls
   * the run never reads, since any failure rolls back the run's whole transaction. One statement's
   * journal held at most 213 KiB there. Not for the other connections: `temp_store` also holds
   * sorts and temporary tables in memory, and a query's sort may be as large as the ledger.
   */
  statementJournalsInMemory?: boolean;
  /**
   * For the history queries: the ledger must already exist (nothing is created, no mode is
   * changed), and once migrated the connection refuses every write (`query_only`), so that a
   * question asked of the history can never alter it.
   */
  readOnly?: boolean;
}

export interface LedgerOptions extends Omit<LedgerDatabaseOptions, 'readOnly'> {
  /**
   * The ledger as it stood before the run of this row id (runs.id) was recorded: every lookup and
   * count sees only what earlier runs wrote, as that run saw it (replay). Nothing later is
   * visible: invoices paid, keys, PECs consumed, files received, runs counted.
   */
  asOfRunRowId?: number;
}

/**
 * `<dataDir>/tpliq.sqlite` as a raw connection, set up and migrated to the latest schema: created
 * on first use, unless `readOnly`. A ledger of an older schema is migrated, never refused, for
 * readers as for runs: a reader's SQL is written for the latest schema only.
 */
export function openLedgerDatabase(dataDir: string, options: LedgerDatabaseOptions = {}): SqlConnection {
  const url = ledgerUrl(options.url);
  if (url !== undefined) return openPostgresLedger(url, options.readOnly === true);
  const readOnly = options.readOnly === true;
  const path = join(dataDir, LEDGER_FILE_NAME);
  if (!readOnly) {
    ensurePrivateDir(dataDir);
    ensurePrivateFile(path);
  }
  const startedMs = Date.now();
  for (;;) {
    try {
      return openSqliteLedger(path, options);
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() - startedMs >= BUSY_TIMEOUT_MS) throw error;
      // The connection is closed: wait a moment off the lock, then set it up again from the start.
      Atomics.wait(OPEN_BUSY_PAUSE, 0, 0, OPEN_BUSY_PAUSE_MS);
    }
  }
}

/**
 * SQLite returns SQLITE_BUSY without calling its busy handler when waiting could deadlock: a
 * connection that already reads and asks to write, while another one does the same. Switching a
 * new ledger to WAL does just that (it reads the header, then writes its version bytes), so two
 * processes opening a new ledger at once could fail there, busy timeout or not. Fresh attempts,
 * each on a new connection holding no lock, let them take turns. Within the busy
 * timeout only: a ledger held by a long write is reported busy as before, once it has passed.
 */
const BUSY_TIMEOUT_MS = 5000;
const OPEN_BUSY_PAUSE_MS = 50;
const OPEN_BUSY_PAUSE = new Int32Array(new SharedArrayBuffer(4));

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function openSqliteLedger(path: string, options: LedgerDatabaseOptions): SqlConnection {
  const readOnly = options.readOnly === true;
  // fileMustExist: a reader must never leave an empty ledger behind a mistyped --data.
  const db = new Database(path, { fileMustExist: readOnly });
  try {
    // First: switching a new ledger to WAL takes a lock that another process opening it may hold.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers (reports, an operator's sqlite3 shell) never block the run's write transaction.
    db.pragma('journal_mode = WAL');
    // FULL: the run's commit is on disk before its payment file is released; one fsync per run.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${options.pageCacheKib ?? PAGE_CACHE_KIB}`);
    const connection = new SqliteConnection(db);
    migrate(connection);
    if (readOnly) db.pragma('query_only = ON');
    if (options.statementJournalsInMemory === true) db.pragma('temp_store = MEMORY');
    return connection;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The ledger on a PostgreSQL server, migrated like the SQLite one. A reader finds it or fails
 * (TPLIQ_LEDGER_MISSING), and its every transaction is read-only, as `query_only` makes SQLite's.
 */
function openPostgresLedger(url: string, readOnly: boolean): SqlConnection {
  const db = new PostgresConnection(url);
  try {
    if (readOnly && db.prepare<[], string | null>("SELECT to_regclass('schema_migrations')::text").pluck().get() === null) {
      throw Object.assign(new Error('TPLIQ_LEDGER_MISSING: the PostgreSQL ledger named by --ledger holds no tpliq ledger yet: check the URL'), { code: 'TPLIQ_LEDGER_MISSING' });
    }
    migrate(db);
    if (readOnly) db.exec('SET default_transaction_read_only = on');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens (creating and migrating on first use) `<dataDir>/tpliq.sqlite`. */
export function openLedger(dataDir: string, options: LedgerOptions = {}): Ledger {
  const db = openLedgerDatabase(dataDir, {
    url: options.url,
    ...(options.pageCacheKib === undefined ? {} : { pageCacheKib: options.pageCacheKib }),
    ...(options.statementJournalsInMemory === undefined ? {} : { statementJournalsInMemory: options.statementJournalsInMemory }),
  });
  try {
    return new SqlLedger(db, options.asOfRunRowId);
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqlLedger implements Ledger {
  private readonly fileByHash;
  private readonly paidInvoice;
  private readonly paidFunctionalKey;
  private readonly paidFunctionalKeyInteger;
  private readonly anyPaidTextKey;
  private readonly consumedPec;
  private readonly regularisations: RegularisationLedger;
  private readonly counters: CounterLedger;
  private readonly paperLines: PaperNoticeLines;

  /** ` AND <table>.run < R` for a point-in-time view, '' for the ledger as it is. */
  private readonly earlier: (table: string) => string;
  /** The same for the runs table itself. */
  private readonly earlierRun: string;

  constructor(private readonly db: SqlConnection, private readonly asOfRunRowId?: number) {
    if (asOfRunRowId !== undefined && !Number.isSafeInteger(asOfRunRowId)) throw new Error(`asOfRunRowId must be an integer, got ${asOfRunRowId}`);
    // An integer written into the SQL: the view's statements are prepared once, as the ledger's are.
    this.earlier = (table) => (asOfRunRowId === undefined ? '' : ` AND ${table}.run < ${asOfRunRowId}`);
    this.earlierRun = asOfRunRowId === undefined ? '' : ` AND runs.id < ${asOfRunRowId}`;
    const earlier = this.earlier;
    this.fileByHash = db.prepare<[string], { runId: string; name: string }>(
      `SELECT runs.run_id AS runId, files.name AS name FROM files JOIN runs ON runs.id = files.run WHERE files.sha256 = ?${earlier('files')} ORDER BY files.id LIMIT 1`,
    );
    this.paidInvoice = db
      .prepare<[string, string], number>(
        `SELECT 1 FROM invoices WHERE practitioner_id = ? AND invoice_number = ? AND status = 'PAID'${earlier('invoices')}`,
      )
      .pluck();
    this.paidFunctionalKey = db
      .prepare<[string], number>(`SELECT 1 FROM invoices WHERE functional_key_hash = ? AND status = 'PAID'${earlier('invoices')} LIMIT 1`)
      .pluck();
    this.anyPaidTextKey = db
      .prepare<[], number>(`SELECT 1 FROM invoices WHERE functional_key_hash IS NOT NULL AND status = 'PAID'${earlier('invoices')} LIMIT 1`)
      .pluck();
    this.paidFunctionalKeyInteger = db
      .prepare<[bigint], number>(`SELECT 1 FROM paid_functional_keys WHERE functional_key = ?${earlier('paid_functional_keys')} LIMIT 1`)
      .pluck();
    this.consumedPec = db.prepare<[string], number>(`SELECT 1 FROM pecs_consumed WHERE pec_number = ?${earlier('pecs_consumed')}`).pluck();
    this.regularisations = new RegularisationLedger(db, earlier);
    this.counters = new CounterLedger(db, earlier);
    this.paperLines = new PaperNoticeLines(db, earlier);
  }

  paperNoticeLines(practitionerId: string, fromDate: DateYmd, toDate: DateYmd): DatedPaperNoticeLine[] {
    return this.paperLines.of(practitionerId, fromDate, toDate);
  }

  counterConsumed(key: string, fromDate: number, toDate: number): CounterTotal {
    return this.counters.consumed(key, fromDate, toDate);
  }

  careCounters(practitionerId: string, originalInvoice: string): Array<{ key: string; careDate: number; cents: number; acts: number }> {
    return this.counters.ofOriginal(practitionerId, originalInvoice);
  }

  regularisationTarget(practitionerId: string, invoiceNumber: string): RegularisationTarget {
    return this.regularisations.targetOf(practitionerId, invoiceNumber);
  }

  openDebts(): OpenDebt[] {
    return this.regularisations.openDebts();
  }

  fileAlreadyReceived(sha256: string): { runId: string; name: string } | undefined {
    return this.fileByHash.get(sha256);
  }

  ledgerId(): string {
    return this.db.prepare<[], string>('SELECT ledger_id FROM ledger_identity').pluck().get()!;
  }

  runCount(): number {
    return this.db.prepare<[], number>(`SELECT COUNT(*) FROM runs WHERE TRUE${this.earlierRun}`).pluck().get()!;
  }

  runOnAccountingDate(accountingDate: DateYmd): { runId: string; outDir: string | null; purged: boolean } | undefined {
    const row = this.db
      .prepare<[number], { runId: string; outDir: string | null; purgedBefore: number | null }>(
        `SELECT run_id AS runId, out_dir AS outDir, purged_before AS purgedBefore FROM runs WHERE accounting_date = ?${this.earlierRun} ORDER BY id LIMIT 1`,
      )
      .get(accountingDate);
    return row === undefined ? undefined : { runId: row.runId, outDir: row.outDir, purged: row.purgedBefore !== null };
  }

  latestAccountingDate(): DateYmd | undefined {
    const latest = this.db.prepare<[], number | null>(`SELECT max(accounting_date) FROM runs WHERE TRUE${this.earlierRun}`).pluck().get() ?? null;
    return latest === null ? undefined : (latest as DateYmd);
  }

  inputBlobDigests(): Set<string> {
    return new Set(this.db.prepare<[], string>(`SELECT DISTINCT sha256 FROM run_input_blobs WHERE TRUE${this.earlier('run_input_blobs')}`).pluck().all());
  }

  runOutputs(runId: string): OutputDigest[] {
    return this.db
      .prepare<[string], OutputDigest>('SELECT path, sha256, size_bytes AS sizeBytes FROM run_outputs WHERE run = (SELECT id FROM runs WHERE run_id = ?) ORDER BY path')
      .all(runId);
  }

  runDays(fromDate: DateYmd, beforeDate: DateYmd): RunDayTotals[] {
    return this.db
      .prepare<[number, number], RunDayTotals>(
        `SELECT accounting_date AS accountingDate, COUNT(*) AS runCount, SUM(invoice_count) AS invoiceCount,
           SUM(paid_count) AS paidCount, SUM(paid_cents) AS paidCents, SUM(rejected_count) AS rejectedCount,
           SUM(transfer_cents) AS transferCents
         FROM runs WHERE accounting_date >= ? AND accounting_date < ?${this.earlierRun} GROUP BY accounting_date ORDER BY accounting_date`,
      )
      .all(fromDate, beforeDate);
  }

  invoiceKnown(practitionerId: string, invoiceNumber: string): boolean {
    return this.paidInvoice.get(practitionerId, invoiceNumber) !== undefined;
  }

  functionalKeyKnown(functionalKeyHash: string): boolean {
    if (functionalKeyHash === '') return false;
    // Keys written before schema version 2 are text whatever their shape: ask both columns.
    const key = functionalKeyInteger(functionalKeyHash);
    if (key !== undefined && this.paidFunctionalKeyInteger.get(key) !== undefined) return true;
    return this.paidFunctionalKey.get(functionalKeyHash) !== undefined;
  }

  pecConsumed(pecNumber: string): boolean {
    return this.consumedPec.get(pecNumber) !== undefined;
  }

  paidInvoicesAmong(invoices: Iterable<{ practitionerId: string; invoiceNumber: string }>): Set<string> {
    const pairs: string[] = [];
    for (const invoice of invoices) pairs.push(invoice.practitionerId, invoice.invoiceNumber);
    const found = new Set<string>();
    const rows = this.batchQuery<[string, string]>(
      pairs,
      2,
      (placeholders) =>
        `SELECT practitioner_id, invoice_number FROM invoices WHERE status = 'PAID'
           AND (practitioner_id, invoice_number) IN (VALUES ${placeholders})${this.earlier('invoices')}`,
    );
    for (const [practitionerId, invoiceNumber] of rows) found.add(invoiceKey(practitionerId, invoiceNumber));
    return found;
  }

  paidFunctionalKeysAmong(functionalKeyHashes: Iterable<string>): Set<string> {
    const hashes = [...functionalKeyHashes].filter((hash) => hash !== '');
    const integers: bigint[] = [];
    for (const hash of hashes) {
      const key = functionalKeyInteger(hash);
      if (key !== undefined) integers.push(key);
    }
    const found = new Set<string>(this.paidIntegerKeysAsHex(integers));
    for (const hash of this.paidTextKeysAmong(hashes)) found.add(hash);
    return found;
  }

  paidFunctionalKeyIntegersAmong(keys: readonly bigint[]): Set<bigint> {
    const found = new Set<bigint>();
    for (const hex of this.paidIntegerKeysAsHex(keys)) found.add(functionalKeyInteger(hex)!);
    // Only a ledger that still holds keys written before schema version 2 gets here with work to do.
    const texts = this.anyPaidTextKey.get() === undefined ? [] : this.paidTextKeysAmong(keys.map(functionalKeyHexOfInteger));
    for (const hex of texts) found.add(functionalKeyInteger(hex)!);
    return found;
  }

  /**
   * The paid keys among these INTEGER keys, as 16 hex digits (the text rows come back exact, where
   * an INTEGER past 2^53 would not); a key is listed once per run that paid it. No DISTINCT: on the
   * hex text SQLite keeps it in a temporary b-tree made and dropped at every batch, which cost the
   * 1 M-line day's intake 0.5 s of the main thread for 4 000 keys. The callers keep a set.
   */
  private paidIntegerKeysAsHex(keys: readonly bigint[]): string[] {
    const rows = this.batchQuery<[string]>(
      keys,
      1,
      (placeholders) =>
        `SELECT ${functionalKeyAsHex(this.db.dialect)} FROM paid_functional_keys WHERE functional_key IN (VALUES ${placeholders})${this.earlier('paid_functional_keys')}`,
    );
    return rows.map(([hex]) => hex);
  }

  /**
   * Keys written before schema version 2 are text whatever their shape; a ledger without any
   * (one probe of their index) is spared a second query per batch. A key may be listed more
   * than once, as above.
   */
  private paidTextKeysAmong(hashes: readonly string[]): string[] {
    if (this.anyPaidTextKey.get() === undefined) return [];
    const rows = this.batchQuery<[string]>(
      hashes,
      1,
      (placeholders) =>
        `SELECT functional_key_hash FROM invoices WHERE status = 'PAID'
           AND functional_key_hash IN (VALUES ${placeholders})${this.earlier('invoices')}`,
    );
    return rows.map(([hash]) => hash);
  }

  consumedPecsAmong(pecNumbers: Iterable<string>): Set<string> {
    const rows = this.batchQuery<[string]>(
      [...pecNumbers],
      1,
      (placeholders) => `SELECT pec_number FROM pecs_consumed WHERE pec_number IN (VALUES ${placeholders})${this.earlier('pecs_consumed')}`,
    );
    return new Set(rows.map(([pec]) => pec));
  }

  /** Statements by SQL text: one per (query, keys in the batch), the last partial batch included. */
  private readonly batchStatements = new Map<string, SqlStatement<Array<string | bigint>, unknown>>();

  /**
   * Runs `sqlOf(placeholders)` over `values` cut into batches of LOOKUP_BATCH_KEYS keys of `arity`
   * values each, and returns every row found, as raw arrays of the selected text columns.
   */
  private batchQuery<Row extends string[]>(
    values: ReadonlyArray<string | bigint>,
    arity: number,
    sqlOf: (placeholders: string) => string,
  ): Row[] {
    const rows: Row[] = [];
    // PostgreSQL types a VALUES list of parameters as text: a bigint key is cast to meet its column.
    const one = typeof values[0] === 'bigint' && this.db.dialect === 'postgres' ? 'CAST(? AS BIGINT)' : '?';
    const tuple = arity === 1 ? `(${one})` : `(${Array(arity).fill(one).join(', ')})`;
    const valuesPerBatch = LOOKUP_BATCH_KEYS * arity;
    for (let start = 0; start < values.length; start += valuesPerBatch) {
      const batch = values.slice(start, start + valuesPerBatch);
      const sql = sqlOf(Array(batch.length / arity).fill(tuple).join(', '));
      let statement = this.batchStatements.get(sql);
      if (statement === undefined) {
        statement = this.db.prepare<Array<string | bigint>, unknown>(sql).raw();
        this.batchStatements.set(sql, statement);
      }
      // The SELECT lists exactly the Row's text columns.
      for (const row of statement.all(...batch)) rows.push(row as Row);
    }
    return rows;
  }

  recordRun(run: RunRecord): RunTotals {
    const writer = this.beginRun(run);
    try {
      for (const invoice of run.invoices) writer.addInvoice(invoice);
      return writer.commit(run);
    } finally {
      writer.abort();
    }
  }

  beginRun(header: RunHeader): RunWriter {
    return new RunWriter(this.db, header);
  }

  purge(beforeDate: DateYmd): PurgeCounts {
    // A point-in-time view answers as the ledger stood before a run: it must never change it.
    if (this.asOfRunRowId !== undefined) throw new Error('purge on a point-in-time view of the ledger');
    const db = this.db;
    // Released runs only: an unreleased run's output digests are what its release checks its
    // folder against (output-release.ts); the next run releases it and a later purge takes it.
    const purgedRuns = 'SELECT id FROM runs WHERE accounting_date < ? AND released = 1';
    const ofPurgedRuns = `WHERE run IN (${purgedRuns})`;
    const remove = (table: string, also = ''): number => db.prepare(`DELETE FROM ${table} ${ofPurgedRuns}${also}`).run(beforeDate).changes;
    return db.transaction((): PurgeCounts => {
      // PAID rows stay: they are the keys that make an invoice resent months later a DOUBLON
      // (invoiceKnown, and functionalKeyKnown for keys written before schema version 2). A
      // REJECTED row keys nothing. Files stay too, so no row loses what it points at.
      // The rejected paper rows of the cut-off's own month stay until a cut-off in a later month:
      // the monthly notice of a run kept in that month lists them (protocol §8-3), and its
      // replay must write the same bytes. A month wholly before the cut-off loses them.
      // A run purged earlier whose kept paper rows go now is marked with this cut-off, so that
      // `tpliq notices monthly` knows its month can no longer be written whole (purged_before
      // after the month's last day).
      const monthStart = firstDayOfMonth(monthOfDate(beforeDate));
      // The paper rows found through their own index (a few per cent of the rows), not by run:
      // a run purged earlier keeps its paid rows, which a read of its range would go through.
      db.prepare(
        `UPDATE runs SET purged_before = ? WHERE purged_before IS NOT NULL AND accounting_date < ? AND released = 1 AND id IN (
           SELECT run FROM invoices WHERE paper = 1 AND status = 'REJECTED' AND accounting_date < ?)`,
      ).run(beforeDate, beforeDate, monthStart);
      // The table has no index by run (invoice-id-range.ts), and a purged run keeps its paid rows
      // for ever: no statement here may read the range of every run purged before. Rejected rows
      // are kept 90 days (and a month for paper): read through their own index, run looked up.
      const invoicesRemoved = db
        .prepare(
          `DELETE FROM invoices WHERE status = 'REJECTED' AND NOT (paper = 1 AND accounting_date >= ?)
             AND run IN (${purgedRuns})`,
        )
        .run(monthStart, beforeDate).changes;
      // A run's labels go at its first purge: only the runs not purged yet are read, range by range.
      const clearLabels = db.prepare(
        'UPDATE invoices SET motives_json = NULL WHERE id BETWEEN ? AND ? AND run = ? AND status = \'PAID\' AND motives_json IS NOT NULL',
      );
      const runsToClear = db
        .prepare<[DateYmd], { id: number; first: number; last: number }>(
          `SELECT id, first_invoice AS first, last_invoice AS last FROM runs
            WHERE accounting_date < ? AND released = 1 AND purged_before IS NULL AND first_invoice IS NOT NULL ORDER BY id`,
        )
        .all(beforeDate);
      let labelsCleared = 0;
      for (const run of runsToClear) labelsCleared += clearLabels.run(run.first, run.last, run.id).changes;
      const lots = remove('lots');
      const transfers = remove('transfers');
      const outputs = remove('run_outputs');
      const inputBlobs = remove('run_input_blobs');
      const archives = remove('run_archives');
      const runs = db
        .prepare(`UPDATE runs SET purged_before = ? WHERE id IN (${purgedRuns}) AND purged_before IS NULL`)
        .run(beforeDate, beforeDate).changes;
      return { runs, invoicesRemoved, labelsCleared, lots, transfers, outputs, archives, inputBlobs };
    })();
  }

  unreleasedRuns(): UnreleasedRun[] {
    const runs = this.db
      .prepare<[], { runId: string; accountingDate: number; outDir: string }>(
        'SELECT run_id AS runId, accounting_date AS accountingDate, out_dir AS outDir FROM runs WHERE released = 0 ORDER BY id',
      )
      .all();
    return runs.map((run) => ({ runId: run.runId, accountingDate: run.accountingDate as DateYmd, outDir: run.outDir, outputs: this.runOutputs(run.runId) }));
  }

  markReleased(runId: string): void {
    this.db.prepare('UPDATE runs SET released = 1 WHERE run_id = ?').run(runId);
  }

  tryWriterLock(): boolean {
    if (this.db.dialect !== 'postgres') return true;
    return this.db.prepare<[], number>(`SELECT CASE WHEN pg_try_advisory_lock(${LEDGER_WRITER_LOCK}) THEN 1 ELSE 0 END`).pluck().get() === 1;
  }

  holdReadSnapshot(): () => void {
    // Each statement outside a transaction begins and ends a read of the WAL of its own (a shared
    // lock and a read mark taken and let go). The four indexed lookups of each of the 1 M-line
    // day's 3 995 regularisations took 162–229 ms that way, 33 ms inside one transaction. BEGIN
    // alone (deferred) takes nothing until the first read, and writes nothing.
    if (this.db.dialect !== 'sqlite' || this.db.inTransaction) return () => undefined;
    this.db.exec('BEGIN');
    return () => {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    };
  }

  paidKeySource(): PaidKeySource | undefined {
    if (this.asOfRunRowId !== undefined || this.db.dialect !== 'sqlite') return undefined;
    return new SqlPaidKeySource(this.db, { ledgerId: this.ledgerId(), hasTextFunctionalKeys: this.anyPaidTextKey.get() !== undefined });
  }

  close(): void {
    this.db.close();
  }
}
