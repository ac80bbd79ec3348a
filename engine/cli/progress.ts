import cliProgress from 'cli-progress';

const MIB = 1_048_576;

/**
 * The run's progress bar on a terminal (cli-progress): the phase, bytes of the inbox read,
 * invoices decided and their rate, and the time left. Bytes measure the intake only: once every
 * byte is read, the returns and the ledger still take a fifth of a night, so those phases show
 * their name and the invoices decided instead of a bar stuck at 100 %. Nothing else writes to the
 * terminal while the bar is drawn: the run's JSON logs go there only in batch mode (RunReporter).
 */
export class ProgressBar {
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly started = performance.now();
  private phase = '';

  constructor(private readonly totalBytes: number, stream: NodeJS.WriteStream = process.stderr) {
    if (!stream.isTTY || process.env.CI === 'true') return;
    this.bar = new cliProgress.SingleBar({
      stream,
      fps: 4,
      barsize: 30,
      hideCursor: true,
      format: (options, params, payload: { phase: string; invoices: number; rate: number }) => {
        const seconds = Math.round((performance.now() - this.started) / 1000);
        if (payload.phase !== 'intake') return `${payload.phase.padEnd(7)} ${payload.invoices} invoices decided, ${seconds} s`;
        const bar = cliProgress.Format.BarFormat(params.progress, options);
        const eta = params.progress > 0 ? Math.round(seconds / params.progress - seconds) : 0;
        return `intake  ${bar} ${(params.progress * 100).toFixed(1)}% ${Math.round(params.value / MIB)}/${Math.round(params.total / MIB)} MiB ${payload.invoices} invoices ${payload.rate}/s ETA ${eta} s`;
      },
    }, cliProgress.Presets.shades_classic);
    this.bar.start(Math.max(totalBytes, 1), 0, { phase: 'intake', invoices: 0, rate: 0 });
  }

  /** The bar for `phase`, redrawn at once when the phase changes (else at most 4 times a second). */
  update(phase: string, bytesRead: number, invoices: number): void {
    if (this.bar === undefined) return;
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(Math.min(bytesRead, this.totalBytes), { phase, invoices, rate: seconds > 0 ? Math.round(invoices / seconds) : 0 });
    if (phase !== this.phase) {
      this.phase = phase;
      this.bar.render();
    }
  }

  done(): void {
    this.bar?.stop();
  }
}
