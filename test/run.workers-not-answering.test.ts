import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { digestOutputFolder, outputDifferences } from '../engine/run/output-digests.js';
import { generateDay } from '../scripts/generate/index.js';
import { tpliq, tpliqWithEnv } from './support/cli-process.js';

const DATE = '2026-11-23';

interface LogLine {
  event?: string;
  code?: string;
  attempt?: number;
  loadedWorkers?: number;
  reason?: string;
  exitCode?: number;
}

function logLines(text: string): LogLine[] {
  return text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}

/**
 * Workers that do not answer, in a real `tpliq run` whose workers a test hook makes hang.
 * - As they load (engine/pipeline/worker-start.ts, TPLIQ_TEST_STALL_WORKER_START, a short start
 *   deadline): the pool is let go and a fresh one started, and the run ends with the bytes of a run
 *   that never stalled; a run whose every pool stalls stops before paying anything, with its code,
 *   and leaves nothing behind.
 * - In a task (worker-stall-watch.ts, TPLIQ_TEST_HANG_WORKER_TASK, a short stall time): the run
 *   stops with its code instead of waiting for ever, and leaves nothing behind.
 */
describe('workers that do not answer', () => {
  let dir: string;
  let argsOf: (name: string) => string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-worker-start-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 23, targetLines: 3_000, accountingDate: DATE, anomalyRate: 0.05 });
    await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
    argsOf = (name) => ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', DATE, '--data', join(dir, name, 'data'), '--out', join(dir, name, 'out'), '--threads', '2'];
    const reference = await tpliq(...argsOf('reference'));
    expect(reference.code).toBe(0);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a pool whose workers hang as they load is replaced, and the run writes the bytes of one that never stalled', async () => {
    const stalled = await tpliqWithEnv({ TPLIQ_TEST_STALL_WORKER_START: '1', TPLIQ_TEST_WORKER_START_MS: '1500' }, ...argsOf('stalled'));
    expect(stalled.code).toBe(0);
    const abandoned = logLines(stalled.stdout + stalled.stderr).filter((line) => line.event === 'run.workers-abandoned');
    expect(abandoned).toEqual([expect.objectContaining({ code: 'TPLIQ_WORKERS_NOT_LOADED', attempt: 1, loadedWorkers: 0, reason: 'deadline' })]);
    const differences = outputDifferences(digestOutputFolder(join(dir, 'reference', 'out')), digestOutputFolder(join(dir, 'stalled', 'out')));
    expect(differences).toEqual([]);
    expect(digestOutputFolder(join(dir, 'stalled', 'out')).length).toBeGreaterThan(5);
  });

  it('a run whose every pool hangs stops with TPLIQ_WORKERS_DID_NOT_START (exit 3), and the next run of the day starts clean', async () => {
    const stalled = await tpliqWithEnv({ TPLIQ_TEST_STALL_WORKER_START: '1,2,3', TPLIQ_TEST_WORKER_START_MS: '1000' }, ...argsOf('never'));
    expect(stalled.code).toBe(3);
    const lines = logLines(stalled.stdout + stalled.stderr);
    expect(lines.filter((line) => line.event === 'run.workers-abandoned').map((line) => line.attempt)).toEqual([1, 2, 3]);
    expect(lines).toContainEqual(expect.objectContaining({ code: 'TPLIQ_WORKERS_DID_NOT_START', exitCode: 3 }));
    // Nothing paid, nothing staged: the output folder was never made.
    expect(existsSync(join(dir, 'never', 'out'))).toBe(false);
    expect(existsSync(join(dir, 'never', 'out.staging'))).toBe(false);
    const again = await tpliq(...argsOf('never'));
    expect(again.code).toBe(0);
    expect(outputDifferences(digestOutputFolder(join(dir, 'reference', 'out')), digestOutputFolder(join(dir, 'never', 'out')))).toEqual([]);
    expect(readdirSync(join(dir, 'never')).sort()).toEqual(['data', 'out']);
  });

  it('a worker hung in a task stops the run with TPLIQ_WORKERS_STALLED (exit 3) instead of a wait for ever, and the next run starts clean', async () => {
    const hung = await tpliqWithEnv({ TPLIQ_TEST_HANG_WORKER_TASK: '1', TPLIQ_TEST_WORKER_STALL_MS: '1500' }, ...argsOf('hung'));
    expect(hung.code).toBe(3);
    expect(logLines(hung.stdout + hung.stderr)).toContainEqual(expect.objectContaining({ code: 'TPLIQ_WORKERS_STALLED', exitCode: 3 }));
    expect(existsSync(join(dir, 'hung', 'out'))).toBe(false);
    expect(existsSync(join(dir, 'hung', 'out.staging'))).toBe(false);
    const again = await tpliq(...argsOf('hung'));
    expect(again.code).toBe(0);
    expect(outputDifferences(digestOutputFolder(join(dir, 'reference', 'out')), digestOutputFolder(join(dir, 'hung', 'out')))).toEqual([]);
  });
});
