import type { SqlConnection } from './sql/sql-connection.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';

/**
 * The ledger schema, as numbered migrations applied in order, each in its own transaction, and
 * recorded in schema_migrations. A migration once shipped is never edited: a change is a new one.
 *
 * Money is INTEGER cents, days are INTEGER yyyymmdd, as in the engine. Tables are STRICT so a
 * float or a text can never slip into an amount column.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, files, lots, invoices, transfers, pecs_consumed',
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        accounting_date INTEGER NOT NULL,
        parameters_json TEXT NOT NULL,
        snapshot_id TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        invoice_count INTEGER NOT NULL DEFAULT 0,
        claimed_cents INTEGER NOT NULL DEFAULT 0,
        paid_count INTEGER NOT NULL DEFAULT 0,
        paid_cents INTEGER NOT NULL DEFAULT 0,
        rejected_count INTEGER NOT NULL DEFAULT 0,
        rejected_claimed_cents INTEGER NOT NULL DEFAULT 0,
        transfer_count INTEGER NOT NULL DEFAULT 0,
        transfer_cents INTEGER NOT NULL DEFAULT 0,
        -- Set by purge once the run's detail is gone: the row stays as the run's summary.
        purged_before INTEGER
      ) STRICT;
      CREATE INDEX runs_by_accounting_date ON runs (accounting_date);

      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        received_date INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX files_by_run ON files (run);
      -- Not unique: a file delivered again is received again (its invoices come back as
      -- duplicates, protocol §5-1), and its decisions need the file row.
      CREATE INDEX files_by_sha256 ON files (sha256);

      CREATE TABLE lots (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        file INTEGER NOT NULL REFERENCES files (id),
        lot_number TEXT NOT NULL,
        arl_positive INTEGER NOT NULL CHECK (arl_positive IN (0, 1)),
        UNIQUE (file, lot_number)
      ) STRICT;
      CREATE INDEX lots_by_run ON lots (run);

      CREATE TABLE invoices (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        file INTEGER NOT NULL REFERENCES files (id),
        lot_number TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        practitioner_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        functional_key_hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('PAID', 'REJECTED')),
        paid_cents INTEGER NOT NULL,
        claimed_cents INTEGER NOT NULL,
        motive_codes TEXT NOT NULL,
        accounting_date INTEGER NOT NULL,
        care_date INTEGER NOT NULL
      ) STRICT;
      -- The last line of defence against paying an invoice twice: whatever the commit step missed,
      -- a second PAID row for the same practitioner and invoice number fails the run's transaction.
      CREATE UNIQUE INDEX invoices_paid_by_number ON invoices (practitioner_id, invoice_number)
        WHERE status = 'PAID';
      CREATE INDEX invoices_paid_by_functional_key ON invoices (functional_key_hash)
        WHERE status = 'PAID' AND functional_key_hash IS NOT NULL;
      CREATE INDEX invoices_by_run ON invoices (run);

      CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        practitioner_id TEXT NOT NULL,
        accounting_date INTEGER NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        end_to_end_id TEXT NOT NULL,
        -- P7: one global transfer per practitioner per accounting day, across runs too.
        UNIQUE (practitioner_id, accounting_date)
      ) STRICT;
      CREATE INDEX transfers_by_run ON transfers (run);

      -- A PEC is single-use for ever: this table is not purged with the control data.
      CREATE TABLE pecs_consumed (
        pec_number TEXT PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        consumed_cents INTEGER NOT NULL,
        practitioner_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'functional keys as INTEGER',
    // functional-key-column.ts says why. Existing rows keep their TEXT key (and its index, which
    // new rows no longer enter: their functional_key_hash is NULL) until retention purges them.
    sql: `
      ALTER TABLE invoices ADD COLUMN functional_key INTEGER;
      CREATE INDEX invoices_paid_by_functional_key_int ON invoices (functional_key)
        WHERE status = 'PAID' AND functional_key IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'paid functional keys in a table of their own',
    // paid-functional-keys.ts says why. The rows keep their functional_key (the run paid it);
    // only the index moves, copied in key order by reading the one it replaces (no sort: 13 s
    // for a ledger of 6 M invoices here). OR IGNORE rather than DISTINCT, which needs a
    // temporary B-tree of every key: a run never pays a key twice, so nothing should be ignored.
    sql: `
      CREATE TABLE paid_functional_keys (
        functional_key INTEGER NOT NULL,
        run INTEGER NOT NULL REFERENCES runs (id),
        PRIMARY KEY (functional_key, run)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO paid_functional_keys (functional_key, run)
        SELECT functional_key, run FROM invoices
        WHERE status = 'PAID' AND functional_key IS NOT NULL
        ORDER BY functional_key;
      DROP INDEX invoices_paid_by_functional_key_int;
    `,
  },
  {
    version: 4,
    name: 'outputs of each run, released once in their folder',
    // A run's outputs reach their folder after its ledger commit (a rename): a crash between the
    // two must leave the next invocation enough to finish the job and prove what it releases
    // (output-release.ts). Runs recorded before this version were released in their time.
    sql: `
      ALTER TABLE runs ADD COLUMN out_dir TEXT;
      ALTER TABLE runs ADD COLUMN released INTEGER NOT NULL DEFAULT 1 CHECK (released IN (0, 1));
      CREATE INDEX runs_not_released ON runs (id) WHERE released = 0;
      CREATE TABLE run_outputs (
        run INTEGER NOT NULL REFERENCES runs (id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        PRIMARY KEY (run, path)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'run archive: inputs by content, every parameter, motive labels',
    // history/ says why. A run recorded before this version has no archive row: it stays in the
    // ledger as it was, and replay says it cannot replay it (TPLIQ_REPLAY_NOT_ARCHIVED).
    // ledger_identity names this ledger; its archive folder carries the same id, so that an archive
    // copied from another ledger is recognised instead of replayed against the wrong history.
    sql: `
      ALTER TABLE invoices ADD COLUMN motives_json TEXT;
      -- tpliq explain: every decision on one invoice. Paid rows have their index (the duplicate
      -- check's); this one covers the rejected rows, a few per cent of a night's inserts.
      CREATE INDEX invoices_rejected_by_number ON invoices (practitioner_id, invoice_number) WHERE status = 'REJECTED';
      CREATE TABLE ledger_identity (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        ledger_id TEXT NOT NULL
      ) STRICT;
      INSERT INTO ledger_identity (only_row, ledger_id) VALUES (1, lower(hex(randomblob(16))));
      CREATE TABLE run_archives (
        run INTEGER PRIMARY KEY REFERENCES runs (id),
        parameters_json TEXT NOT NULL,
        inputs_json TEXT NOT NULL
      ) STRICT;
      CREATE TABLE run_input_blobs (
        run INTEGER NOT NULL REFERENCES runs (id),
        role TEXT NOT NULL CHECK (role IN ('inbox', 'snapshot', 'layout')),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        PRIMARY KEY (run, role, name)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_input_blobs_by_sha256 ON run_input_blobs (sha256);
    `,
  },
  {
    version: 6,
    name: 'regularisations, debts (indus) and their set-off; counters',
    // engine/ledger/regularisation-ledger.ts reads them; every row carries its run, so that the
    // point-in-time view of a replay sees the debts as they stood before the replayed run.
    // None of these tables is purged: a debt is owed until recovered, however old, and a
    // regularisation keys the care it changed for as long as its original invoice is kept.
    sql: `
      CREATE TABLE regularisations (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        practitioner_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        nature TEXT NOT NULL CHECK (nature IN ('RECTIFICATIVE', 'ANNULATION')),
        rectified_invoice TEXT NOT NULL,
        original_invoice TEXT NOT NULL,
        previous_cents INTEGER NOT NULL,
        new_cents INTEGER NOT NULL CHECK (new_cents >= 0),
        delta_cents INTEGER NOT NULL CHECK (delta_cents = new_cents - previous_cents),
        accounting_date INTEGER NOT NULL,
        UNIQUE (practitioner_id, invoice_number)
      ) STRICT;
      CREATE INDEX regularisations_by_original ON regularisations (practitioner_id, original_invoice);
      CREATE TABLE debts (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        practitioner_id TEXT NOT NULL,
        amc_number TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        original_invoice TEXT NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        accounting_date INTEGER NOT NULL,
        UNIQUE (practitioner_id, invoice_number)
      ) STRICT;
      CREATE TABLE debt_offsets (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        debt INTEGER NOT NULL REFERENCES debts (id),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        accounting_date INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX debt_offsets_by_debt ON debt_offsets (debt);
      -- What each paid invoice took from a counter (engine/domain/counter-claim.ts), by date of care;
      -- a regularisation adds the difference (negative rows give back what it takes back).
      CREATE TABLE counter_consumption (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (id),
        counter_key TEXT NOT NULL,
        care_date INTEGER NOT NULL,
        amount_cents INTEGER NOT NULL,
        acts INTEGER NOT NULL,
        practitioner_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        original_invoice TEXT NOT NULL
      ) STRICT;
      CREATE INDEX counter_consumption_by_key ON counter_consumption (counter_key, care_date);
      CREATE INDEX counter_consumption_by_care ON counter_consumption (practitioner_id, original_invoice);
    `,
  },
  {
    version: 7,
    name: 'paper invoices marked, for the monthly notice',
    // The monthly notice of a practitioner without an e-mail address (protocol §8-3, P10) lists the
    // paper invoices of every run of the month (engine/ledger/paper-notice-lines.ts). A paper
    // invoice is one read from the inbox's paper/ folder (engine/run/inbox.ts): the only file names
    // with a '/'. Rows written before this version are marked from their file's name: one pass
    // over the invoices, once. The partial index holds the paper rows alone, a few per cent.
    sql: `
      ALTER TABLE invoices ADD COLUMN paper INTEGER NOT NULL DEFAULT 0 CHECK (paper IN (0, 1));
      UPDATE invoices SET paper = 1 WHERE file IN (SELECT id FROM files WHERE name LIKE 'paper/%');
      CREATE INDEX invoices_paper_by_practitioner ON invoices (practitioner_id, accounting_date) WHERE paper = 1;
    `,
  },
  {
    version: 8,
    name: "a run's invoices found by their id range",
    // invoice-id-range.ts says why. The index by run cost ≈ 10 % of recording a night's invoices
    // (one more B-tree entry a row) for queries that read one run's rows at a time: a run's rows
    // have consecutive ids, so the run's row keeps their first and last id instead. The ranges of
    // the runs already recorded are read from the index before it goes.
    sql: `
      ALTER TABLE runs ADD COLUMN first_invoice INTEGER;
      ALTER TABLE runs ADD COLUMN last_invoice INTEGER;
      UPDATE runs SET
        first_invoice = (SELECT min(id) FROM invoices WHERE invoices.run = runs.id),
        last_invoice = (SELECT max(id) FROM invoices WHERE invoices.run = runs.id);
      DROP INDEX invoices_by_run;
    `,
  },
];

/** The migrations of the connection's database: the same versions and names on both (postgres-migrations.ts). */
export function migrationsFor(db: SqlConnection): readonly Migration[] {
  return db.dialect === 'postgres' ? POSTGRES_MIGRATIONS : MIGRATIONS;
}

/**
 * PostgreSQL: the advisory lock every migration takes first, in its own transaction, so that two
 * processes opening a new ledger take turns (SQLite's BEGIN IMMEDIATE does the same there). Any
 * constant would do: it only has to be the same for every tpliq process.
 */
const MIGRATION_LOCK = 0x7470_6c69;

/**
 * Brings the database to the latest schema. Returns the versions applied (empty when up to date).
 * A database already at a version this engine does not know was written by a newer engine:
 * refusing it is safer than writing to a schema we cannot read.
 */
export function migrate(db: SqlConnection, migrations: readonly Migration[] = migrationsFor(db)): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration #${index} has version ${migration.version}, expected ${index + 1}`);
  });
  const postgres = db.dialect === 'postgres';
  const takeTurn = (): void => {
    if (postgres) db.prepare(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`).get();
  };
  if (postgres) {
    // Two sessions creating the same table at once would collide in PostgreSQL's catalogue.
    db.transaction(() => {
      takeTurn();
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)');
    })();
  } else {
    // Outside any transaction: on a ledger that has the table this writes nothing and takes no
    // write lock, so a reader (tpliq runs) opens it while a run holds its write transaction.
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
  }
  const versionNow = db.prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck();
  const current = versionNow.get()!;
  if (current > migrations.length) {
    // The operator's to sort out (an older engine on a newer ledger), not a bug: a coded error, exit 2.
    throw Object.assign(new Error(`TPLIQ_LEDGER_SCHEMA_NEWER: ledger schema is at version ${current}, this engine knows up to ${migrations.length}: use a newer engine`), { code: 'TPLIQ_LEDGER_SCHEMA_NEWER' });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    // A write transaction taken at once, and the version read again inside: two processes opening
    // a new ledger at once (a run and a report) take turns, and the second finds the migration
    // done instead of failing on "table runs already exists".
    db.transaction(() => {
      takeTurn();
      if (versionNow.get()! >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name);
      applied.push(migration.version);
    })();
  }
  return applied;
}
