import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The ledger's tests run on both ledgers: SQLite, and a real PostgreSQL server (each test on a
 * database of its own, test/support/ledger-backend.ts). The PostgreSQL project runs when a server
 * is named by TPLIQ_TEST_POSTGRES_URL, and always on CI, where a missing server fails the run
 * instead of skipping it (.ci/run starts one).
 */
const POSTGRES_LEDGER_TESTS = [
  'test/ledger.lookups.test.ts',
  'test/ledger.record-run.test.ts',
  'test/ledger.run-writer.test.ts',
  'test/ledger.purge.test.ts',
  'test/ledger.run-days.test.ts',
  'test/ledger.functional-keys.test.ts',
  'test/ledger.paid-functional-keys.test.ts',
  'test/ledger.invoice-id-range.test.ts',
  'test/ledger.postgres.test.ts',
  'test/run.ledger-batch-lookups.test.ts',
  'test/run.output-release.test.ts',
  'test/run.postgres-ledger.end-to-end.test.ts',
  // Through the CLI: each data folder's ledger is a database of its own (support/cli-process.ts).
  'test/history.queries.test.ts',
  'test/history.replay.test.ts',
  'test/ledger.retention.test.ts',
  'test/run.monthly-notices.end-to-end.test.ts',
  'test/run.regularisations.end-to-end.test.ts',
  'test/ledger.paper-notice-lines.test.ts',
  'test/history.monthly-notices.test.ts',
];
const withPostgres = (process.env.TPLIQ_TEST_POSTGRES_URL ?? '') !== '' || process.env.CI !== undefined;

// Lives in test/ so the project root keeps the design card's layout; root points back up.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    setupFiles: ['test/support/yield-between-tests.ts'],
    // A timeout here only catches a hang: the CLI and the browser run as child processes the test
    // awaits, and on a loaded two-core machine one test's runs can take minutes. Children that
    // could hang by design (a FIFO) are killed by their own, shorter timers.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // On CI a JSON report is also written, from which .ci/run prints the plain "N passed, N failed".
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/test-results.json' }]] : ['default'],
    projects: [
      {
        extends: true as const,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { TPLIQ_TEST_LEDGER: 'sqlite', TPLIQ_LEDGER_URL: '' } },
      },
      ...(withPostgres
        ? [{ extends: true as const, test: { name: 'postgres', include: POSTGRES_LEDGER_TESTS, env: { TPLIQ_TEST_LEDGER: 'postgres', TPLIQ_LEDGER_URL: '' } } }]
        : []),
    ],
  },
});
