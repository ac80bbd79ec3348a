import type Database from 'better-sqlite3';
import type { FixedColumns, SqlBulkInsert, SqlConnection, SqlStatement } from './sql-connection.js';
import { fixedColumnLiterals } from './fixed-columns.js';

/**
 * Rows per multi-row INSERT: one statement of many rows crosses from JavaScript into SQLite once
 * instead of once a row. 3 M invoice rows (16 values each) in one transaction, in the ledger
 * thread's order: 5.94–5.99 s at 50 rows a statement, 5.61–5.63 s at 200; 200 × 16 stays far
 * below SQLite's 32 766-variable limit.
 */
export const SQLITE_ROWS_PER_INSERT = 200;

/** The embedded ledger: better-sqlite3's own statements, handed out as they are. */
export class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite';

  constructor(readonly db: Database.Database) {}

  prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): SqlStatement<Params, Row> {
    // better-sqlite3's Statement has every method SqlStatement names, with the same meaning.
    return this.db.prepare(sql) as unknown as SqlStatement<Params, Row>;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(fn: () => T): () => T {
    const transaction = this.db.transaction(fn);
    return () => transaction.immediate();
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  bulkInsert(table: string, columns: readonly string[], fixed: FixedColumns = {}): SqlBulkInsert {
    // Binding is much of an insert's cost: in a `perf` profile of the ledger floor (2 M rows), V8's
    // API that reads each value, and malloc for each string copied, took ≈ 45 % of the samples,
    // SQLite's own work ≈ 32 %. A value the same in every row is a literal of the statement instead.
    const constants = fixedColumnLiterals(fixed);
    const rowValues = `(${[...constants.map((c) => c.literal), ...columns.map(() => '?')].join(', ')})`;
    const into = `INSERT INTO ${table} (${[...constants.map((c) => c.column), ...columns].join(', ')}) VALUES `;
    const insertMany = this.db.prepare<unknown[]>(`${into}${Array(SQLITE_ROWS_PER_INSERT).fill(rowValues).join(', ')}`);
    const insertOne = this.db.prepare<unknown[]>(`${into}${rowValues}`);
    const width = columns.length;
    return {
      rowsPerBatch: SQLITE_ROWS_PER_INSERT,
      insertRows(values, rowCount) {
        if (values.length !== rowCount * width) throw new Error(`${table}: ${values.length} values for ${rowCount} rows of ${width} columns`);
        if (rowCount === SQLITE_ROWS_PER_INSERT) {
          insertMany.run(values);
          return;
        }
        for (let at = 0; at < values.length; at += width) insertOne.run(values.slice(at, at + width));
      },
    };
  }

  close(): void {
    this.db.close();
  }
}
