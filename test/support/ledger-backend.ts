import { createScratchDatabase, type ScratchDatabase } from '../../scripts/postgres-scratch-database.js';

/**
 * Which ledger the test suite runs on. The ledger's tests run twice (test/vitest.config.ts): on
 * SQLite, and on a real PostgreSQL server when TPLIQ_TEST_LEDGER=postgres, each test on a database
 * of its own, created for it and dropped after. The server is the one TPLIQ_TEST_POSTGRES_URL
 * names (.ci/run starts one from the Debian packages; the README says how to start one by hand).
 */
export type TestLedgerBackend = 'sqlite' | 'postgres';

export const TEST_LEDGER_BACKEND: TestLedgerBackend = process.env.TPLIQ_TEST_LEDGER === 'postgres' ? 'postgres' : 'sqlite';

/** The server's URL for tests, to a database the test user may create databases from. */
export function testPostgresServerUrl(): string {
  const url = process.env.TPLIQ_TEST_POSTGRES_URL;
  if (url === undefined || url === '') {
    throw new Error('the PostgreSQL ledger tests need a server: set TPLIQ_TEST_POSTGRES_URL (README, "Tests"), or run them through .ci/run, which starts one');
  }
  return url;
}

let databases = 0;

/** A new empty database on the test server; `drop` removes it (after its connections are closed). */
export function freshPostgresDatabase(): ScratchDatabase {
  return createScratchDatabase(testPostgresServerUrl(), `tpliq_test_${process.pid}_${Date.now().toString(36)}_${++databases}`);
}
