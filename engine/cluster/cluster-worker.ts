import { createHash } from 'node:crypto';
import { connect, headers as natsHeaders, type JetStreamClient, type JsMsg, type NatsConnection } from 'nats';
import { compileLayout } from '../../codecs/fixed-width/load-layout.js';
import { encodeLiquidationResult } from '../../codecs/proto/liquidation-codec.js';
import { BatchLiquidator } from '../pipeline/liquidate-batch.js';
import { loadSnapshot } from '../referential/load-snapshot.js';
import { clusterNames, ensureClusterStreams, type ClusterNames } from './cluster-names.js';
import { ClusterUnavailable, RESULT_ERROR_HEADER } from './cluster-executor.js';
import { readRunSetup, readSnapshot, type ClusterRunSetup } from './cluster-run-setup.js';
import { decodeTaskMessage } from './task-message.js';

/** What `tpliq worker --cluster` is told. */
export interface ClusterWorkerOptions {
  url: string;
  namespace: string;
  ackWaitMs: number;
  /** Told of each batch done (the CLI's log line), with its attempt and how long it took. */
  onBatch?: (attempt: string, batch: number, ms: number) => void;
  /** Told once the worker listens (the CLI's log line; tests wait for it). */
  onReady?: () => void;
}

/** Test hook: the worker dies (SIGKILL) on receiving its Nth batch, before answering it. */
const DIE_AT_BATCH = Number(process.env.TPLIQ_TEST_WORKER_DIE_AT_BATCH ?? '0');

/**
 * One worker process of a clustered run: takes batches from the task stream, one at a time,
 * liquidates each with the attempt's referential and layouts (read from the server, kept while
 * batches of the same setup come), publishes the result, then acknowledges the batch. Killed
 * between the two, its batch goes to another worker after the ack wait, and the result, published
 * again under the same message id, is stored once. Runs until SIGTERM or SIGINT, which let the
 * batch in hand finish first.
 */
export async function runClusterWorker(options: ClusterWorkerOptions): Promise<void> {
  const names = clusterNames(options.namespace);
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: options.url, name: `tpliq-worker-${process.pid}`, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new ClusterUnavailable('TPLIQ_CLUSTER_UNREACHABLE', `cannot reach the NATS server ${options.url}: ${(error as Error).message}`);
  }
  try {
    await ensureClusterStreams(await connection.jetstreamManager(), names, options.ackWaitMs);
    const js = connection.jetstream();
    const consumer = await js.consumers.get(names.taskStream, names.workerConsumer);
    const batches = await consumer.consume({ max_messages: 1 });
    const stop = (): void => batches.stop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    const liquidators = new LiquidatorCache(js, names);
    let received = 0;
    options.onReady?.();
    for await (const message of batches) {
      received += 1;
      if (received === DIE_AT_BATCH) process.kill(process.pid, 'SIGKILL');
      await liquidateOne(js, names, liquidators, message, options);
    }
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  } finally {
    await connection.drain();
  }
}

async function liquidateOne(js: JetStreamClient, names: ClusterNames, liquidators: LiquidatorCache, message: JsMsg, options: ClusterWorkerOptions): Promise<void> {
  const started = performance.now();
  const attempt = message.subject.split('.')[2] ?? '';
  const liquidator = await liquidators.of(attempt);
  if (liquidator === undefined) {
    // The attempt's coordinator is gone (its setup withdrawn or expired): nobody waits for this batch.
    message.term();
    return;
  }
  const task = decodeTaskMessage(message.data);
  const h = natsHeaders();
  let result: Uint8Array;
  try {
    result = encodeLiquidationResult(liquidator.liquidate(task));
  } catch (error) {
    // A bug, as in a local worker: the coordinator's run stops on it, with the message.
    h.set(RESULT_ERROR_HEADER, ((error as Error).message || String(error)).replace(/[\r\n]+/g, ' ').slice(0, 500));
    result = new Uint8Array(0);
  }
  await js.publish(names.resultSubject(attempt, task.batch), result, { msgID: `${attempt}-result-${task.batch}`, headers: h });
  message.ack();
  options.onBatch?.(attempt, task.batch, Math.round(performance.now() - started));
}

/** How long a worker trusts an attempt's setup before asking whether its lease still runs. */
const SETUP_CHECK_MS = 15 * 1000;

/** The liquidator of the setup last seen: a night's batches all share one. */
class LiquidatorCache {
  private key = '';
  private liquidator: BatchLiquidator | undefined;
  private readonly setups = new Map<string, { setup: ClusterRunSetup; checkedAt: number }>();

  constructor(private readonly js: JetStreamClient, private readonly names: ClusterNames) {}

  /** The attempt's liquidator, or undefined when its coordinator no longer holds the lease. */
  async of(attempt: string): Promise<BatchLiquidator | undefined> {
    let known = this.setups.get(attempt);
    if (known === undefined || Date.now() - known.checkedAt > SETUP_CHECK_MS) {
      const setup = await readRunSetup(this.js, this.names, attempt);
      if (setup === undefined) {
        this.setups.delete(attempt);
        return undefined;
      }
      if (this.setups.size > 16) this.setups.clear();
      known = { setup, checkedAt: Date.now() };
      this.setups.set(attempt, known);
    }
    const key = createHash('sha256').update(JSON.stringify(known.setup)).digest('hex');
    if (key !== this.key || this.liquidator === undefined) {
      const referential = loadSnapshot(await readSnapshot(this.js, this.names, known.setup.snapshotSha256), { verify: false });
      const layouts = new Map(Object.entries(known.setup.layouts).map(([name, spec]) => [name, compileLayout(spec, `cluster layout ${name}`)] as const));
      this.liquidator = new BatchLiquidator(referential, layouts, known.setup.auditArithmetic);
      this.key = key;
    }
    return this.liquidator;
  }
}
