/**
 * The ledger's database, whichever it is: the embedded SQLite file (the default) or a PostgreSQL
 * server (`--ledger postgres://…`). Both are used synchronously, as the commit step and the ledger
 * thread always used SQLite: a question to the ledger is answered before the next invoice is
 * judged, so nothing about the order of decisions depends on the database's speed.
 *
 * The shape is the part of better-sqlite3's the ledger uses, so that the SQLite side costs nothing
 * over calling it directly. SQL is written once for both where the two agree (`?` parameters,
 * `@name` parameters, `INSERT … RETURNING`, `TRUE`, partial indexes, row values); the few places
 * where they do not ask the connection's `dialect` (sql-dialect.ts).
 */
export type SqlDialectName = 'sqlite' | 'postgres';

/** A value bound to a parameter: integers as number or bigint, text, NULL. */
export type SqlParam = string | number | bigint | null;

export interface SqlRunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/**
 * A prepared statement. `pluck()` answers with the first column alone, `raw()` with arrays of the
 * columns instead of objects; both change the statement itself, as better-sqlite3's do.
 */
export interface SqlStatement<Params extends unknown[] = unknown[], Row = unknown> {
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  run(...params: Params): SqlRunResult;
  /** Rows one at a time, for a result too large to hold (a replayed run's invoices). */
  iterate(...params: Params): IterableIterator<Row>;
  pluck(): SqlStatement<Params, Row>;
  raw(): SqlStatement<Params, Row>;
  /** Integers come back as bigint (a functional key uses all 64 bits); `false` turns it off again. */
  safeIntegers(enabled?: boolean): SqlStatement<Params, Row>;
}

/**
 * Integer columns whose value is the same for every row of one bulk insert (the run's id, its
 * accounting date): written once into the statement rather than bound with each row.
 */
export type FixedColumns = Readonly<Record<string, number>>;

/**
 * Rows of one table written many at a time: a multi-row INSERT on SQLite, COPY on PostgreSQL.
 * `insertRows` takes the values of `rowCount` rows, row after row, in the order of the columns
 * given to `bulkInsert` (the fixed ones aside).
 */
export interface SqlBulkInsert {
  /** The batch that is written fastest: callers gather this many rows before calling. */
  readonly rowsPerBatch: number;
  insertRows(values: readonly SqlParam[], rowCount: number): void;
}

export interface SqlConnection {
  readonly dialect: SqlDialectName;
  prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): SqlStatement<Params, Row>;
  /** One or more statements without parameters (a migration, BEGIN, COMMIT). */
  exec(sql: string): void;
  /**
   * `fn` inside one write transaction, taken at once (SQLite's BEGIN IMMEDIATE), committed when
   * it returns and rolled back when it throws.
   */
  transaction<T>(fn: () => T): () => T;
  readonly inTransaction: boolean;
  /** `columns` are bound row by row; `fixed` columns take their one value in every row. */
  bulkInsert(table: string, columns: readonly string[], fixed?: FixedColumns): SqlBulkInsert;
  close(): void;
}
