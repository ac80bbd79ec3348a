import { TaskStallWatch } from './task-stall-watch.js';

/**
 * No answer from any of this machine's workers for this long while tasks are out. The largest task
 * (a 16 MiB file, about 125 000 lines) takes a worker a few seconds; ten minutes is a hang on any
 * machine.
 */
export const WORKER_STALL_MS = 600_000;

export class WorkersStalled extends Error {
  readonly code = 'TPLIQ_WORKERS_STALLED';
  constructor(stallMs: number, tasksOut: number) {
    super(`no task result from this machine's workers for ${Math.round(stallMs / 1000)} s with ${tasksOut} tasks out`);
    this.name = 'WorkersStalled';
  }
}

/** The watch over tasks out on this machine's workers (task-stall-watch.ts): they fail with WorkersStalled. */
export class WorkerStallWatch extends TaskStallWatch {
  constructor(stallMs: number) {
    super(stallMs, (tasksOut) => new WorkersStalled(stallMs, tasksOut));
  }
}
