import { runClusterWorker } from '../../cluster/cluster-worker.js';
import { createLogger } from '../logger.js';
import { clusterOptionsOf } from '../run-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export interface WorkerCommandOptions {
  cluster: string;
  clusterNamespace?: string;
  ackWaitSeconds?: string;
}

/** `tpliq worker --cluster URL`: one worker process of clustered runs, until SIGTERM or SIGINT. */
export async function workerCommand(options: WorkerCommandOptions): Promise<ExitCode> {
  const cluster = clusterOptionsOf(options);
  const log = createLogger();
  await runClusterWorker({
    url: cluster.url,
    namespace: cluster.namespace,
    ackWaitMs: cluster.ackWaitMs,
    onReady: () => log.info({ event: 'worker.ready', namespace: cluster.namespace, pid: process.pid }, 'worker ready'),
    onBatch: (attempt, batch, ms) => log.debug({ event: 'worker.batch', attempt, batch, ms }, 'batch done'),
  });
  log.info({ event: 'worker.stopped', pid: process.pid }, 'worker stopped');
  return EXIT.OK;
}
