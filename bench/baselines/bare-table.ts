/**
 * The bare table: the ledger floor's rows (ledger-floor.ts) inserted into a table of the same
 * columns with nothing else — no primary key alias beyond SQLite's rowid, no index, no foreign key,
 * no CHECK, no other table — in one transaction, with the ledger's journal, sync and page cache
 * settings and the same multi-row INSERT.
 *
 * Why it is in the benchmark: the ledger floor ÷ this is what the ledger's own schema and code cost
 * over SQLite writing the same bytes (issue 21 asks ≤ 1.5). It says whether an index or the way
 * rows are bound is worth looking at, apart from the engine.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { functionalKeyIntegerOf } from '../../engine/ledger/functional-key-column.js';
import { LEDGER_FILE_NAME, openLedger } from '../../engine/ledger/ledger.js';
import { INVOICE_ROWS_PER_STATEMENT } from '../../engine/ledger/run-writer.js';
import { WRITER_PAGE_CACHE_KIB } from '../../engine/run/ledger-thread-protocol.js';
import { floorInvoices, type FloorInvoice, type LedgerFloorDay } from './ledger-floor.js';

interface ColumnInfo {
  name: string;
  type: string;
}

/** The ledger's invoice columns, as a fresh ledger declares them (so the two never drift apart). */
function ledgerInvoiceColumns(dataDir: string): ColumnInfo[] {
  const sourceDir = join(dataDir, 'schema-source');
  openLedger(sourceDir).close();
  const db = new Database(join(sourceDir, LEDGER_FILE_NAME), { readonly: true });
  try {
    return db.prepare<[], ColumnInfo>("SELECT name, type FROM pragma_table_info('invoices') ORDER BY cid").all();
  } finally {
    db.close();
  }
}

/** Inserts the floor's day into a bare table under `dataDir` (removed first); returns the rows written. */
export function recordDayBare(dataDir: string, day: LedgerFloorDay): { invoices: number; paidCount: number; columns: number } {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The id column is the rowid in both: SQLite numbers the rows either way.
  const columns = ledgerInvoiceColumns(dataDir).filter((c) => c.name !== 'id');
  const db = new Database(join(dataDir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = -${WRITER_PAGE_CACHE_KIB}`);
    db.exec(`CREATE TABLE invoices (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    const rowValues = `(${columns.map(() => '?').join(', ')})`;
    const insertMany = db.prepare(`INSERT INTO invoices (${columns.map((c) => c.name).join(', ')}) VALUES ${Array(INVOICE_ROWS_PER_STATEMENT).fill(rowValues).join(', ')}`);
    const insertOne = db.prepare(`INSERT INTO invoices (${columns.map((c) => c.name).join(', ')}) VALUES ${rowValues}`);
    const valueOf = bareValueOf(day);
    let pending: unknown[] = [];
    let invoices = 0;
    let paidCount = 0;
    db.transaction(() => {
      for (const invoice of floorInvoices(day)) {
        for (const c of columns) pending.push(valueOf(c.name, invoice));
        if (pending.length === INVOICE_ROWS_PER_STATEMENT * columns.length) {
          insertMany.run(pending);
          pending = [];
        }
        invoices += 1;
        if (!invoice.rejected) paidCount += 1;
      }
      for (let at = 0; at < pending.length; at += columns.length) insertOne.run(pending.slice(at, at + columns.length));
    })();
    return { invoices, paidCount, columns: columns.length };
  } finally {
    db.close();
  }
}

/** What the ledger writer binds for each column (run-writer.ts), for the floor's invoices. */
function bareValueOf(day: LedgerFloorDay): (column: string, invoice: FloorInvoice) => unknown {
  return (column, invoice) => {
    switch (column) {
      case 'run': return 1;
      case 'file': return invoice.fileIndex + 1;
      case 'lot_number': return '001';
      case 'sequence': return invoice.sequence;
      case 'practitioner_id': return invoice.practitionerId;
      case 'invoice_number': return invoice.invoiceNumber;
      case 'functional_key_hash': return null;
      case 'functional_key': return functionalKeyIntegerOf(invoice.functionalKeyHi, invoice.functionalKeyLo);
      case 'status': return invoice.rejected ? 'REJECTED' : 'PAID';
      case 'paid_cents': return invoice.rejected ? 0 : invoice.claimedCents;
      case 'claimed_cents': return invoice.claimedCents;
      case 'motive_codes': return invoice.rejected ? 'B004' : '';
      case 'motives_json': return null;
      case 'accounting_date': return day.accountingDate;
      case 'care_date': return day.accountingDate;
      case 'paper': return 0;
      default: throw new Error(`bare table: the ledger's invoices have a column "${column}" the benchmark does not fill`);
    }
  };
}
