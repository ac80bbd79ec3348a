import { PostgresConnection } from '../../engine/ledger/sql/postgres-connection.js';

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
export function freshPostgresDatabase(): { url: string; drop: () => void } {
  const serverUrl = testPostgresServerUrl();
  const name = `tpliq_test_${process.pid}_${Date.now().toString(36)}_${++databases}`;
  const admin = new PostgresConnection(serverUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => {
      const again = new PostgresConnection(serverUrl);
      try {
        again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        again.close();
      }
    },
  };
}
