import { SpilledKeyRuns } from './spilled-key-runs.js';
import type { SqlBulkInsert, SqlConnection, SqlParam } from './sql/sql-connection.js';

/** Keys held in memory, sorted and set aside when full: 8 MiB at most, whatever the size of the run. */
const PAID_KEYS_IN_MEMORY = 1 << 20;
const FIRST_CAPACITY = 4096;

/**
 * A run's paid functional keys on their way to `paid_functional_keys` (schema version 3).
 *
 * The keys are 64-bit hashes: the invoice rows reach the ledger practitioner by practitioner, so
 * each row's key lands on a random page of a key index. Once that index outgrew SQLite's page
 * cache, every insert read and wrote back a page of it. Measured with 6 M invoice rows in one
 * transaction, in the engine's row order and with its other indexes, 64 MiB of page cache:
 * 44.4 s with the key indexed on the invoices table, 15.2 s without that index. With the keys
 * in this table, gathered and written a million at a time in key order, it took 17.9 s; sorting
 * them all at once took 17.8 s. Each sweep goes through the table once, in order, instead of
 * landing on a page at random for every key.
 *
 * One sweep for the whole run, not one a million keys: a sweep rewrites the pages it passes, and
 * the table of a ledger that keeps its days is the size of all of them, so six sweeps of a 6 M-key
 * night passed its pages six times. A full memory of keys is sorted and set aside on disk
 * (SpilledKeyRuns), and the sweep merges those runs with the last one. Measured on the ledger
 * floor of the 10 M-line day (6.2 M invoices, 5.95 M paid, fresh ledger), three alternated pairs:
 * 25.5–27.3 s with a sweep a million keys, 23.4–24.6 s in one sweep; with 12 M keys of an earlier
 * run in the table, ≈ 29 s against ≈ 25.6 s (docs/performance.md, change 52).
 */
export class PaidFunctionalKeyWriter {
  private keys: BigInt64Array;
  private count = 0;
  private readonly spilled = new SpilledKeyRuns();
  private readonly rows: SqlBulkInsert;
  private readonly values: SqlParam[] = [];

  constructor(db: SqlConnection, runRowId: number, private readonly keysInMemory = PAID_KEYS_IN_MEMORY) {
    if (!Number.isInteger(keysInMemory) || keysInMemory < 1) throw new RangeError(`PaidFunctionalKeyWriter: keysInMemory must be a positive integer, got ${keysInMemory}`);
    this.keys = new BigInt64Array(Math.min(FIRST_CAPACITY, keysInMemory));
    this.rows = db.bulkInsert('paid_functional_keys', ['functional_key'], { run: runRowId });
  }

  /** A key of one of the run's PAID invoices (at most once a run: the commit step sees to it). */
  add(key: bigint): void {
    if (this.count === this.keys.length) {
      if (this.keys.length >= this.keysInMemory) this.spillRun();
      else this.grow();
    }
    this.keys[this.count++] = key;
  }

  /** Writes the keys gathered so far, in key order (signed, as SQLite orders INTEGERs), in one sweep. */
  flush(): void {
    const sorted = this.keys.subarray(0, this.count).sort();
    const values = this.values;
    const perBatch = this.rows.rowsPerBatch;
    const write = (key: bigint): void => {
      values.push(key);
      if (values.length === perBatch) {
        this.rows.insertRows(values, perBatch);
        values.length = 0;
      }
    };
    if (this.spilled.runCount === 0) for (const key of sorted) write(key);
    else this.spilled.drainInOrder(sorted, write);
    this.rows.insertRows(values, values.length);
    values.length = 0;
    this.count = 0;
  }

  /** Drops the keys not yet written and their file (the run is rolled back). */
  discard(): void {
    this.spilled.close();
    this.count = 0;
  }

  private spillRun(): void {
    this.spilled.append(this.keys.subarray(0, this.count).sort());
    this.count = 0;
  }

  private grow(): void {
    const keys = new BigInt64Array(Math.min(this.keysInMemory, 2 * this.keys.length));
    keys.set(this.keys);
    this.keys = keys;
  }
}
