import type { MessagePort } from 'node:worker_threads';

/** What the PostgreSQL thread is started with (postgres-thread.ts). */
export interface PostgresThreadData {
  url: string;
  port: MessagePort;
  /** One Int32: the thread raises it to 1 when an answer is on the port. */
  signal: SharedArrayBuffer;
}

/** One request to the PostgreSQL thread. `name` prepares the statement once on the server. */
export type PostgresRequest =
  | { kind: 'query'; text: string; values: Array<string | null>; name?: string }
  | { kind: 'exec'; text: string }
  | { kind: 'copy'; text: string; data: Uint8Array }
  | { kind: 'close' };

export interface PostgresField {
  name: string;
  typeId: number;
}

/** Its answer: the rows as the server's texts, or the server's error with its SQLSTATE. */
export type PostgresAnswer =
  | { ok: true; fields: PostgresField[]; rows: Array<Array<string | null>>; changes: number }
  | { ok: false; message: string; code: string | undefined };
