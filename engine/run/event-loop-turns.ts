/**
 * Lets a long synchronous loop of the main thread give the event loop a turn now and then, so that
 * a signal (SIGTERM: stop-on-signal.ts) or a log heartbeat is handled within about `everyMs`
 * instead of after the loop. Checking the clock every `checkEvery` calls keeps the cost off the
 * loop: at 50 ms, the returns of a 10 M-line day give ≈ 400 turns.
 */
export class EventLoopTurns {
  private calls = 0;
  private last = performance.now();

  constructor(private readonly everyMs = 50, private readonly checkEvery = 64) {}

  /** A promise to await when a turn is due, else undefined (nothing to await). */
  due(): Promise<void> | undefined {
    if (++this.calls % this.checkEvery !== 0) return undefined;
    const now = performance.now();
    if (now - this.last < this.everyMs) return undefined;
    this.last = now;
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** A turn now (before a step that must not be interrupted). */
  now(): Promise<void> {
    this.last = performance.now();
    return new Promise((resolve) => setImmediate(resolve));
  }
}
