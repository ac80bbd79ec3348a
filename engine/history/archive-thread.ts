/**
 * The archive thread (background-archive.ts): stores the run's input blobs while the main thread
 * writes the returns, with the very code a run used to call in place (storeArchiveJobs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { storeArchiveJobs } from './archive-run.js';
import type { ArchiveThreadData, ArchiveThreadReply } from './archive-thread-protocol.js';
import { HistoryError } from './history-error.js';
import { InputArchive } from './input-archive.js';

const { dataDir, ledgerId, jobs } = workerData as ArchiveThreadData;
let reply: ArchiveThreadReply;
try {
  storeArchiveJobs(InputArchive.forWriting(dataDir, ledgerId), jobs);
  reply = { kind: 'stored' };
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  reply = error instanceof HistoryError
    // The code travels apart from the message, which HistoryError prefixes with it again.
    ? { kind: 'failed', code: error.code, detail: e.message.slice(`${error.code}: `.length), stack: e.stack ?? '' }
    : { kind: 'failed', detail: e.message, stack: e.stack ?? '' };
}
parentPort!.postMessage(reply);
