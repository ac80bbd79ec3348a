import type { InvariantViolation } from '../settle/invariants.js';
import type { RunSummary } from '../settle/summary.js';

/** What a run returns to its caller (the CLI prints it; summary.json holds the same and more). */
export interface RunResult {
  runId: string;
  outDir: string;
  summary: RunSummary;
  violations: InvariantViolation[];
  timingsMs: Record<string, number>;
  files: number;
  bytesRead: number;
  invoices: number;
  auditMismatches: number;
  /** File-level problems (headers, trailers, records outside a lot…), listed in summary.json. */
  fileErrors: number;
  /**
   * The day's run was done by an earlier invocation into the same output folder: this one found
   * its outputs as committed (releasing them first if it had died before), and did nothing else.
   */
  earlierInvocation?: boolean;
  /** Inbox entries not taken (symbolic links, folders, FIFOs, unreadable…), listed in summary.json `inputs.rejected`. */
  rejectedEntries: number;
  /** Problems with manifest.json (files dated by their mtime instead), listed in summary.json `inputs.manifest`. */
  manifestProblems: number;
}
