/**
 * Tasks out with no answer for too long. A worker that dies fails its task, but one that hangs in
 * the middle of a task, or a cluster with no worker left to take its batches, would hold the run
 * for ever: a nightly scheduler would see a run that never ends rather than one that failed. So
 * each executor watches what it sent out (worker-stall-watch.ts for this machine's workers,
 * cluster-executor.ts for a clustered run's batches): while any task is out and none has come
 * back for `stallMs`, every task out fails with the executor's own error, and so does every later
 * one, and the run stops before paying anything.
 */
export class TaskStallWatch {
  private readonly rejects = new Set<(error: Error) => void>();
  private lastHeard = performance.now();
  private stalledWith: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  /** @param stalledError the error every task out fails with, given how many were out. */
  constructor(
    private readonly stallMs: number,
    private readonly stalledError: (tasksOut: number) => Error,
  ) {
    // Looked at four times within a stall time: a stall is seen at most a quarter late.
    this.timer = setInterval(() => this.check(), Math.min(1_000, stallMs / 4));
    this.timer.unref();
  }

  /** The error the tasks failed with once the watch gave up; undefined until then. */
  get failure(): Error | undefined {
    return this.stalledWith;
  }

  get stalled(): boolean {
    return this.stalledWith !== undefined;
  }

  /** `task` as it settles, or failed with the stall error once the tasks are found stalled. */
  watch<T>(task: Promise<T>): Promise<T> {
    if (this.stalledWith !== undefined) {
      task.catch(() => undefined);
      return Promise.reject(this.stalledWith);
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
    this.stalledWith = this.stalledError(this.rejects.size);
    for (const reject of this.rejects) reject(this.stalledWith);
    this.rejects.clear();
    this.stop();
  }
}
