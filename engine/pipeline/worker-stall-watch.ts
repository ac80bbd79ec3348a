/**
 * Tasks out on this machine's workers with no answer for too long. A worker that dies fails its
 * task (Piscina), but one that hangs in the middle of a task would hold the run for ever: a
 * nightly scheduler would see a run that never ends rather than one that failed. So the executor
 * watches its tasks as `tpliq run --cluster` watches its batches: while any is out and none has
 * come back for `stallMs`, every task out fails with TPLIQ_WORKERS_STALLED and the run stops
 * before paying anything.
 */

/**
 * No answer from any worker for this long while tasks are out. The largest task (a 16 MiB file,
 * about 125 000 lines) takes a worker a few seconds; ten minutes is a hang on any machine.
 */
export const WORKER_STALL_MS = 600_000;

export class WorkersStalled extends Error {
  readonly code = 'TPLIQ_WORKERS_STALLED';
  constructor(stallMs: number, tasksOut: number) {
    super(`no task result from this machine's workers for ${Math.round(stallMs / 1000)} s with ${tasksOut} tasks out`);
    this.name = 'WorkersStalled';
  }
}

export class WorkerStallWatch {
  private readonly rejects = new Set<(error: Error) => void>();
  private lastHeard = performance.now();
  private failure: WorkersStalled | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly stallMs: number) {
    // Looked at four times within a stall time: a stall is seen at most a quarter late.
    this.timer = setInterval(() => this.check(), Math.min(1_000, stallMs / 4));
    this.timer.unref();
  }

  /** Whether the watch has given up on the workers. */
  get stalled(): boolean {
    return this.failure !== undefined;
  }

  /** `task` as it settles, or failed with WorkersStalled once the workers are found stalled. */
  watch<T>(task: Promise<T>): Promise<T> {
    if (this.failure !== undefined) {
      task.catch(() => undefined);
      return Promise.reject(this.failure);
    }
    // The wait starts when the first task goes out, not when the last one came back.
    if (this.rejects.size === 0) this.lastHeard = performance.now();
    return new Promise<T>((resolve, reject) => {
      this.rejects.add(reject);
      task.then(
        (result) => this.settled(reject, () => resolve(result)),
        (error: unknown) => this.settled(reject, () => reject(error)),
      );
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private settled(reject: (error: Error) => void, settle: () => void): void {
    if (!this.rejects.delete(reject)) return;
    this.lastHeard = performance.now();
    settle();
  }

  private check(): void {
    if (this.rejects.size === 0 || performance.now() - this.lastHeard < this.stallMs) return;
    this.failure = new WorkersStalled(this.stallMs, this.rejects.size);
    for (const reject of this.rejects) reject(this.failure);
    this.rejects.clear();
    this.stop();
  }
}
