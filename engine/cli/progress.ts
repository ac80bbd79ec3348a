/**
 * A one-line progress bar on a terminal (bytes read, invoices/s, ETA); silent otherwise, where
 * the JSON logs say the same at the end. Redraws at most 4 times a second.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = performance.now();
  private readonly enabled: boolean;

  constructor(private readonly totalBytes: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
  }

  update(bytesRead: number, invoices: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const fraction = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = seconds > 0 ? Math.round(invoices / seconds) : 0;
    const eta = fraction > 0 ? Math.round(seconds / fraction - seconds) : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${(bytesRead / 1048576).toFixed(0)} MiB ${invoices} invoices ${rate}/s ETA ${eta}s`;
    this.stream.write(`\r${line}`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\n');
  }
}
