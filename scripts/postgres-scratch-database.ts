import { PostgresConnection } from '../engine/ledger/sql/postgres-connection.js';

/** A database made for one test or one benchmark round, and the way to remove it after. */
export interface ScratchDatabase {
  url: string;
  /** Drops the database, closing whatever connections are still open on it. */
  drop: () => void;
}

/**
 * Creates the empty database `name` on the server `serverUrl` points to (a database whose user may
 * create databases). The tests and bench:ledger-postgres each decide on a ledger of their own this way.
 */
export function createScratchDatabase(serverUrl: string, name: string): ScratchDatabase {
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
