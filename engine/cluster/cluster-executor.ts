import { randomBytes } from 'node:crypto';
import { connect, headers as natsHeaders, type ConsumerMessages, type JetStreamClient, type NatsConnection } from 'nats';
import type { TaskExecutor } from '../pipeline/task-executor.js';
import type { LiquidationTask } from '../pipeline/task.js';
import { TaskStallWatch } from '../pipeline/task-stall-watch.js';
import { clusterNames, ensureClusterStreams, SETUP_RENEW_MS, TASK_PARTITIONS, type ClusterNames } from './cluster-names.js';
import { publishRunSetup, snapshotFileWithDigest, withdrawRunSetup, type ClusterRunSetup } from './cluster-run-setup.js';
import { encodeTaskMessage, partitionOf } from './task-message.js';

/** What `tpliq run --cluster` is told. */
export interface ClusterOptions {
  url: string;
  namespace: string;
  /** How long a worker may hold a batch before it is given to another (set where the consumer is created). */
  ackWaitMs: number;
  /** No result for this long while batches are out: no worker is there, the run stops (nothing is committed). */
  stallMs: number;
}

/** The header a worker sets on the result of a batch it could not liquidate (a bug, as in a local worker). */
export const RESULT_ERROR_HEADER = 'Tpliq-Error';

/** A cluster that cannot serve the run: no server, or no worker taking batches. Exit 2, nothing committed. */
export class ClusterUnavailable extends Error {
  constructor(readonly code: 'TPLIQ_CLUSTER_UNREACHABLE' | 'TPLIQ_CLUSTER_STALLED', message: string) {
    super(`${code}: ${message}`);
    this.name = 'ClusterUnavailable';
  }
}

interface Waiting {
  resolve: (result: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * The coordinator's side of a clustered run: each batch the intake builds is published to the
 * task stream, and its result comes back through the result stream. The intake commits results
 * in batch order, as it does the local workers', so the outputs do not depend on which worker
 * took which batch, or how many there are. A batch delivered twice (its worker died before
 * acknowledging it) gives the same result twice: the first is taken, the second ignored.
 *
 * Each invocation is an attempt with an id of its own: a coordinator killed mid-run leaves its
 * batches behind, which the workers drop once its setup's lease has run out (cluster-names.ts),
 * and its re-run, a new attempt, never reads them.
 */
export class ClusterExecutor implements TaskExecutor {
  private readonly waiting = new Map<number, Waiting>();
  private failure: Error | undefined;
  /** No result for `stallMs` while batches are out: no worker is taking them (task-stall-watch.ts). */
  private readonly stallWatch: TaskStallWatch;
  private readonly lease: NodeJS.Timeout;

  private constructor(
    private readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly names: ClusterNames,
    private readonly attempt: string,
    private readonly results: ConsumerMessages,
    private readonly options: ClusterOptions,
    renewSetup: () => Promise<void>,
  ) {
    this.stallWatch = new TaskStallWatch(options.stallMs, (batchesOut) => new ClusterUnavailable(
      'TPLIQ_CLUSTER_STALLED',
      `no batch result for ${Math.round(options.stallMs / 1000)} s with ${batchesOut} batches out: is a worker running (tpliq worker --cluster ${options.url}${options.namespace === 'tpliq' ? '' : ` --cluster-namespace ${options.namespace}`})?`,
    ));
    void this.readResults();
    // A renewal that fails (the server away a moment) is retried at the next tick; the lease outlasts several.
    this.lease = setInterval(() => void renewSetup().catch(() => undefined), SETUP_RENEW_MS);
    this.lease.unref();
  }

  /**
   * `snapshotBytes` are sent once; the lease's renewals read `snapshotPath` again in the rare case
   * the object has gone from the store, so the coordinator does not keep the snapshot (≈ 190 MiB
   * for 2 M beneficiaries) resident through a run that never reads it.
   */
  static async open(options: ClusterOptions, setup: ClusterRunSetup, snapshotBytes: Uint8Array, snapshotPath: string): Promise<ClusterExecutor> {
    const names = clusterNames(options.namespace);
    let connection: NatsConnection;
    try {
      connection = await connect({ servers: options.url, name: 'tpliq-coordinator', maxReconnectAttempts: 10 });
    } catch (error) {
      throw new ClusterUnavailable('TPLIQ_CLUSTER_UNREACHABLE', `cannot reach the NATS server ${options.url}: ${(error as Error).message}`);
    }
    try {
      await ensureClusterStreams(await connection.jetstreamManager(), names, options.ackWaitMs);
      const js = connection.jetstream();
      const attempt = randomBytes(8).toString('hex');
      await publishRunSetup(js, names, attempt, setup, snapshotBytes);
      // Listening before the first batch goes out: no result can come before it is read. One
      // subject, not a list: servers before 2.10 (Debian 12 ships 2.9) take a single filter only.
      const consumer = await js.consumers.get(names.resultStream, { filterSubjects: names.resultSubjects(attempt) });
      const results = await consumer.consume();
      return new ClusterExecutor(connection, js, names, attempt, results, options, () => publishRunSetup(js, names, attempt, setup, snapshotFileWithDigest(snapshotPath, setup.snapshotSha256)));
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async runBatch(task: LiquidationTask): Promise<Uint8Array> {
    const failure = this.failure ?? this.stallWatch.failure;
    if (failure !== undefined) throw failure;
    const result = this.stallWatch.watch(new Promise<Uint8Array>((resolve, reject) => this.waiting.set(task.batch, { resolve, reject })));
    const practitioner = task.lots[0]?.practitionerId ?? '';
    const h = natsHeaders();
    h.set('Tpliq-Batch', String(task.batch));
    try {
      await this.js.publish(this.names.taskSubject(this.attempt, partitionOf(practitioner, TASK_PARTITIONS)), encodeTaskMessage(task), {
        msgID: `${this.attempt}-task-${task.batch}`, headers: h,
      });
    } catch (error) {
      this.fail(new ClusterUnavailable('TPLIQ_CLUSTER_UNREACHABLE', `the NATS server did not take batch ${task.batch}: ${(error as Error).message}`));
    }
    return result;
  }

  async destroy(): Promise<void> {
    if (this.connection.isClosed()) return;
    this.stallWatch.stop();
    clearInterval(this.lease);
    this.results.stop();
    this.fail(new Error('the clustered run ended'));
    try {
      const jsm = await this.connection.jetstreamManager();
      // Batches left (a run that stopped early) are taken back, so that no worker spends time on
      // them, and the attempt's results and setup go with them.
      await jsm.streams.purge(this.names.taskStream, { filter: this.names.taskSubjects(this.attempt) });
      await jsm.streams.purge(this.names.resultStream, { filter: this.names.resultSubjects(this.attempt) });
      await withdrawRunSetup(this.js, this.names, this.attempt);
    } catch {
      // A server already gone: what is left expires with the streams' age limit, and the workers
      // drop a batch whose attempt has no setup. The run's own error is the one to report.
    } finally {
      await this.connection.close();
    }
  }

  private async readResults(): Promise<void> {
    for await (const message of this.results) {
      const batch = Number(message.subject.slice(message.subject.lastIndexOf('.') + 1));
      const waiting = this.waiting.get(batch);
      if (waiting === undefined) continue;
      this.waiting.delete(batch);
      const error = message.headers?.get(RESULT_ERROR_HEADER);
      if (error !== undefined && error !== '') waiting.reject(new Error(`a cluster worker failed on batch ${batch}: ${error}`));
      // The message's bytes belong to the client's read buffer: the result keeps a copy.
      else waiting.resolve(new Uint8Array(message.data));
    }
    // The results end before the run does only when the connection to the server is lost for good.
    if (this.waiting.size > 0) this.fail(new ClusterUnavailable('TPLIQ_CLUSTER_UNREACHABLE', `lost the NATS server ${this.options.url} with ${this.waiting.size} batches out`));
  }

  /** Every batch still out fails with `failure`, and every later one at once. */
  private fail(failure: Error): void {
    this.failure ??= failure;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }
}
