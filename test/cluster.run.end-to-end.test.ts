import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestOutputFolder, outputDifferences } from '../engine/run/output-digests.js';
import { ledgerCounts } from '../scripts/crash/crash-trial.js';
import { tpliq, type CliResult } from './support/cli-process.js';
import { CLUSTER_TESTS_RUN, freshNamespace, testNatsUrl } from './support/nats-server.js';
import { TempFolders } from './support/temp-dirs.js';

/**
 * A clustered run (`tpliq run --cluster`) against a real nats-server, with real worker processes
 * (`tpliq worker --cluster`), compared with a local run of the same day: the same bytes out, and
 * the same ledger, when a worker is killed mid-run and when the coordinator is.
 */
const CLI = resolve('dist/engine/cli/main.js');
const DATE = '2026-11-23';
const folders = new TempFolders();
let root: string;
let inbox: string;
let snapshot: string;
let local: { out: string; counts: ReturnType<typeof ledgerCounts> };
const workers: ChildProcess[] = [];

/** Starts a worker and resolves once it says it listens. */
function startWorker(namespace: string, env: NodeJS.ProcessEnv = {}, ackWaitSeconds = 60): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--cluster', testNatsUrl(), '--cluster-namespace', namespace, '--ack-wait-seconds', String(ackWaitSeconds)], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  workers.push(child);
  return new Promise((ready, failed) => {
    let said = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      said += text;
      if (said.includes('"worker.ready"')) ready(child);
    });
    child.on('exit', (code, signal) => failed(new Error(`worker ended before it was ready (${code ?? signal}): ${said}`)));
  });
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
}

async function clusteredRun(name: string, namespace: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { data: string; out: string }> {
  const data = join(root, `data-${name}`);
  const out = join(root, `out-${name}`);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { ...await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', DATE, '--data', data, '--out', out, '--quiet', '--cluster', testNatsUrl(), '--cluster-namespace', namespace, ...extra), data, out };
  } finally {
    process.env = saved;
  }
}

describe.skipIf(!CLUSTER_TESTS_RUN)('a clustered run on NATS JetStream', () => {
  beforeAll(async () => {
    root = folders.make('tpliq-cluster-');
    expect((await tpliq('gen', '--out', join(root, 'gen'), '--lines', '6000', '--seed', '9', '--anomaly-rate', '0.05')).code).toBe(0);
    inbox = join(root, 'gen', 'inbox');
    snapshot = join(root, 'ref.snapshot');
    expect((await tpliq('referential', 'compile', '--from', join(root, 'gen', 'referential'), '--out', snapshot)).code).toBe(0);
    const out = join(root, 'out-local');
    // Small batches: many of them, so that three workers share the day and a kill lands mid-run.
    const r = await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', DATE, '--data', join(root, 'data-local'), '--out', out, '--quiet', '--threads', '2');
    expect(r.code).toBe(0);
    local = { out, counts: ledgerCounts(join(root, 'data-local')) };
  });

  afterEach(async () => {
    for (const child of workers.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await ended(child);
    }
  });

  afterAll(() => folders.removeAll());

  it('with 3 worker processes writes every output byte for byte as the local run, and the same ledger', async () => {
    const namespace = freshNamespace();
    await Promise.all([startWorker(namespace), startWorker(namespace), startWorker(namespace)]);
    const run = await clusteredRun('three', namespace, ['--batch-kib', '16']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const digests = digestOutputFolder(local.out);
    expect(digests.length).toBeGreaterThan(10);
    expect(outputDifferences(digests, digestOutputFolder(run.out))).toEqual([]);
    expect(ledgerCounts(run.data)).toEqual(local.counts);
    // Every worker stops when told, after the batch in hand.
    for (const child of workers) child.kill('SIGTERM');
    for (const child of workers) expect(await ended(child)).toEqual({ code: 0, signal: null });
  });

  it('redelivers the batch of a worker killed mid-run (SIGKILL): nothing decided or paid twice, the same bytes', async () => {
    const namespace = freshNamespace();
    // The first worker to start creates the consumer, with a short ack wait for this test.
    const doomed = await startWorker(namespace, { TPLIQ_TEST_WORKER_DIE_AT_BATCH: '3' }, 2);
    await Promise.all([startWorker(namespace, {}, 2), startWorker(namespace, {}, 2)]);
    const run = await clusteredRun('worker-killed', namespace, ['--batch-kib', '16']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await ended(doomed)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(outputDifferences(digestOutputFolder(local.out), digestOutputFolder(run.out))).toEqual([]);
    expect(ledgerCounts(run.data)).toEqual(local.counts);
  });

  it('leaves nothing committed when the coordinator is killed mid-run, and a re-run completes with the same bytes', async () => {
    const namespace = freshNamespace();
    await Promise.all([startWorker(namespace), startWorker(namespace)]);
    const killed = await clusteredRun('coordinator-killed', namespace, ['--batch-kib', '16'], { TPLIQ_TEST_KILL_AT: 'mid-intake' });
    expect(killed.code).toBe(-1);
    expect(existsSync(killed.out)).toBe(false);
    expect(ledgerCounts(killed.data)).toMatchObject({ runs: 0, invoices: 0, transfers: 0 });
    const again = await clusteredRun('coordinator-killed', namespace, ['--batch-kib', '16']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(outputDifferences(digestOutputFolder(local.out), digestOutputFolder(again.out))).toEqual([]);
    expect(ledgerCounts(again.data)).toEqual(local.counts);
  });

  it('stops with TPLIQ_CLUSTER_STALLED (exit 2) when no worker takes the batches, leaving nothing', async () => {
    const run = await clusteredRun('no-worker', freshNamespace(), ['--cluster-stall-seconds', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/TPLIQ_CLUSTER_STALLED/);
    expect(existsSync(run.out)).toBe(false);
    expect(existsSync(`${run.out}.staging`)).toBe(false);
    expect(ledgerCounts(run.data).runs).toBe(0);
  });

  it('says TPLIQ_CLUSTER_UNREACHABLE (exit 2) when no NATS server answers, before any work', async () => {
    const data = join(root, 'data-unreachable');
    const out = join(root, 'out-unreachable');
    const r = await tpliq('run', '--inbox', inbox, '--snapshot', snapshot, '--date', DATE, '--data', data, '--out', out, '--quiet', '--cluster', 'nats://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TPLIQ_CLUSTER_UNREACHABLE/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.staging`)).toBe(false);
  });
});
