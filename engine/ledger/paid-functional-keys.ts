import type { SqlBulkInsert, SqlConnection, SqlParam } from './sql/sql-connection.js';

/** Keys sorted and written together: 8 MiB of keys at most, whatever the size of the run. */
const PAID_KEYS_PER_SWEEP = 1 << 20;
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
 */
export class PaidFunctionalKeyWriter {
  private keys = new BigInt64Array(FIRST_CAPACITY);
  private count = 0;
  private readonly rows: SqlBulkInsert;
  private readonly values: SqlParam[] = [];

  constructor(db: SqlConnection, runRowId: number, private readonly perSweep = PAID_KEYS_PER_SWEEP) {
    if (!Number.isInteger(perSweep) || perSweep < 1) throw new RangeError(`PaidFunctionalKeyWriter: perSweep must be a positive integer, got ${perSweep}`);
    this.rows = db.bulkInsert('paid_functional_keys', ['functional_key'], { run: runRowId });
  }

  /** A key of one of the run's PAID invoices (at most once a run: the commit step sees to it). */
  add(key: bigint): void {
    if (this.count === this.keys.length) {
      if (this.keys.length >= this.perSweep) this.flush();
      else this.grow();
    }
    this.keys[this.count++] = key;
  }

  /** Writes the keys gathered so far, in key order (signed, as SQLite orders INTEGERs). */
  flush(): void {
    const sorted = this.keys.subarray(0, this.count).sort();
    const values = this.values;
    const perBatch = this.rows.rowsPerBatch;
    for (const key of sorted) {
      values.push(key);
      if (values.length === perBatch) {
        this.rows.insertRows(values, perBatch);
        values.length = 0;
      }
    }
    this.rows.insertRows(values, values.length);
    values.length = 0;
    this.count = 0;
  }

  private grow(): void {
    const keys = new BigInt64Array(Math.min(this.perSweep, 2 * this.keys.length));
    keys.set(this.keys);
    this.keys = keys;
  }
}
