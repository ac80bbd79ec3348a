import type { JetStreamManager } from 'nats';
import { AckPolicy, DiscardPolicy, nanos, RetentionPolicy, StorageType } from 'nats';

/**
 * Where a clustered run's messages live on the NATS server. Every name starts with a namespace
 * (`--cluster-namespace`, `tpliq` by default), so that several operators, or AMC clients, or
 * tests, share one server without seeing each other's tasks.
 *
 * - `<NS>_TASKS`, a work-queue stream: each batch once, taken by one worker and removed when it
 *   acknowledges it; a worker that dies before acknowledging has its batch delivered again after
 *   the ack wait. Subjects `<ns>.task.<attempt>.<partition>`: the partition is the shard of the
 *   batch's practitioner (partitionOf), the key a partitioned commit will consume by.
 * - `<NS>_RESULTS`: each batch's result, `<ns>.result.<attempt>.<batch>`, kept a day. Results are
 *   published with a message id, so a batch done twice (a redelivery) is stored once.
 * - key-value bucket `<ns>_runs`: each attempt's setup (snapshot, layouts), read by the workers,
 *   held as a lease the coordinator renews (SETUP_LEASE_MS);
 *   object store `<ns>_snapshots`: the referential snapshots, by digest, sent once.
 */
export interface ClusterNames {
  namespace: string;
  taskStream: string;
  resultStream: string;
  workerConsumer: string;
  setupBucket: string;
  snapshotBucket: string;
  taskSubject(attempt: string, partition: number): string;
  taskSubjects(attempt: string): string;
  resultSubject(attempt: string, batch: number): string;
  resultSubjects(attempt: string): string;
}

export const DEFAULT_CLUSTER_NAMESPACE = 'tpliq';
/** Shards of the task subjects: enough to spread practitioners, few enough to list. */
export const TASK_PARTITIONS = 16;
/** How long results and attempt setups are kept: a coordinator that died leaves nothing for longer. */
const KEPT_MS = 24 * 60 * 60 * 1000;
/** A batch is a few hundred KiB of invoices; its message has room for a large one. */
const MESSAGE_BYTES_MAX = 8 * 1024 * 1024;

export function clusterNames(namespace: string = DEFAULT_CLUSTER_NAMESPACE): ClusterNames {
  if (!/^[a-z0-9_-]{1,32}$/.test(namespace)) {
    throw Object.assign(new Error(`TPLIQ_CLUSTER_NAMESPACE_INVALID: --cluster-namespace must be 1 to 32 of a-z 0-9 _ -, got ${JSON.stringify(namespace)}`), { code: 'TPLIQ_CLUSTER_NAMESPACE_INVALID' });
  }
  const upper = namespace.toUpperCase().replace(/-/g, '_');
  return {
    namespace,
    taskStream: `${upper}_TASKS`,
    resultStream: `${upper}_RESULTS`,
    workerConsumer: `${namespace}-workers`,
    setupBucket: `${namespace}_runs`,
    snapshotBucket: `${namespace}_snapshots`,
    taskSubject: (attempt, partition) => `${namespace}.task.${attempt}.${partition}`,
    taskSubjects: (attempt) => `${namespace}.task.${attempt}.*`,
    resultSubject: (attempt, batch) => `${namespace}.result.${attempt}.${batch}`,
    resultSubjects: (attempt) => `${namespace}.result.${attempt}.*`,
  };
}

/**
 * Creates the streams and the workers' consumer when missing (the coordinator and the workers both
 * call it: whichever starts first). An existing one is left as it is, its ack wait included.
 */
export async function ensureClusterStreams(jsm: JetStreamManager, names: ClusterNames, ackWaitMs: number): Promise<void> {
  const exists = async (stream: string): Promise<boolean> => {
    try {
      await jsm.streams.info(stream);
      return true;
    } catch {
      return false;
    }
  };
  if (!(await exists(names.taskStream))) {
    await jsm.streams.add({
      name: names.taskStream, subjects: [`${names.namespace}.task.>`], retention: RetentionPolicy.Workqueue,
      storage: StorageType.File, discard: DiscardPolicy.New, max_msg_size: MESSAGE_BYTES_MAX,
    });
  }
  if (!(await exists(names.resultStream))) {
    await jsm.streams.add({
      name: names.resultStream, subjects: [`${names.namespace}.result.>`], retention: RetentionPolicy.Limits,
      storage: StorageType.File, max_age: nanos(KEPT_MS), max_msg_size: MESSAGE_BYTES_MAX, duplicate_window: nanos(10 * 60 * 1000),
    });
  }
  try {
    await jsm.consumers.info(names.taskStream, names.workerConsumer);
  } catch {
    await jsm.consumers.add(names.taskStream, {
      durable_name: names.workerConsumer, ack_policy: AckPolicy.Explicit, ack_wait: nanos(ackWaitMs), max_ack_pending: -1, max_deliver: -1,
    });
  }
}

/**
 * An attempt's setup is a lease: the coordinator writes it again every SETUP_RENEW_MS, and the
 * bucket forgets an entry SETUP_LEASE_MS after its last write. A coordinator that died stops
 * renewing, and within the lease its batches still queued find no setup: the workers drop them
 * instead of liquidating a night nobody waits for.
 */
export const SETUP_LEASE_MS = 2 * 60 * 1000;
export const SETUP_RENEW_MS = 20 * 1000;
