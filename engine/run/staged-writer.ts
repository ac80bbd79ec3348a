import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes handed to the thread pool at once; beyond this a write is done in place (memory bound). */
const IN_FLIGHT_WRITES_MAX = 64;
/** Bytes of content waiting in pending writes; beyond this a write is done in place. */
const IN_FLIGHT_CHARS_MAX = 16 * 1024 * 1024;

/**
 * Writes the run's many small output files — one ARL per lot, one NOEMIE return per practitioner,
 * the paper notices — into the staging folder without blocking the main thread on each one.
 *
 * Why: creating a file costs a few syscalls and a journal update, ≈ 0.2–1 ms each on the
 * benchmark machine (measured: 3 443 ARL files took 3 s of the main thread, a fifth of a
 * 500 000-line run), and the main thread is the pipeline's bottleneck — it frames, commits and
 * settles. Handed to libuv's thread pool, the writes overlap with that work.
 *
 * What does not change: the same bytes land at the same paths (each path is written once, so the
 * order in which writes finish reaches no byte), and nothing leaves staging before `settle()`
 * has seen every write succeed — the run calls it before the ledger commit, so a failed write
 * still aborts the run before anything is recorded or paid. Memory stays bounded: past
 * IN_FLIGHT_WRITES_MAX writes or IN_FLIGHT_CHARS_MAX characters pending, a write is done
 * synchronously, as before.
 */
export class StagedWriter {
  private readonly dirs = new Set<string>();
  private inFlight = 0;
  private inFlightChars = 0;
  private failure: unknown;
  private waiting: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly root: string) {}

  /** Queues `content` for `relativePath` under the staging folder (folders created as needed). */
  write(relativePath: string, content: string): void {
    if (this.failure !== undefined) throw this.failure;
    const path = join(this.root, relativePath);
    const dir = dirname(path);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    if (this.inFlight >= IN_FLIGHT_WRITES_MAX || this.inFlightChars + content.length > IN_FLIGHT_CHARS_MAX) {
      writeFileSync(path, content);
      return;
    }
    this.inFlight++;
    this.inFlightChars += content.length;
    writeFile(path, content).then(
      () => this.done(content.length),
      (error: unknown) => {
        this.failure ??= error;
        this.done(content.length);
      },
    );
  }

  /**
   * Lets pending writes finish until at most half the bound is in flight. A loop that writes many
   * files without otherwise yielding (the NOEMIE returns) awaits this between files, so that it
   * keeps the thread pool busy instead of falling back to synchronous writes.
   */
  async makeRoom(): Promise<void> {
    await this.below(IN_FLIGHT_WRITES_MAX / 2);
  }

  /** Resolves once every queued write has finished; rejects with the first write that failed. */
  async settle(): Promise<void> {
    await this.below(1);
    if (this.failure !== undefined) throw this.failure;
  }

  private below(count: number): Promise<void> {
    if (this.inFlight < count) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiting.push({ count, resolve }));
  }

  private done(chars: number): void {
    this.inFlight--;
    this.inFlightChars -= chars;
    if (this.waiting.length === 0) return;
    const still: typeof this.waiting = [];
    for (const w of this.waiting) {
      if (this.inFlight < w.count) w.resolve();
      else still.push(w);
    }
    this.waiting = still;
  }
}
