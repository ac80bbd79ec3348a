import { join } from 'node:path';
import { ensureSyntheticReferential, syntheticSize } from '../baselines/referential-scale.js';
import { CACHE_DIR } from './day-cache.js';
import { runChild } from './run-child.js';
import { checkTarget, TARGETS, type TargetCheck } from './targets.js';

export interface ReferentialResult {
  beneficiaries: number;
  practitioners: number;
  importMs: number;
  encodeMs: number;
  snapshotMiB: number;
  importPeakRssMiB: number;
  workerReadMs: number;
  workerLoadMs: number;
  verifiedLoadMs: number;
  loadPeakRssMiB: number;
  /** RSS one more worker adds to the process (isolate + snapshot + layouts). */
  perWorkerMiB: number;
  check: TargetCheck;
}

const MiB = 2 ** 20;

/**
 * Issue #4's referential target: 2 M beneficiaries and 100 000 practitioners compile to a
 * snapshot, and a worker loads it (read + load, as engine/worker.ts does) in ≤ 10 % of the CSV
 * import time. Import, load and worker memory each run in a fresh process.
 */
export async function runReferentialSuite(beneficiaries: number, practitioners: number, log: (s: string) => void): Promise<ReferentialResult> {
  const dir = join(CACHE_DIR, `referential-b${beneficiaries}-p${practitioners}`);
  log(`referential: writing ${beneficiaries.toLocaleString('en')} beneficiaries, ${practitioners.toLocaleString('en')} practitioners as CSV (cached) …`);
  const csvDir = ensureSyntheticReferential(dir, syntheticSize(beneficiaries, practitioners));
  const snapshot = join(dir, 'referential.snapshot');
  log('referential: CSV import + compile …');
  const imported = await runChild({ job: 'referential-import', csvDir, snapshotOut: snapshot });
  log('referential: worker load (fresh process) …');
  const loaded = await runChild({ job: 'snapshot-load', snapshot });
  log('referential: memory per worker …');
  const memory = await runChild({ job: 'worker-memory', snapshot, threads: 2 }, ['--expose-gc']);
  const i = imported.detail as { importMs: number; encodeMs: number; snapshotBytes: number };
  const l = loaded.detail as { readMs: number; loadMs: number; verifiedLoadMs: number };
  const m = memory.detail as { perWorkerBytes: number };
  const workerMs = l.readMs + l.loadMs;
  return {
    beneficiaries, practitioners,
    importMs: i.importMs, encodeMs: i.encodeMs, snapshotMiB: i.snapshotBytes / MiB, importPeakRssMiB: imported.peakRssBytes / MiB,
    workerReadMs: l.readMs, workerLoadMs: l.loadMs, verifiedLoadMs: l.verifiedLoadMs, loadPeakRssMiB: loaded.peakRssBytes / MiB,
    perWorkerMiB: m.perWorkerBytes / MiB,
    check: checkTarget(TARGETS.referentialLoad, workerMs / i.importMs),
  };
}

export function referentialText(r: ReferentialResult): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return [
    `Referential of ${r.beneficiaries.toLocaleString('en')} beneficiaries, ${r.practitioners.toLocaleString('en')} practitioners:`,
    `- CSV import (read, every check, sorted tables): ${s(r.importMs)} (peak RSS ${r.importPeakRssMiB.toFixed(0)} MiB); compile to snapshot ${s(r.encodeMs)}, ${r.snapshotMiB.toFixed(1)} MiB`,
    `- worker load, fresh process: read ${r.workerReadMs.toFixed(0)} ms + load ${r.workerLoadMs.toFixed(0)} ms (hash-verified load, done once by the main thread: ${r.verifiedLoadMs.toFixed(0)} ms); peak RSS ${r.loadPeakRssMiB.toFixed(0)} MiB`,
    `- memory per worker (RSS a started worker adds; the ${r.snapshotMiB.toFixed(0)} MiB snapshot is shared, held once by the process): ${r.perWorkerMiB.toFixed(0)} MiB`,
    `- worker load ÷ CSV import: ${(r.check.value * 100).toFixed(2)} % (target ≤ 10 %) — ${r.check.met ? 'MET' : 'MISSED'}`,
  ].join('\n');
}
