/**
 * The file Piscina's workers load: a CommonJS door to the worker module (engine/worker.ts).
 *
 * Why a door: Piscina loads a worker file with require() first and falls back to import() only
 * when require() throws. Since Node 22.12, require() of an ES module succeeds, through a native
 * "facade" module; on Node 22.23 that path aborted a whole run now and then (a failed assertion in
 * CreateRequiredModuleFacade, raised in a worker, the process gone with no error to catch). A
 * CommonJS file is required the old way, and it reaches the ES module through import(), the path
 * an ES module has always been loaded by.
 *
 * Piscina awaits an export that is a promise of a function before it calls the worker ready (its
 * "delaying availability of workers"), so the referential and layouts are loaded as the worker
 * starts, as they were without the door, and a module that fails to load fails the worker there.
 */
import { parentPort } from 'node:worker_threads';

type WorkerModule = typeof import('./worker.js');

const workerModule: Promise<WorkerModule> = import('./worker.js');

// Piscina says nothing of a worker whose module failed to load until a task reaches it; the pool's
// start (engine/pipeline/worker-start.ts, WORKER_LOAD_FAILED, the same key) waits for no task, so
// the worker tells it. The exports below still reject, as Piscina expects.
workerModule.catch((error: unknown) => {
  parentPort?.postMessage({ tpliqWorkerLoadFailed: error instanceof Error ? error.stack ?? error.message : String(error) });
});

/** Batches (Piscina's default handler): liquidateTask in engine/worker.ts. */
const liquidateTask: Promise<WorkerModule['default']> = workerModule.then((loaded) => loaded.default);
export default liquidateTask;

/** Whole inbox files (FILE_TASK_HANDLER): liquidateFile in engine/worker.ts. */
export const liquidateFile: Promise<WorkerModule['liquidateFile']> = workerModule.then((loaded) => loaded.liquidateFile);
