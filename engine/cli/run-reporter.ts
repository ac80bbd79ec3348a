import type pino from 'pino';
import type { RunObserver, RunPhase } from '../run/liquidation-run.js';
import { ProgressBar } from './progress.js';

/** A batch run says where it is at least this often (while its main thread is free to say it). */
const HEARTBEAT_MS = 5_000;

/**
 * What an operator sees of a run while it goes: on a terminal, a progress bar that names its
 * phase; in batch mode (no terminal, or CI), a `run.phase` log line at each phase and a
 * `run.progress` heartbeat every few seconds, so a scheduler can tell a slow night from a hung one.
 */
export class RunReporter {
  private readonly bar: ProgressBar | undefined;
  private current: RunPhase | undefined;
  private lastBeat = performance.now();
  private bytesRead = 0;
  private invoices = 0;
  private readonly started = performance.now();

  constructor(private readonly log: pino.Logger, private readonly totalBytes: number, options: { quiet: boolean; stream?: NodeJS.WriteStream }) {
    const stream = options.stream ?? process.stderr;
    const terminal = Boolean(stream.isTTY) && process.env.CI !== 'true';
    this.bar = terminal && !options.quiet ? new ProgressBar(totalBytes, stream) : undefined;
  }

  /** The phase the run is in, for a signal handler (undefined before the run holds its data folder). */
  get currentPhase(): RunPhase | undefined {
    return this.current;
  }

  /** What to give runLiquidation. */
  get observer(): RunObserver {
    return {
      progress: (bytesRead, invoices) => this.progress(bytesRead, invoices),
      phase: (phase) => this.enter(phase),
      workersAbandoned: (pool) => this.log.warn({ event: 'run.workers-abandoned', code: 'TPLIQ_WORKERS_NOT_LOADED', ...pool }, 'worker pool let go: its workers did not all load'),
    };
  }

  private progress(bytesRead: number, invoices: number): void {
    this.bytesRead = bytesRead;
    this.invoices = invoices;
    this.bar?.update(this.current ?? 'intake', bytesRead, invoices);
    const now = performance.now();
    if (this.bar === undefined && now - this.lastBeat >= HEARTBEAT_MS) {
      this.lastBeat = now;
      this.log.info({ event: 'run.progress', phase: this.current, bytesRead, inboxBytes: this.totalBytes, invoices, elapsedS: Math.round((now - this.started) / 1000) }, 'run in progress');
    }
  }

  private enter(phase: RunPhase): void {
    this.current = phase;
    this.bar?.update(phase, this.bytesRead, this.invoices);
    if (this.bar === undefined) this.log.info({ event: 'run.phase', phase, invoices: this.invoices, elapsedS: Math.round((performance.now() - this.started) / 1000) }, `run phase ${phase}`);
  }

  done(): void {
    this.bar?.done();
  }
}
