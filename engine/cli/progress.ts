/**
 * A one-line progress bar on a terminal (phase, bytes read, invoices/s, ETA). Redraws at most 4
 * times a second, and at each new phase. Nothing else writes to the terminal while it is drawn:
 * the run's JSON logs go there only in batch mode (RunReporter).
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastPhase = '';
  private readonly started = performance.now();
  private readonly enabled: boolean;

  constructor(private readonly totalBytes: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
  }

  /**
   * Redraws the line for `phase`. Bytes measure the intake only: once every byte is read, the
   * returns and the ledger still take a fifth of a night, so those phases show their name and
   * the invoices decided instead of a bar stuck at 100 %.
   */
  update(phase: string, bytesRead: number, invoices: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    const redraw = phase !== this.lastPhase;
    this.lastPhase = phase;
    if (!redraw && now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const fraction = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = seconds > 0 ? Math.round(invoices / seconds) : 0;
    const eta = fraction > 0 ? Math.round(seconds / fraction - seconds) : 0;
    const line = phase === 'intake'
      ? `intake  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${(bytesRead / 1048576).toFixed(0)} MiB ${invoices} invoices ${rate}/s ETA ${eta}s`
      : `${phase.padEnd(7)} ${invoices} invoices decided, ${Math.round(seconds)} s`;
    // Clears the rest of a longer previous line.
    this.stream.write(`\r${line}\x1b[K`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\n');
  }
}
