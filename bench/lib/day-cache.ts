import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDay, PREVIOUS_DAY_FOLDER, type GeneratedDaySummary } from '../../scripts/generate/index.js';
import { runParametersOf } from '../../engine/cli/run-options.js';
import { runLiquidation } from '../../engine/run/liquidation-run.js';
import { writeSnapshot } from '../../engine/referential/compile-snapshot.js';
import { snapshotHeader } from '../../engine/referential/load-snapshot.js';
import { SNAPSHOT_VERSION } from '../../codecs/proto/referential-proto.js';

/** The repository root, from dist/bench/lib or bench/lib alike. */
export const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (package.json)');
    dir = up;
  }
  return dir;
})();

export const CACHE_DIR = join(REPO_ROOT, 'bench', '.cache');
export const BENCH_SEED = 20261123;
export const BENCH_DATE = '2026-11-23';

/** A generated day ready to benchmark: inbox, compiled snapshot, and what the generator said it wrote. */
export interface BenchDay {
  dir: string;
  inbox: string;
  snapshot: string;
  seed: number;
  targetLines: number;
  /** Invoice-line records in B2 / DRE files (what `targetLines` aims at). */
  invoiceLineRecords: number;
  invoices: number;
  files: number;
  inboxBytes: number;
  expectedPaidCents: number;
  generateMs: number;
  compileMs: number;
  /**
   * The day's previous day, liquidated once into a data folder that every contender copies as its
   * own before its clock starts: the day's regularisations, set-offs and counters then meet the
   * ledger they were generated against, as on a real night.
   */
  previous?: { date: string; data: string; invoices: number; liquidateMs: number };
}

/**
 * The generator's compiled code, hashed: a cached day is only reused while the generator that
 * wrote it is unchanged, so a benchmark never measures data the current generator would not make.
 */
function generatorFingerprint(): string {
  const dir = join(REPO_ROOT, 'dist', 'scripts', 'generate');
  const h = createHash('sha256');
  if (existsSync(dir)) for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 10);
}

/** The previous day liquidated into `<dir>/previous-data` (its outputs are not kept). */
async function liquidatePreviousDay(dir: string, snapshot: string, date: string, log: (s: string) => void): Promise<NonNullable<BenchDay['previous']>> {
  log(`liquidating the previous day ${date} into the ledger every contender starts from …`);
  const data = join(dir, 'previous-data');
  const out = join(dir, 'previous-out');
  rmSync(data, { recursive: true, force: true });
  const t = performance.now();
  const result = await runLiquidation(runParametersOf({ inbox: join(dir, 'day', PREVIOUS_DAY_FOLDER, 'inbox'), snapshot, date, data, out }));
  const liquidateMs = performance.now() - t;
  rmSync(out, { recursive: true, force: true });
  log(`  ${result.invoices.toLocaleString('en')} invoices in ${(liquidateMs / 1000).toFixed(1)} s`);
  return { date, data, invoices: result.invoices, liquidateMs };
}

/**
 * A cached day whose snapshot an older engine compiled (another layout version) is compiled again:
 * the bench measures the snapshot a run of this engine would load. The previous day's ledger is
 * kept; it does not depend on the snapshot's layout.
 */
async function withCurrentSnapshot(day: BenchDay, log: (s: string) => void): Promise<BenchDay> {
  if (snapshotHeader(readFileSync(day.snapshot)).version === SNAPSHOT_VERSION) return day;
  log(`compiling the referential again (snapshot layout ${SNAPSHOT_VERSION}) …`);
  const t = performance.now();
  await writeSnapshot(join(day.dir, 'day', 'referential'), day.snapshot);
  const compiled = { ...day, compileMs: performance.now() - t };
  const marker = join(day.dir, 'bench-day.json');
  writeFileSync(`${marker}.partial`, JSON.stringify(compiled, null, 2));
  renameSync(`${marker}.partial`, marker);
  return compiled;
}

/**
 * Generates the day once per (seed, size, generator) under bench/.cache/ and compiles its
 * referential; later runs reuse it. A half-written day (interrupted run) has no `generated.json`
 * and is regenerated from scratch.
 */
export async function ensureDay(targetLines: number, seed = BENCH_SEED, log: (s: string) => void = () => undefined): Promise<BenchDay> {
  const dir = resolve(CACHE_DIR, `day-s${seed}-l${targetLines}-g${generatorFingerprint()}`);
  const marker = join(dir, 'bench-day.json');
  if (existsSync(marker)) return withCurrentSnapshot(JSON.parse(readFileSync(marker, 'utf8')) as BenchDay, log);
  // Two steps, each with its own marker: a compile that fails (a referential issue) does not
  // throw away a generation of several minutes.
  const generatedMarker = join(dir, 'generated.json');
  let generated: GeneratedDaySummary & { generateMs: number };
  if (existsSync(generatedMarker)) generated = JSON.parse(readFileSync(generatedMarker, 'utf8')) as typeof generated;
  else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log(`generating ${targetLines.toLocaleString('en')} invoice lines (seed ${seed}) into ${dir} …`);
    const t = performance.now();
    const summary = await generateDay({ outDir: join(dir, 'day'), seed, targetLines, accountingDate: BENCH_DATE });
    generated = { ...summary, generateMs: performance.now() - t };
    log(`  generated in ${(generated.generateMs / 1000).toFixed(1)} s`);
    writeFileSync(generatedMarker, JSON.stringify(generated));
  }
  log('compiling the referential …');
  const t = performance.now();
  const snapshot = join(dir, 'referential.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  const compileMs = performance.now() - t;
  const previous = generated.previous && (await liquidatePreviousDay(dir, snapshot, generated.previous.accountingDate, log));
  const day: BenchDay = {
    dir,
    inbox: join(dir, 'day', 'inbox'),
    snapshot,
    seed,
    targetLines,
    invoiceLineRecords: generated.lineRecords,
    invoices: generated.invoices,
    files: generated.files.length,
    inboxBytes: generated.files.reduce((s, f) => s + f.bytes, 0),
    expectedPaidCents: generated.expectedPaidCents,
    generateMs: generated.generateMs,
    compileMs,
    ...(previous && { previous }),
  };
  writeFileSync(`${marker}.partial`, JSON.stringify(day, null, 2));
  renameSync(`${marker}.partial`, marker);
  return day;
}
