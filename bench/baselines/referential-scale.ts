import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReferentialIssue } from '../../codecs/csv/referential-issue.js';
import type { DateYmd } from '../../engine/domain/units.js';
import { encodeSnapshot } from '../../engine/referential/compile-snapshot.js';
import { importReferential } from '../../engine/referential/import-referential.js';
import { loadSnapshot } from '../../engine/referential/load-snapshot.js';
import { readSharedFile } from '../../engine/pipeline/shared-file.js';
import { createWorkerPool } from '../../engine/pipeline/worker-pool.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { SHIPPED_PROFILES } from '../../engine/run/liquidation-run.js';
import { writeSyntheticReferential, type SyntheticSize } from '../../scripts/measure-referential.js';

/**
 * The referential at operator scale (issue #4: 2 million beneficiaries, 100 000 practitioners):
 * the CSV delivery is written once by scripts/measure-referential.ts's seeded writer, then
 * imported (CSV read, every check, sorted tables) and compiled; a worker's load is measured in a
 * fresh process, as a worker pays it.
 */

export function syntheticSize(beneficiaries: number, practitioners: number): SyntheticSize {
  return { beneficiaries, practitioners, amcs: 40, contracts: 300, pecs: 20_000 };
}

/** Writes the CSV delivery under `dir/csv` once (cached). */
export function ensureSyntheticReferential(dir: string, size: SyntheticSize): string {
  const csv = join(dir, 'csv');
  const marker = join(dir, 'csv.done');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    writeSyntheticReferential(csv, size);
    writeFileSync(marker, JSON.stringify(size));
  }
  return csv;
}

/** CSV import + compile, timed separately; writes the snapshot. */
export async function importAndCompile(csvDir: string, snapshotOut: string): Promise<{ importMs: number; encodeMs: number; snapshotBytes: number; beneficiaries: number }> {
  let t = performance.now();
  const imported = await importReferential(csvDir);
  const importMs = performance.now() - t;
  if (!imported.ok) throw new Error(`synthetic referential has issues:\n${imported.issues.slice(0, 10).map(formatReferentialIssue).join('\n')}`);
  t = performance.now();
  const compiled = encodeSnapshot(imported.referential, imported.sources);
  const encodeMs = performance.now() - t;
  writeFileSync(`${snapshotOut}.partial`, compiled.bytes);
  renameSync(`${snapshotOut}.partial`, snapshotOut);
  return { importMs, encodeMs, snapshotBytes: compiled.bytes.byteLength, beneficiaries: imported.referential.beneficiaries.count };
}

/**
 * What a worker does at start (engine/worker.ts): read the file, load it without re-verifying
 * the hash (the main thread verified it), compile the layouts. In a fresh process, so the first
 * load also pays for parsing the .proto, as a worker does. Then a few lookups prove it answers.
 */
export function workerLoad(snapshotPath: string): { readMs: number; loadMs: number; verifiedLoadMs: number; beneficiaries: number; probesFound: number } {
  let t = performance.now();
  const bytes = readFileSync(snapshotPath);
  const readMs = performance.now() - t;
  t = performance.now();
  const view = loadSnapshot(bytes, { verify: false });
  for (const p of SHIPPED_PROFILES) loadLayout(p);
  const loadMs = performance.now() - t;
  t = performance.now();
  loadSnapshot(bytes);
  const verifiedLoadMs = performance.now() - t;
  // Probe with the practitioners' own ids and a guarantee: a load that answers nothing is a defect.
  let probesFound = 0;
  for (const line of readFileSync(join(snapshotPath, '..', 'csv', 'practitioners.csv'), 'utf8').split('\n').slice(1, 1001)) {
    if (line !== '' && view.practitioner(line.split(',')[0]!) !== undefined) probesFound++;
  }
  if (view.guarantee('CT0000', 'MEDG', 20260815 as DateYmd) !== undefined) probesFound++;
  if (probesFound === 0) throw new Error('the loaded snapshot answers no lookup');
  return { readMs, loadMs, verifiedLoadMs, beneficiaries: view.counts.beneficiaries, probesFound };
}

/**
 * Memory a worker adds: RSS before and after starting a real pool the way a run starts it — the
 * snapshot read once into shared memory by the main thread (readSharedFile), every worker loading
 * its view of those bytes and the layouts — and running empty batches through the workers.
 */
export async function workerMemory(snapshotPath: string, threads: number): Promise<{ rssBeforeBytes: number; rssAfterBytes: number; perWorkerBytes: number }> {
  const settle = (): void => {
    (globalThis as { gc?: () => void }).gc?.();
  };
  const snapshotBytes = readSharedFile(snapshotPath);
  settle();
  const rssBeforeBytes = process.memoryUsage().rss;
  const profiles = Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p]));
  const pool = createWorkerPool({ threads, setup: { snapshotPath, snapshotBytes, profiles, auditArithmetic: false, startAttempt: 1 } });
  const empty = () => ({ batch: 0, bytes: new Uint8Array(0), index: new Float64Array(0), invoiceCount: 0, lots: [], framingErrors: [] });
  await Promise.all(Array.from({ length: threads * 4 }, () => pool.run(empty())));
  // Workers load at start-up, not all of them on the first task: wait until RSS stops growing.
  let rssAfterBytes = process.memoryUsage().rss;
  for (let stable = 0, waited = 0; stable < 5 && waited < 100; waited++) {
    await new Promise((r) => setTimeout(r, 200));
    settle();
    const now = process.memoryUsage().rss;
    stable = now > rssAfterBytes * 1.01 ? 0 : stable + 1;
    rssAfterBytes = Math.max(rssAfterBytes, now);
  }
  await pool.destroy();
  return { rssBeforeBytes, rssAfterBytes, perWorkerBytes: (rssAfterBytes - rssBeforeBytes) / threads };
}
