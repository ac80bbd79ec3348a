/**
 * The Piscina worker entry: loads the referential snapshot and the layouts once per thread, then
 * liquidates batches (the default export) and whole files (`liquidateFile`). Results go back as
 * protobuf buffers moved (not copied) to the main thread.
 */
import { readFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeLiquidationResult } from '../codecs/proto/liquidation-codec.js';
import { fileResultTransferList, type FileTask } from './pipeline/file-task.js';
import { BatchLiquidator } from './pipeline/liquidate-batch.js';
import { FileLiquidator } from './pipeline/liquidate-file.js';
import type { LiquidationTask, WorkerSetup } from './pipeline/task.js';
import { workerLoadedMessage } from './pipeline/worker-start.js';
import { loadSnapshot } from './referential/load-snapshot.js';
import { workerStartStalls, workerTaskHangs } from './run/crash-points.js';

const setup = workerData as WorkerSetup;
// The main thread verified the snapshot's hash before starting the pool, and shares its bytes.
const referential = loadSnapshot(setup.snapshotBytes ?? readFileSync(setup.snapshotPath), { verify: false });
const layouts = new Map<string, CompiledLayout>(Object.entries(setup.profiles).map(([name, path]) => [name, loadLayout(path)]));
const liquidator = new BatchLiquidator(referential, layouts, setup.auditArithmetic);
const files = new FileLiquidator(liquidator, layouts);
// A test's stand-in for a worker that never finishes loading: alive, silent, holding no task.
if (workerStartStalls(setup.startAttempt)) await new Promise<never>(() => setInterval(() => undefined, 60_000));
// The intake starts once every worker of the pool has said this (worker-start.ts).
parentPort?.postMessage(workerLoadedMessage(threadId));

// A test's stand-in for a worker hung in a task: the thread blocked for good (terminate ends it).
const hangInTask = workerTaskHangs() ? (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0) : undefined;

export default function liquidateTask(task: LiquidationTask): unknown {
  hangInTask?.();
  // The encoder hands back a buffer of exactly the message: moving it moves nothing else.
  return move(encodeLiquidationResult(liquidator.liquidate(task)));
}

/** A file task (see FILE_TASK_HANDLER): read, hash, frame and liquidate one whole inbox file. */
export async function liquidateFile(task: FileTask): Promise<unknown> {
  hangInTask?.();
  const result = await files.liquidate(task);
  // The two typed arrays are moved; the small plain rest (lots, markers, hash) is cloned.
  return move({ [transferableSymbol]: fileResultTransferList(result), [valueSymbol]: result });
}
