import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { CommitStep, type CommittedInvoice } from '../engine/commit/commit-step.js';
import { EMPTY_LEDGER } from '../engine/commit/ledger-lookups.js';
import type { DateYmd } from '../engine/domain/units.js';
import type { InboxRejection } from '../engine/intake/inbox-rejection.js';
import { openRegularFile } from '../engine/intake/open-regular-file.js';
import { readSharedFile } from '../engine/pipeline/shared-file.js';
import { createWorkerPool, type WorkerPool } from '../engine/pipeline/worker-pool.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { listInbox, type InboxFile } from '../engine/run/inbox.js';
import { runIntake } from '../engine/run/intake.js';
import { SHIPPED_PROFILES } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { callInChild } from './support/in-child.js';
import { poolExecutor } from '../engine/pipeline/task-executor.js';

/**
 * A file listed in the inbox may be gone, or no longer a regular file, when its turn comes. It is
 * then rejected, in its place in the input order, whichever path reads it (a worker's file task or
 * the main thread's stream), and every other file is liquidated exactly as if it had never been
 * listed: the same invoices, numbered the same.
 */
let dir: string;
let files: InboxFile[];
let pool: WorkerPool;
const layouts = new Map<string, CompiledLayout>(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));

interface Seen {
  decisions: Array<CommittedInvoice['decision']>;
  filesDone: string[];
  rejected: InboxRejection[];
}

async function intake(inputs: readonly InboxFile[], fileTaskBytesMax: number): Promise<Seen> {
  const seen: Seen = { decisions: [], filesDone: [], rejected: [] };
  const commit = new CommitStep({ accountingDate: 20261123 as DateYmd, calendar: 'TARGET_AND_FR', ledger: EMPTY_LEDGER }, (c) => seen.decisions.push(c.decision));
  await runIntake({
    files: inputs, executor: poolExecutor(pool), commit, layouts, fileTaskBytesMax,
    limits: { batchBytesMax: 64 * 1024, batchInvoicesMax: 256 },
    inFlightMax: 3,
    readChunkBytes: 4096,
    defaultProfile: 'b2-etablissements', paperProfile: 'b2-ps',
    followSymlinks: false,
    onLot: () => undefined,
    onFile: (file) => seen.filesDone.push(file.name),
    onRejected: (_file, rejection) => seen.rejected.push(rejection),
  });
  commit.finish();
  return seen;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-unreadable-'));
  await generateDay({ outDir: join(dir, 'day'), seed: 13, targetLines: 1500, accountingDate: '2026-11-23', anomalyRate: 0.1 });
  const snapshot = join(dir, 'ref.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  files = listInbox(join(dir, 'day', 'inbox'), 'TARGET_AND_FR').files;
  pool = createWorkerPool({ threads: 2, setup: { snapshotPath: snapshot, snapshotBytes: readSharedFile(snapshot), profiles: Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p])), auditArithmetic: false, startAttempt: 1 } });
});

afterAll(async () => {
  await pool?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('a listed file that cannot be read when its turn comes', () => {
  it('is rejected in input order (gone, turned into a folder, replaced by a link), on both read paths, and the others are decided as without it', async () => {
    const b2 = files.filter((f) => f.kind === 'B2');
    const paper = files.filter((f) => f.kind === 'PAPER');
    expect(b2.length).toBeGreaterThanOrEqual(3);
    expect(paper.length).toBeGreaterThanOrEqual(1);
    const [vanished, folder] = [b2[0]!, b2[1]!];
    const linked = paper[0]!;
    const victims = new Set([vanished.name, folder.name, linked.name]);
    const kept = files.filter((f) => !victims.has(f.name));
    const baseline = await intake(kept, Number.MAX_SAFE_INTEGER);
    expect(baseline.decisions.length).toBeGreaterThan(100);

    unlinkSync(vanished.path);
    unlinkSync(folder.path);
    mkdirSync(folder.path);
    const elsewhere = join(dir, 'elsewhere.csv');
    copyFileSync(linked.path, elsewhere);
    unlinkSync(linked.path);
    symlinkSync(elsewhere, linked.path);

    const expected = files.filter((f) => victims.has(f.name)).map((f) => ({
      name: f.name,
      code: f === vanished ? 'TPLIQ_INBOX_VANISHED' : f === folder ? 'TPLIQ_INBOX_NOT_A_FILE' : 'TPLIQ_INBOX_SYMLINK',
    }));
    for (const fileTaskBytesMax of [Number.MAX_SAFE_INTEGER, -1]) {
      const seen = await intake(files, fileTaskBytesMax);
      expect(seen.rejected.map((r) => ({ name: r.name, code: r.code }))).toEqual(expected);
      expect(seen.filesDone).toEqual(baseline.filesDone);
      expect(seen.decisions).toEqual(baseline.decisions);
    }
  });
});

describe('openRegularFile', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'late.b2');
    execFileSync('mkfifo', [fifo]);
    await expect(callInChild('engine/intake/open-regular-file.js', 'openRegularFile', [fifo, true], 20_000)).rejects.toThrow(/not a regular file \(a FIFO\)/);
  });

  it('refuses a symbolic link unless links are followed', () => {
    const target = join(dir, 'target.b2');
    writeFileSync(target, 'x');
    const link = join(dir, 'link.b2');
    symlinkSync(target, link);
    expect(() => openRegularFile(link, false)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    const fd = openRegularFile(link, true);
    expect(readFileSync(fd, 'utf8')).toBe('x');
    closeSync(fd);
  });
});
