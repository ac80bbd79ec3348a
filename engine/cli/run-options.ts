import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CalendarKind } from '../calendar/banking-calendar.js';
import { parseIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import { DEFAULT_DEBT_OVERDUE_DAYS, DEFAULT_LIMITS, DEFAULT_OPERATOR, type RunParameters } from '../run/run-parameters.js';
import { defaultExecutionDate, executionDateProblem } from '../settle/execution-date.js';
import { engineVersion } from './engine-version.js';
import { SHIPPED_PROFILES } from '../run/shipped-profiles.js';
import type { ClusterOptions } from '../cluster/cluster-executor.js';
import { DEFAULT_CLUSTER_NAMESPACE } from '../cluster/cluster-names.js';

/** A command line the run cannot start from (exit 2); `code` is the stable TPLIQ_… code when it has one. */
export class UsageError extends Error {
  constructor(message: string, readonly code?: string) {
    super(code === undefined ? message : `${code}: ${message}`);
    this.name = 'UsageError';
  }
}

export interface RunCliOptions {
  inbox: string;
  snapshot: string;
  date: string;
  /** SEPA ReqdExctnDt, yyyy-mm-dd (default: the first TARGET business day on or after --date). */
  executionDate?: string;
  data: string;
  out: string;
  threads?: string;
  calendar?: string;
  createdAt?: string;
  auditArithmetic?: boolean;
  profile?: string[];
  batchKib?: string;
  inFlight?: string;
  followSymlinks?: boolean;
  debtOverdueDays?: string;
  cluster?: string;
  clusterNamespace?: string;
  ackWaitSeconds?: string;
  clusterStallSeconds?: string;
}

export function parseDate(text: string, what: string): DateYmd {
  const ymd = parseIso(text);
  if (ymd === undefined) throw new UsageError(`${what} must be a yyyy-mm-dd date, got "${text}"`);
  return ymd;
}

function positiveInt(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${what} must be a positive whole number, got "${text}"`);
  return n;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/** --execution-date, checked against the accounting date, or the default (execution-date.ts). */
function executionDateOf(text: string | undefined, accountingDate: DateYmd): DateYmd {
  if (text === undefined) return defaultExecutionDate(accountingDate);
  const executionDate = parseDate(text, '--execution-date');
  const problem = executionDateProblem(accountingDate, executionDate);
  if (problem !== undefined) throw new UsageError(`--execution-date: ${problem.message}`, problem.code);
  return executionDate;
}

/** `--profile name=path.json …` → profile name → absolute layout path (run and validate alike). */
export function profileFilesOf(options: readonly string[] | undefined): Record<string, string> {
  const profileFiles: Record<string, string> = {};
  for (const p of options ?? []) {
    const [name, path] = p.split('=');
    if (!name || !path) throw new UsageError(`--profile takes name=path.json, got "${p}"`);
    if (!(SHIPPED_PROFILES as readonly string[]).includes(name)) throw new UsageError(`--profile ${name}: unknown profile, one of ${SHIPPED_PROFILES.join(', ')}`);
    profileFiles[name] = resolve(path);
  }
  return profileFiles;
}

/** Command-line options → the run's parameters, every default stated here. */
export function runParametersOf(o: RunCliOptions): RunParameters {
  const calendar = (o.calendar ?? 'TARGET_AND_FR').toUpperCase();
  if (calendar !== 'TARGET' && calendar !== 'TARGET_AND_FR') throw new UsageError('--calendar must be TARGET or TARGET_AND_FR');
  const accountingDate = parseDate(o.date, '--date');
  const executionDate = executionDateOf(o.executionDate, accountingDate);
  const threads = positiveInt(o.threads, '--threads', defaultThreads());
  const profileFiles = profileFilesOf(o.profile);
  const iso = `${o.date}T20:00:00`;
  return {
    inboxDir: resolve(o.inbox),
    followSymlinks: o.followSymlinks ?? false,
    snapshotPath: resolve(o.snapshot),
    accountingDate,
    executionDate,
    dataDir: resolve(o.data),
    outDir: resolve(o.out),
    threads,
    calendar: calendar as CalendarKind,
    createdAt: o.createdAt ?? iso,
    operator: { ...DEFAULT_OPERATOR },
    profileFiles,
    auditArithmetic: o.auditArithmetic ?? false,
    batchBytesMax: positiveInt(o.batchKib, '--batch-kib', DEFAULT_LIMITS.batchBytesMax / 1024) * 1024,
    batchInvoicesMax: DEFAULT_LIMITS.batchInvoicesMax,
    // Batches to remote workers wait on the network too: more of them are kept out.
    inFlightMax: positiveInt(o.inFlight, '--in-flight', o.cluster === undefined ? threads * 2 : CLUSTER_IN_FLIGHT),
    readChunkBytes: DEFAULT_LIMITS.readChunkBytes,
    engineVersion: engineVersion(),
    debtOverdueDays: positiveInt(o.debtOverdueDays, '--debt-overdue-days', DEFAULT_DEBT_OVERDUE_DAYS),
    ...(o.cluster === undefined ? {} : { cluster: clusterOptionsOf(o) }),
  };
}

/** Batches out at once to a cluster's workers (`--in-flight` overrides). */
const CLUSTER_IN_FLIGHT = 16;
/** A worker holds a batch this long before it goes to another (set when the cluster's consumer is created). */
export const DEFAULT_ACK_WAIT_SECONDS = 60;
/** No batch result for this long: no worker is taking batches. */
const DEFAULT_CLUSTER_STALL_SECONDS = 600;

/** `--cluster` and its companions, for `run` and `worker` alike. */
export function clusterOptionsOf(o: { cluster?: string; clusterNamespace?: string; ackWaitSeconds?: string; clusterStallSeconds?: string }): ClusterOptions {
  if (o.cluster === undefined || o.cluster.trim() === '') throw new UsageError('--cluster needs the NATS server URL (nats://host:4222)');
  return {
    url: o.cluster.trim(),
    namespace: o.clusterNamespace ?? DEFAULT_CLUSTER_NAMESPACE,
    ackWaitMs: positiveInt(o.ackWaitSeconds, '--ack-wait-seconds', DEFAULT_ACK_WAIT_SECONDS) * 1000,
    stallMs: positiveInt(o.clusterStallSeconds, '--cluster-stall-seconds', DEFAULT_CLUSTER_STALL_SECONDS) * 1000,
  };
}
