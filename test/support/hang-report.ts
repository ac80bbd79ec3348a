import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Node's diagnostic report, asked of a child that outlived its time: where each of its threads
 * stood when it hung. A hang seen once in CI and never again locally leaves nothing to read but
 * this, so the child is started able to write one (`--report-on-signal`), and the report is
 * summed up into the test's failure message rather than left in a folder CI throws away.
 */
export interface HangReportFolder {
  /** Node flags that make the child write its report into this folder on SIGUSR2. */
  readonly nodeFlags: readonly string[];
  /** Whether a report has been written yet. */
  written(): boolean;
  /** The reports written, summed up (empty when none was); the folder is removed. */
  collect(): string;
}

export function hangReportFolder(): HangReportFolder {
  const dir = mkdtempSync(join(tmpdir(), 'tpliq-hang-report-'));
  return {
    nodeFlags: ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${dir}`],
    written: () => readdirSync(dir).length > 0,
    collect() {
      const summaries = readdirSync(dir).sort().map((name) => summariseReport(readFileSync(join(dir, name), 'utf8')));
      rmSync(dir, { recursive: true, force: true });
      return summaries.join('\n');
    },
  };
}

interface DiagnosticReport {
  javascriptStack?: { message?: string; stack?: string[] };
  libuv?: Array<{ type?: string; is_active?: boolean; is_referenced?: boolean }>;
  workers?: DiagnosticReport[];
}

/**
 * The JavaScript stack and the live libuv handles, thread by thread. (The native stack is left
 * out: its top is the report's own machinery.)
 */
function summariseReport(text: string): string {
  let report: DiagnosticReport;
  try {
    report = JSON.parse(text) as DiagnosticReport;
  } catch {
    return `(an unreadable diagnostic report of ${text.length} characters)`;
  }
  const describe = (thread: DiagnosticReport, name: string): string[] => {
    const handles = (thread.libuv ?? []).filter((h) => h.is_active === true).map((h) => `${h.type ?? '?'}${h.is_referenced === true ? '' : ' (unref)'}`);
    return [
      `-- ${name}: ${thread.javascriptStack?.message ?? ''}`,
      ...(thread.javascriptStack?.stack ?? []).slice(0, 20).map((frame) => `   ${frame.trim()}`),
      `   active handles: ${handles.join(', ') || 'none'}`,
    ];
  };
  return [...describe(report, 'main thread'), ...(report.workers ?? []).flatMap((w, i) => describe(w, `worker ${i + 1}`))].join('\n');
}
