import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { compiledEnginePath } from '../../compiled-path.js';
import type { FixedColumns, SqlBulkInsert, SqlConnection, SqlParam, SqlRunResult, SqlStatement } from './sql-connection.js';
import { fixedColumnLiterals } from './fixed-columns.js';
import { postgresSqlOf, type PostgresSql } from './postgres-sql.js';
import { copyTextOf, textOfParam, valueOfText } from './postgres-values.js';
import type { PostgresAnswer, PostgresRequest, PostgresThreadData } from './postgres-thread-protocol.js';

/**
 * The ledger on a PostgreSQL server. Synchronous on purpose, like SQLite: the commit step asks the
 * ledger between two invoices, so the order of decisions never depends on a server's timing. The
 * connection itself (the `pg` client) lives on a thread of its own (postgres-thread.ts); each call
 * here sends it one request and waits for its answer.
 *
 * Statements are prepared on the server the first time they run and reused after; a result too
 * large to hold (`iterate`) is read through a cursor, 10 000 rows at a time.
 */

/** A statement the server refused, with PostgreSQL's SQLSTATE as `code` (23505: a unique key taken). */
export class PostgresError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'PostgresError';
  }
}

/** The server's answer to one request, decoded lazily by the statement that asked. */
export interface PostgresResult {
  fields: Array<{ name: string; typeId: number }>;
  rows: Array<Array<string | null>>;
  changes: number;
}

const CURSOR_ROWS_PER_FETCH = 10_000;
/** Rows per COPY: one round trip per batch; the run's other statements may come between two. */
const COPY_ROWS_PER_BATCH = 10_000;
/** How long a request may take before the ledger is declared unreachable (a lost server must not hang the night). */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;

export class PostgresConnection implements SqlConnection {
  readonly dialect = 'postgres';
  private readonly thread: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private statements = 0;
  private cursors = 0;
  private open = true;
  private transactionOpen = false;

  constructor(url: string) {
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    this.port = channel.port1;
    const data: PostgresThreadData = { url, port: channel.port2, signal };
    this.thread = new Worker(compiledEnginePath('ledger/sql/postgres-thread.js'), { workerData: data, transferList: [channel.port2] });
    // The thread never keeps a finished command alive: only an open ledger does.
    this.thread.unref();
    const connected = this.wait();
    if (!connected.ok) {
      this.stopThread();
      throw Object.assign(new Error(`TPLIQ_LEDGER_UNREACHABLE: cannot connect to the PostgreSQL ledger: ${connected.message}`), { code: 'TPLIQ_LEDGER_UNREACHABLE' });
    }
    // Notices (an IF NOT EXISTS that found the table) are for a person at psql, not the run's log.
    this.exec('SET client_min_messages = warning');
  }

  prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): SqlStatement<Params, Row> {
    return new PostgresStatement<Params, Row>(this, postgresSqlOf(sql));
  }

  exec(sql: string): void {
    const text = postgresSqlOf(sql).text;
    this.request({ kind: 'exec', text }, sql);
    this.noteTransaction(text);
  }

  transaction<T>(fn: () => T): () => T {
    return () => {
      this.exec('BEGIN');
      try {
        const result = fn();
        this.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.inTransaction) this.exec('ROLLBACK');
        throw error;
      }
    };
  }

  get inTransaction(): boolean {
    return this.transactionOpen;
  }

  bulkInsert(table: string, columns: readonly string[], fixed: FixedColumns = {}): SqlBulkInsert {
    const constants = fixedColumnLiterals(fixed);
    const copy = `COPY ${table} (${[...constants.map((c) => c.column), ...columns].join(', ')}) FROM STDIN`;
    // The fixed columns open every line of the COPY, as they open its column list.
    const linePrefix = constants.map((c) => `${c.literal}\t`).join('');
    const width = columns.length;
    return {
      rowsPerBatch: COPY_ROWS_PER_BATCH,
      insertRows: (values, rowCount) => {
        if (values.length !== rowCount * width) throw new Error(`${table}: ${values.length} values for ${rowCount} rows of ${width} columns`);
        if (rowCount === 0) return;
        const lines: string[] = [];
        for (let at = 0; at < values.length; at += width) {
          const fields: string[] = [];
          for (let column = 0; column < width; column += 1) fields.push(copyTextOf(values[at + column] as SqlParam));
          lines.push(linePrefix + fields.join('\t'));
        }
        this.request({ kind: 'copy', text: copy, data: Buffer.from(lines.join('\n') + '\n', 'utf8') }, copy);
      },
    };
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.request({ kind: 'close' }, 'close');
    } finally {
      this.stopThread();
    }
  }

  /** Runs a statement, prepared on the server under a name of its own the first time. */
  execute(statement: { name: string | undefined; sql: PostgresSql }, parameters: Array<string | null>): PostgresResult {
    statement.name ??= `tpliq_${++this.statements}`;
    const result = this.request({ kind: 'query', text: statement.sql.text, values: parameters, name: statement.name }, statement.sql.text);
    return result;
  }

  /** Rows of a SELECT read through a cursor, inside the caller's transaction or one of their own. */
  *cursorRows(sql: PostgresSql, parameters: Array<string | null>, decode: (result: PostgresResult, row: number) => unknown): IterableIterator<unknown> {
    const ownTransaction = !this.inTransaction;
    if (ownTransaction) this.exec('BEGIN READ ONLY');
    const cursor = `tpliq_cursor_${++this.cursors}`;
    try {
      this.request({ kind: 'query', text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql.text}`, values: parameters }, sql.text);
      for (;;) {
        const result = this.request({ kind: 'query', text: `FETCH ${CURSOR_ROWS_PER_FETCH} FROM ${cursor}`, values: [] }, 'FETCH');
        const count = result.rows.length;
        const rows: unknown[] = [];
        for (let row = 0; row < count; row += 1) rows.push(decode(result, row));
        yield* rows;
        if (count < CURSOR_ROWS_PER_FETCH) break;
      }
      this.request({ kind: 'exec', text: `CLOSE ${cursor}` }, 'CLOSE');
    } finally {
      if (ownTransaction && this.inTransaction) this.exec('COMMIT');
    }
  }

  private request(message: PostgresRequest, sql: string): PostgresResult {
    if (!this.open && message.kind !== 'close') throw new Error('the PostgreSQL ledger connection is closed');
    this.port.postMessage(message);
    const answer = this.wait();
    if (!answer.ok) {
      // A server gone (no SQLSTATE: the socket closed; class 08 or 57P: connection lost, server
      // shut down) is the operator's to fix and the run is retried as a whole, not a bug (exit 2).
      if (answer.code === undefined || !/^[0-9A-Z]{5}$/.test(answer.code) || /^(08|57P)/.test(answer.code)) {
        throw Object.assign(new Error(`TPLIQ_LEDGER_UNREACHABLE: the PostgreSQL ledger was lost: ${answer.message}`), { code: 'TPLIQ_LEDGER_UNREACHABLE' });
      }
      throw new PostgresError(`${answer.message} (in: ${sql.replace(/\s+/g, ' ').slice(0, 160)})`, answer.code);
    }
    return answer;
  }

  /**
   * The next answer on the port. The flag only says "look at the port": a wake-up may belong to an
   * answer already read (the thread raises the flag, then notifies, and this side may have read
   * the answer in between and be waiting for the next one), so the port is what decides.
   */
  private wait(): PostgresAnswer {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received !== undefined) return received.message as PostgresAnswer;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.flag, 0, 0, left) === 'timed-out') {
        this.stopThread();
        throw Object.assign(new Error(`TPLIQ_LEDGER_UNREACHABLE: the PostgreSQL ledger did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`), { code: 'TPLIQ_LEDGER_UNREACHABLE' });
      }
      Atomics.store(this.flag, 0, 0);
    }
  }

  /** BEGIN opens a transaction, COMMIT / ROLLBACK / END close it (a failed one stays open until its ROLLBACK). */
  private noteTransaction(text: string): void {
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase();
    if (verb === 'BEGIN' || verb === 'START') this.transactionOpen = true;
    else if (verb === 'COMMIT' || verb === 'ROLLBACK' || verb === 'END') this.transactionOpen = false;
  }

  private stopThread(): void {
    this.open = false;
    this.port.close();
    void this.thread.terminate();
  }
}

type RowShape = 'object' | 'pluck' | 'raw';

class PostgresStatement<Params extends unknown[], Row> implements SqlStatement<Params, Row> {
  private readonly prepared: { name: string | undefined; sql: PostgresSql };
  private shape: RowShape = 'object';
  private bigints = false;

  constructor(private readonly connection: PostgresConnection, sql: PostgresSql) {
    this.prepared = { name: undefined, sql };
  }

  get(...params: Params): Row | undefined {
    const result = this.connection.execute(this.prepared, this.bind(params));
    return result.rows.length === 0 ? undefined : (this.decode(result, 0) as Row);
  }

  all(...params: Params): Row[] {
    const result = this.connection.execute(this.prepared, this.bind(params));
    const rows: Row[] = [];
    for (let row = 0; row < result.rows.length; row += 1) rows.push(this.decode(result, row) as Row);
    return rows;
  }

  run(...params: Params): SqlRunResult {
    return { changes: this.connection.execute(this.prepared, this.bind(params)).changes };
  }

  iterate(...params: Params): IterableIterator<Row> {
    return this.connection.cursorRows(this.prepared.sql, this.bind(params), (result, row) => this.decode(result, row)) as IterableIterator<Row>;
  }

  pluck(): SqlStatement<Params, Row> {
    this.shape = 'pluck';
    return this;
  }

  raw(): SqlStatement<Params, Row> {
    this.shape = 'raw';
    return this;
  }

  safeIntegers(enabled = true): SqlStatement<Params, Row> {
    this.bigints = enabled;
    return this;
  }

  /** The parameters as texts: positional ones flattened one level (an array stands for its values, as in better-sqlite3), named ones in $-order. */
  private bind(params: unknown[]): Array<string | null> {
    const names = this.prepared.sql.names;
    if (names !== null) {
      const named = params[0] as Record<string, unknown> | undefined;
      if (named === undefined || typeof named !== 'object') throw new Error('a statement with @name parameters takes one object');
      return names.map((name) => {
        if (!(name in named)) throw new Error(`missing named parameter @${name}`);
        return textOfParam(named[name]);
      });
    }
    const texts: Array<string | null> = [];
    for (const param of params) {
      if (Array.isArray(param)) for (const value of param) texts.push(textOfParam(value));
      else texts.push(textOfParam(param));
    }
    if (texts.length !== this.prepared.sql.parameterCount) throw new Error(`${texts.length} values for ${this.prepared.sql.parameterCount} parameters`);
    return texts;
  }

  private decode(result: PostgresResult, row: number): unknown {
    const values = result.rows[row]!;
    const valueAt = (column: number): unknown => {
      const text = values[column];
      return text === null || text === undefined ? null : valueOfText(text, result.fields[column]!.typeId, this.bigints);
    };
    if (this.shape === 'pluck') return valueAt(0);
    const width = result.fields.length;
    if (this.shape === 'raw') {
      const values: unknown[] = [];
      for (let column = 0; column < width; column += 1) values.push(valueAt(column));
      return values;
    }
    const record: Record<string, unknown> = {};
    for (let column = 0; column < width; column += 1) record[result.fields[column]!.name] = valueAt(column);
    return record;
  }
}
