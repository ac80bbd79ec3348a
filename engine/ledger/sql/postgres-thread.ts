/**
 * The thread that holds a PostgreSQL ledger's connection (postgres-connection.ts). It runs the
 * `pg` client, which is asynchronous, on an event loop of its own, and answers one request at a
 * time: the thread that asked waits on a shared flag (Atomics.wait) and reads the answer from its
 * port as soon as the flag is raised. So the ledger stays synchronous for its callers, from the
 * main thread as from the run's ledger thread, with no native module.
 *
 * Every value comes back as the server's text (or null), with the field's type id: the caller
 * decodes them (postgres-values.ts), so that both sides agree on what an integer is.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresAnswer, PostgresRequest, PostgresThreadData } from './postgres-thread-protocol.js';

const { url, port, signal } = workerData as PostgresThreadData;
const flag = new Int32Array(signal);
const asText = (value: string): string => value;
const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => asText } });

function answer(message: PostgresAnswer, messagePort: MessagePort): void {
  messagePort.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function failureOf(error: unknown): PostgresAnswer {
  const e = error as { message?: string; code?: string; detail?: string };
  return { ok: false, message: [e.message ?? String(error), e.detail].filter(Boolean).join(' — '), code: e.code };
}

async function handle(request: PostgresRequest): Promise<PostgresAnswer> {
  switch (request.kind) {
    case 'query': {
      const result = await client.query({ text: request.text, values: request.values, rowMode: 'array', ...(request.name === undefined ? {} : { name: request.name }) });
      return { ok: true, fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows as Array<Array<string | null>>, changes: result.rowCount ?? 0 };
    }
    case 'exec': {
      await client.query(request.text);
      return { ok: true, fields: [], rows: [], changes: 0 };
    }
    case 'copy': {
      const stream = client.query(copyFrom(request.text));
      await pipeline(async function* () {
        yield Buffer.from(request.data);
      }, stream as unknown as Writable);
      return { ok: true, fields: [], rows: [], changes: Number((stream as unknown as { rowCount?: number }).rowCount ?? 0) };
    }
    case 'close': {
      await client.end();
      return { ok: true, fields: [], rows: [], changes: 0 };
    }
  }
}

// Requests come one at a time: the asking thread is blocked until it has its answer.
port.on('message', (request: PostgresRequest) => {
  handle(request).then(
    (message) => {
      answer(message, port);
      if (request.kind === 'close') port.close();
    },
    (error: unknown) => answer(failureOf(error), port),
  );
});
// A connection lost under a run is an error of the next request, not of this thread.
client.on('error', () => undefined);
client.connect().then(
  () => answer({ ok: true, fields: [], rows: [], changes: 0 }, port),
  (error: unknown) => answer(failureOf(error), port),
);
