import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../../engine/cli/heap-budget.js';
import { availableParallelism } from 'node:os';
import { ensureCsvExport } from '../baselines/csv-export.js';
import type { ChildReport } from './child-protocol.js';
import { BENCH_DATE, ensureDay, type BenchDay } from './day-cache.js';
import { engineWorkDir } from './engine-work-dirs.js';
import { median, medianByWall } from './median.js';
import { runChild } from './run-child.js';
import { checkTarget, TARGETS, type TargetCheck } from './targets.js';

/** One line of the results table. */
export interface ResultRow {
  name: string;
  /** `engine-alone`: the engine on the day without its previous day in the ledger (SuiteOptions.dayAlone). */
  kind: 'baseline' | 'engine' | 'engine-alone';
  threads?: number;
  wallMs: number;
  linesPerSecond: number;
  megabytesPerSecond: number;
  invoicesPerSecond: number;
  peakRssMiB: number;
  /** Engine rows: this row's lines/s ÷ each baseline's. */
  ratios?: { floor: number; fastCsv?: number; straightforward?: number };
  /** Engine rows: milliseconds per phase, from the run. */
  timingsMs?: Record<string, number>;
}

/**
 * The ledger floor (bench/baselines/ledger-floor.ts) and what it bounds: no run that records every
 * invoice can be faster, so each throughput ratio can reach at most the ledger floor's.
 */
export interface LedgerFloor {
  /** The median of the floor's runs. */
  wallMs: number;
  /** The same rows into a bare table (bench/baselines/bare-table.ts): the median of its runs. */
  bareTableWallMs: number;
  /** Floor ÷ bare table of each pair, run one after the other, in the order run. */
  pairRatios: number[];
  /** Each baseline's wall time ÷ the ledger floor's: the highest ratio an engine run can show. */
  bounds: NonNullable<ResultRow['ratios']>;
}

export interface SuiteResult {
  day: { targetLines: number; seed: number; lines: number; bytes: number; invoices: number; invoiceLineRecords: number; files: number };
  machine: { cores: number; node: string; platform: string };
  rows: ResultRow[];
  checks: TargetCheck[];
  decisions: {
    invoices: number; paidCount: number; paidCents: number; straightforwardAgrees: boolean | null;
    /** The previous day every contender's ledger held (absent for a day generated alone). */
    previousDay?: { date: string; invoices: number };
    /** What the engine paid on the day alone, which differs: its regularisations named nothing. */
    dayAlone?: { paidCount: number; paidCents: number };
  };
  ledgerFloor?: LedgerFloor;
}

export interface SuiteOptions {
  targetLines: number;
  threadCounts?: number[];
  baselines: { fastCsv: boolean; straightforward: boolean };
  /** Also measure the ledger floor on the day's counts (after the engine runs, which give them). */
  ledgerFloor?: boolean;
  /**
   * Also run the engine, at the most threads, on the day alone: a fresh ledger without the previous
   * day, so the day's regularisations name nothing, no debt is open and every counter is empty.
   * The contenders' throughput ÷ its own is what deciding across days costs.
   */
  dayAlone?: boolean;
  log: (line: string) => void;
}

const MiB = 1024 * 1024;
/** Ledger floor and bare table pairs: three, so that one slow run of either moves neither median. */
const LEDGER_FLOOR_PAIRS = 3;

/**
 * Generates (or reuses) the day, then measures, each in its own process and on the same data:
 * the floor, fast-csv, the straightforward engine, and the real pipeline at each thread count.
 * The floor runs twice and the second run counts, so that every contender finds the inbox in the
 * page cache (the first scan warms it).
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult & { benchDay: BenchDay }> {
  const { log } = options;
  const day = await ensureDay(options.targetLines, undefined, log);
  const threadCounts = options.threadCounts ?? Array.from({ length: availableParallelism() }, (_, i) => i + 1);

  log('floor: reading and counting lines …');
  await runChild({ job: 'floor', inbox: day.inbox });
  const floor = await runChild({ job: 'floor', inbox: day.inbox });
  const lines = floor.lines;
  const bytes = floor.bytes;
  const measured: Array<{ name: string; kind: ResultRow['kind']; threads?: number; report: ChildReport }> = [{ name: 'floor (read + count lines)', kind: 'baseline', report: floor }];

  let fastCsv: ChildReport | undefined;
  if (options.baselines.fastCsv) {
    log('fast-csv: exporting the records as CSV (cached) …');
    const csv = ensureCsvExport(day.inbox, day.dir);
    log('fast-csv: parsing …');
    fastCsv = await runChild({ job: 'fast-csv', csvFiles: csv.files });
    if (fastCsv.lines !== csv.rows) throw new Error(`fast-csv parsed ${fastCsv.lines} rows, ${csv.rows} were written`);
    measured.push({ name: 'fast-csv (parse same records as CSV)', kind: 'baseline', report: fastCsv });
  }

  let straightforward: ChildReport | undefined;
  if (options.baselines.straightforward) {
    log('straightforward engine: readline, slice(), decimal.js …');
    straightforward = await runChild({
      job: 'straightforward', inbox: day.inbox, snapshot: day.snapshot, date: BENCH_DATE,
      ...(day.previous && { seedData: day.previous.data, workDir: engineWorkDir(`l${options.targetLines}-straightforward`) }),
    });
    if (straightforward.lines !== lines) throw new Error(`straightforward engine read ${straightforward.lines} lines, the floor counted ${lines}`);
    measured.push({ name: 'straightforward engine (1 thread)', kind: 'baseline', report: straightforward });
  }

  const engineRuns: ChildReport[] = [];
  for (const threads of threadCounts) {
    log(`engine: tpliq run, ${threads} thread(s) …`);
    // Launched as `tpliq` launches itself: with the main thread's heap budget.
    const report = await runChild({
      job: 'engine', inbox: day.inbox, snapshot: day.snapshot, date: BENCH_DATE, threads, workDir: engineWorkDir(`l${options.targetLines}-t${threads}`),
      ...(day.previous && { seedData: day.previous.data }),
    }, MAIN_NODE_FLAGS, MAIN_PROCESS_ENV);
    engineRuns.push(report);
    measured.push({ name: `tpliq run (${threads} thread${threads > 1 ? 's' : ''})`, kind: 'engine', threads, report });
  }
  let dayAlone: { threads: number; report: ChildReport } | undefined;
  if (options.dayAlone && day.previous) {
    const threads = Math.max(...threadCounts);
    log(`engine: tpliq run, ${threads} thread(s), the day alone (no previous day in the ledger) …`);
    const report = await runChild({ job: 'engine', inbox: day.inbox, snapshot: day.snapshot, date: BENCH_DATE, threads, workDir: engineWorkDir(`l${options.targetLines}-alone-t${threads}`) }, MAIN_NODE_FLAGS, MAIN_PROCESS_ENV);
    dayAlone = { threads, report };
    measured.push({ name: `tpliq run (${threads} thread${threads > 1 ? 's' : ''}, the day alone)`, kind: 'engine-alone', threads, report });
  }

  const first = engineRuns[0]!;
  for (const r of engineRuns) {
    if (r.invoices !== first.invoices || r.paidCount !== first.paidCount || r.paidCents !== first.paidCents) {
      throw new Error(`engine runs disagree across thread counts: ${JSON.stringify(engineRuns.map((e) => [e.invoices, e.paidCount, e.paidCents]))}`);
    }
  }
  if (first.bytes !== bytes) throw new Error(`engine read ${first.bytes} bytes, the floor ${bytes}`);
  let straightforwardAgrees: boolean | null = null;
  if (straightforward) {
    straightforwardAgrees = straightforward.invoices === first.invoices && straightforward.paidCount === first.paidCount && straightforward.paidCents === first.paidCents;
    if (!straightforwardAgrees) {
      throw new Error(
        `the straightforward engine decided differently: ${straightforward.invoices} invoices, ${straightforward.paidCount} paid, ${straightforward.paidCents} cents; ` +
          `engine ${first.invoices} invoices, ${first.paidCount} paid, ${first.paidCents} cents`,
      );
    }
  }

  // Each baseline's time ÷ a contender's: how many times faster the contender went.
  const baselinesOver = (wallMs: number): NonNullable<ResultRow['ratios']> => ({
    floor: floor.wallMs / wallMs,
    ...(fastCsv ? { fastCsv: fastCsv.wallMs / wallMs } : {}),
    ...(straightforward ? { straightforward: straightforward.wallMs / wallMs } : {}),
  });

  let ledgerFloor: LedgerFloor | undefined;
  if (options.ledgerFloor) {
    const practitioners = Number(first.detail['transfers']);
    const floorDay = { invoices: first.invoices, paidCount: first.paidCount, practitioners: practitioners > 0 ? practitioners : 1, files: day.files, date: BENCH_DATE };
    // Pairs, each floor run followed by its bare table: one run of each moved by a third between
    // two bench runs on this shared machine, and a pair shares the machine's state of the moment.
    const floors: ChildReport[] = [];
    const bares: ChildReport[] = [];
    for (let pair = 1; pair <= LEDGER_FLOOR_PAIRS; pair++) {
      log(`ledger floor (${pair}/${LEDGER_FLOOR_PAIRS}): the day's invoices recorded in the ledger, nothing else …`);
      const report = await runChild({ job: 'ledger-floor', workDir: engineWorkDir(`l${options.targetLines}-ledger-floor`), ...floorDay });
      if (report.invoices !== first.invoices) throw new Error(`ledger floor recorded ${report.invoices} invoices, the engine decided ${first.invoices}`);
      floors.push(report);
      log(`bare table (${pair}/${LEDGER_FLOOR_PAIRS}): the same rows into a table with no index, one transaction …`);
      const bare = await runChild({ job: 'bare-table', workDir: engineWorkDir(`l${options.targetLines}-bare-table`), ...floorDay });
      if (bare.invoices !== first.invoices) throw new Error(`bare table recorded ${bare.invoices} invoices, the engine decided ${first.invoices}`);
      bares.push(bare);
    }
    const floorReport = medianByWall(floors);
    const bareReport = medianByWall(bares);
    measured.push({ name: `ledger floor (the invoices recorded, nothing else; median of ${LEDGER_FLOOR_PAIRS})`, kind: 'baseline', report: floorReport });
    measured.push({ name: `bare table (the same rows, no index; median of ${LEDGER_FLOOR_PAIRS})`, kind: 'baseline', report: bareReport });
    ledgerFloor = {
      wallMs: floorReport.wallMs, bareTableWallMs: bareReport.wallMs, pairRatios: floors.map((f, i) => f.wallMs / bares[i]!.wallMs), bounds: baselinesOver(floorReport.wallMs),
    };
  }

  const invoices = first.invoices;
  const perSecond = (count: number, ms: number): number => count / (ms / 1000);
  const rows: ResultRow[] = measured.map(({ name, kind, threads, report }) => {
    const row: ResultRow = {
      name, kind, ...(threads !== undefined ? { threads } : {}),
      wallMs: report.wallMs,
      linesPerSecond: perSecond(lines, report.wallMs),
      megabytesPerSecond: perSecond(bytes / MiB, report.wallMs),
      invoicesPerSecond: perSecond(invoices, report.wallMs),
      peakRssMiB: report.peakRssBytes / MiB,
    };
    if (kind !== 'baseline') {
      row.ratios = baselinesOver(report.wallMs);
      row.timingsMs = report.detail['timingsMs'] as Record<string, number>;
    }
    return row;
  });

  const engineRows = rows.filter((r) => r.kind === 'engine');
  const best = engineRows.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const checks: TargetCheck[] = [];
  if (ledgerFloor) {
    checks.push(checkTarget(TARGETS.ledgerFloor, best.wallMs / ledgerFloor.wallMs));
    checks.push(checkTarget(TARGETS.ledgerOverBare, median(ledgerFloor.pairRatios)));
  }
  if (best.ratios!.straightforward !== undefined) checks.push(checkTarget(TARGETS.straightforward, best.ratios!.straightforward));
  if (best.ratios!.fastCsv !== undefined) checks.push(checkTarget(TARGETS.fastCsv, best.ratios!.fastCsv));
  const one = engineRows.find((r) => r.threads === 1);
  const two = engineRows.find((r) => r.threads === 2);
  if (one && two) checks.push(checkTarget(TARGETS.scaling, one.wallMs / two.wallMs));
  checks.push(checkTarget(TARGETS.peakRss, Math.max(...engineRows.map((r) => r.peakRssMiB))));
  if (dayAlone) {
    // The same thread count decides across days and alone: the ratio of their wall times.
    const across = engineRows.find((r) => r.threads === dayAlone.threads);
    if (across) checks.push(checkTarget(TARGETS.acrossDays, dayAlone.report.wallMs / across.wallMs));
  }

  return {
    benchDay: day,
    day: { targetLines: options.targetLines, seed: day.seed, lines, bytes, invoices, invoiceLineRecords: day.invoiceLineRecords, files: day.files },
    machine: { cores: availableParallelism(), node: process.version, platform: `${process.platform} ${process.arch}` },
    rows,
    checks,
    decisions: {
      invoices, paidCount: first.paidCount, paidCents: first.paidCents, straightforwardAgrees,
      ...(day.previous && { previousDay: { date: day.previous.date, invoices: day.previous.invoices } }),
      ...(dayAlone && { dayAlone: { paidCount: dayAlone.report.paidCount, paidCents: dayAlone.report.paidCents } }),
    },
    ...(ledgerFloor ? { ledgerFloor } : {}),
  };
}
