/**
 * One measured job, alone in its own process, so that its peak RSS (peakResidentBytes: the
 * process's high-water mark, worker threads included) is its own and not the benchmark driver's:
 *
 *   node dist/bench/child/measure.js <job> '<json arguments>'
 *
 * (bench/lib/run-child.ts forks it with `--args-over-ipc` and sends the arguments as a message.)
 * The report goes back over the IPC channel when forked (bench/lib/run-child.ts), else to stdout
 * as one JSON line. Wall time is measured inside, around the job only (not Node's start-up).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { openLedger, type Ledger } from '../../engine/ledger/ledger.js';
import { ledgerReadWhole } from '../baselines/ledger-read-whole.js';
import { runParametersOf } from '../../engine/cli/run-options.js';
import { parseIso } from '../../engine/calendar/ymd.js';
import { runLiquidation } from '../../engine/run/liquidation-run.js';
import { scanInbox } from '../baselines/floor.js';
import { recordDayBare } from '../baselines/bare-table.js';
import { recordDayAlone } from '../baselines/ledger-floor.js';
import { parseWithFastCsv } from '../baselines/fast-csv.js';
import { runStraightforward } from '../baselines/straightforward-engine.js';
import { importAndCompile, workerLoad, workerMemory } from '../baselines/referential-scale.js';
import type { ChildArgs, ChildReport } from '../lib/child-protocol.js';

const NO_COUNTS = { lines: 0, bytes: 0, invoices: 0, paidCount: 0, paidCents: 0 };

async function runJob(args: ChildArgs, ledger: Ledger | undefined): Promise<Omit<ChildReport, 'wallMs' | 'peakRssBytes' | 'cpuMs'>> {
  switch (args.job) {
    case 'floor': {
      const scan = scanInbox(args.inbox);
      return { job: args.job, lines: scan.lines, bytes: scan.bytes, invoices: 0, paidCount: 0, paidCents: 0, detail: { files: scan.files } };
    }
    case 'fast-csv': {
      const parsed = await parseWithFastCsv(args.csvFiles);
      return { job: args.job, lines: parsed.rows, bytes: 0, invoices: 0, paidCount: 0, paidCents: 0, detail: { cells: parsed.cells } };
    }
    case 'straightforward': {
      const date = parseIso(args.date);
      if (date === undefined) throw new Error(`bad date ${args.date}`);
      const t = await runStraightforward(args.inbox, args.snapshot, date, ledger === undefined || args.workDir === undefined ? undefined : ledgerReadWhole(`${args.workDir}/data`, ledger));
      ledger?.close();
      if (t.auditMismatches !== 0) throw new Error(`straightforward engine: ${t.auditMismatches} lines where decimal.js and the integer path differ`);
      return { job: args.job, lines: t.lines, bytes: 0, invoices: t.invoices, paidCount: t.paidCount, paidCents: t.paidCents, detail: { rejected: t.rejectedCount, records: t.records } };
    }
    case 'engine': {
      const params = runParametersOf({
        inbox: args.inbox, snapshot: args.snapshot, date: args.date, data: `${args.workDir}/data`, out: `${args.workDir}/out`, threads: String(args.threads),
      });
      const result = await runLiquidation(params);
      const paid = result.summary.invoices.paid;
      return {
        job: args.job, lines: 0, bytes: result.bytesRead, invoices: result.invoices, paidCount: paid.count, paidCents: paid.paidCents,
        detail: { timingsMs: result.timingsMs, rejected: result.summary.invoices.rejected.count, threads: args.threads, transfers: result.summary.transfers.count },
      };
    }
    case 'ledger-floor':
    case 'bare-table': {
      const accountingDate = parseIso(args.date);
      if (accountingDate === undefined) throw new Error(`bad date ${args.date}`);
      const day = { invoices: args.invoices, paidCount: args.paidCount, practitioners: args.practitioners, files: args.files, accountingDate };
      const recorded = args.job === 'ledger-floor' ? recordDayAlone(`${args.workDir}/data`, day, args.ledgerUrl) : recordDayBare(`${args.workDir}/data`, day);
      return { ...NO_COUNTS, job: args.job, invoices: recorded.invoices, paidCount: recorded.paidCount, detail: {} };
    }
    case 'referential-import':
      return { ...NO_COUNTS, job: args.job, detail: { ...(await importAndCompile(args.csvDir, args.snapshotOut)) } };
    case 'snapshot-load':
      return { ...NO_COUNTS, job: args.job, detail: { ...workerLoad(args.snapshot) } };
    case 'worker-memory':
      return { ...NO_COUNTS, job: args.job, detail: { ...(await workerMemory(args.snapshot, args.threads)) } };
  }
}

/**
 * Under `clinic doctor` (bench/profile.ts) the sampler it preloads also starts in each worker
 * thread and, named after the same pid, appends to the main thread's sample file, which then
 * fails to decode ("Decoded message is not valid"). Workers copy process.env when created, so
 * renaming their sample files here — after the main thread's sampler has opened its own — keeps
 * the main thread's file whole.
 */
function separateClinicDoctorSamples(): void {
  if (process.env['NODE_CLINIC_DOCTOR_DATA_PATH'] !== undefined) process.env['NODE_CLINIC_DOCTOR_NAME'] = `workers-of-${process.pid}`;
}

async function main(): Promise<void> {
  separateClinicDoctorSamples();
  const [job, json] = process.argv.slice(2);
  const given = json === '--args-over-ipc' ? await new Promise<object>((resolve) => process.once('message', (m) => resolve(m as object))) : (JSON.parse(json ?? '{}') as object);
  const args = { ...given, job } as ChildArgs;
  // A run never overwrites another's outputs: leftovers of an interrupted bench go, before the clock starts.
  if ((args.job === 'engine' || args.job === 'ledger-floor' || args.job === 'bare-table' || args.job === 'straightforward') && args.workDir !== undefined) rmSync(args.workDir, { recursive: true, force: true });
  // The earlier runs a contender decides against are its own copy, made off the clock.
  let ledger: Ledger | undefined;
  if ((args.job === 'engine' || args.job === 'straightforward') && args.seedData !== undefined) {
    if (args.workDir === undefined) throw new Error(`${args.job}: seedData needs a workDir`);
    cpSync(args.seedData, `${args.workDir}/data`, { recursive: true });
    if (args.job === 'straightforward') ledger = openLedger(`${args.workDir}/data`);
  }
  // Dirty pages left by the copy above or by an earlier run's outputs would be written back while
  // this job runs and slow its own writes: flushed first, off the clock.
  if (args.job === 'engine' || args.job === 'straightforward') spawnSync('sync');
  const started = performance.now();
  const report = await runJob(args, ledger);
  const wallMs = performance.now() - started;
  const usage = process.resourceUsage();
  const full: ChildReport = {
    ...report, wallMs, peakRssBytes: peakResidentBytes(usage.maxRSS),
    // CPU time of every thread of the process: less sensitive than wall time to a busy machine.
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  };
  if (process.send) process.send(full);
  else process.stdout.write(`${JSON.stringify(full)}\n`);
}

/**
 * The high-water mark of this process's own memory: VmHWM where Linux gives it. Not
 * `resourceUsage().maxRSS`: on Linux that keeps, across the exec that starts this process, the
 * peak of the forking driver's memory the child shared until then, so a small job forked by a
 * driver that had compiled a 199 MB snapshot reported the driver's 574 MiB.
 */
function peakResidentBytes(maxRssKib: number): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // No /proc: maxRSS is the only figure there is.
  }
  return maxRssKib * 1024;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
