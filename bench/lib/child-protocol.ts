/** Arguments of one measured job (bench/child/measure.ts), by job. */
export type ChildArgs =
  | { job: 'floor'; inbox: string }
  | { job: 'fast-csv'; csvFiles: string[] }
  | { job: 'straightforward'; inbox: string; snapshot: string; date: string;
    /** A data folder holding the earlier runs to decide against, copied into `workDir` before the clock starts. */
    seedData?: string; workDir?: string }
  | { job: 'engine'; inbox: string; snapshot: string; date: string; threads: number;
    /** The run's ledger and outputs; kept after the run (the bench removes them, engine-work-dirs.ts). */
    workDir: string;
    /** A data folder holding the earlier runs (the previous day), copied as the run's before the clock starts. */
    seedData?: string }
  | { job: 'ledger-floor' | 'bare-table'; workDir: string; invoices: number; paidCount: number; practitioners: number; files: number; date: string;
    /** The ledger floor on PostgreSQL (an empty database) instead of SQLite. */
    ledgerUrl?: string }
  | { job: 'referential-import'; csvDir: string; snapshotOut: string }
  | { job: 'snapshot-load'; snapshot: string }
  | { job: 'worker-memory'; snapshot: string; threads: number };

export type JobName = ChildArgs['job'];

/** What a measured job reports back. Counts it does not know are 0. */
export interface ChildReport {
  job: JobName;
  /** Wall time of the job itself, start-up excluded. */
  wallMs: number;
  /** Peak resident set of the whole process (main thread and worker threads). */
  peakRssBytes: number;
  /** User + system CPU time of the whole process, start-up included. */
  cpuMs: number;
  lines: number;
  bytes: number;
  invoices: number;
  paidCount: number;
  paidCents: number;
  detail: Record<string, unknown>;
}
