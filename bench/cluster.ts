/**
 * `npm run bench:cluster` — a clustered run (`tpliq run --cluster`) with 1, 2 and 3 worker
 * processes (`tpliq worker`) on this machine, next to the local run with its worker threads, on
 * the generated day (1 M lines by default, cached like the other benchmarks' days). Each is the
 * real CLI in its own process, timed from start to exit, with a fresh data folder; every clustered
 * run's outputs are checked byte for byte against the local run's (timings.json aside).
 *
 * Needs a nats-server with JetStream: `--nats URL`, or TPLIQ_TEST_NATS_URL
 * (`eval "$(bash scripts/nats-for-tests.sh)"`). Writes bench/results/<name>.{json,md}.
 *
 *   node dist/bench/cluster.js [--lines 1000000] [--workers 1,2,3] [--threads 2] [--nats URL] [--name cluster]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_NODE_FLAGS, MAIN_PROCESS_ENV } from '../engine/cli/heap-budget.js';
import { digestOutputFolder, outputDifferences } from '../engine/run/output-digests.js';
import { optionText, wholeNumberOption } from './lib/bench-options.js';
import { BENCH_DATE, ensureDay, REPO_ROOT } from './lib/day-cache.js';
import { engineWorkDir, removeEngineWorkDirs } from './lib/engine-work-dirs.js';
import { AckPolicy, connect, RetentionPolicy, StorageType } from 'nats';

const CLI = join(REPO_ROOT, 'dist', 'engine', 'cli', 'main.js');

interface Measured {
  label: string;
  workers: number;
  wallMs: number;
  timingsMs: Record<string, number>;
  identical: boolean;
}

function startWorker(url: string, namespace: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--cluster', url, '--cluster-namespace', namespace], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((ready, failed) => {
    let said = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      said += text;
      if (said.includes('"worker.ready"')) ready(child);
    });
    child.on('exit', (code) => failed(new Error(`worker ended (${code}): ${said}`)));
  });
}

function timedRun(args: readonly string[]): { wallMs: number; timingsMs: Record<string, number> } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [...MAIN_NODE_FLAGS, CLI, 'run', ...args, '--quiet'], { env: { ...process.env, ...MAIN_PROCESS_ENV }, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`tpliq run exited ${r.status}: ${r.stderr}`);
  const out = args[args.indexOf('--out') + 1]!;
  return { wallMs, timingsMs: JSON.parse(readFileSync(join(out, 'timings.json'), 'utf8')) as Record<string, number> };
}

/**
 * The server's own throughput for batch-sized messages: `count` messages of `bytes` published into
 * a work-queue stream on disk (each publish acknowledged by the server, as the coordinator's are),
 * then pulled and acknowledged by one consumer. The stream is removed after.
 */
async function streamThroughput(url: string, bytes: number, count: number): Promise<{ publishMiBps: number; consumeMiBps: number }> {
  const connection = await connect({ servers: url });
  const jsm = await connection.jetstreamManager();
  const name = `BENCH_${process.pid}`;
  try {
    await jsm.streams.add({ name, subjects: [`bench${process.pid}.>`], retention: RetentionPolicy.Workqueue, storage: StorageType.File, max_msg_size: 8 * 1024 * 1024 });
    await jsm.consumers.add(name, { durable_name: 'bench', ack_policy: AckPolicy.Explicit });
    const js = connection.jetstream();
    const payload = new Uint8Array(bytes).fill(0x41);
    let started = performance.now();
    // 16 publishes out at once, as the coordinator keeps 16 batches out.
    for (let i = 0; i < count; i += 16) await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, j) => js.publish(`bench${process.pid}.${(i + j) % 16}`, payload)));
    const publishSeconds = (performance.now() - started) / 1000;
    const consumer = await js.consumers.get(name, 'bench');
    started = performance.now();
    let received = 0;
    const messages = await consumer.consume({ max_messages: 16 });
    for await (const message of messages) {
      message.ack();
      if (++received === count) break;
    }
    const consumeSeconds = (performance.now() - started) / 1000;
    const mib = (bytes * count) / 2 ** 20;
    return { publishMiBps: mib / publishSeconds, consumeMiBps: mib / consumeSeconds };
  } finally {
    await jsm.streams.delete(name).catch(() => undefined);
    await connection.close();
  }
}

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);
  const lines = wholeNumberOption('--lines', 1_000_000);
  const threads = wholeNumberOption('--threads', 2);
  const workerCounts = (optionText('--workers') ?? '1,2,3').split(',').map(Number);
  const url = optionText('--nats') ?? process.env.TPLIQ_TEST_NATS_URL;
  if (url === undefined) throw new Error('a NATS server is needed: --nats URL or TPLIQ_TEST_NATS_URL (eval "$(bash scripts/nats-for-tests.sh)")');
  const day = await ensureDay(lines, undefined, log);
  removeEngineWorkDirs();
  const runArgs = (name: string): string[] => {
    const dir = engineWorkDir(name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return ['--inbox', day.inbox, '--snapshot', day.snapshot, '--date', BENCH_DATE, '--data', join(dir, 'data'), '--out', join(dir, 'out')];
  };
  log(`local run, ${threads} threads …`);
  const localArgs = runArgs('cluster-local');
  const local = timedRun([...localArgs, '--threads', String(threads)]);
  const localOut = localArgs[localArgs.indexOf('--out') + 1]!;
  const reference = digestOutputFolder(localOut);
  const results: Measured[] = [{ label: `local, ${threads} threads`, workers: 0, ...local, identical: true }];
  for (const count of workerCounts) {
    const namespace = `bench${process.pid}w${count}`;
    const workers = await Promise.all(Array.from({ length: count }, () => startWorker(url, namespace)));
    try {
      log(`clustered run, ${count} worker process(es) …`);
      const args = runArgs(`cluster-${count}`);
      const measured = timedRun([...args, '--cluster', url, '--cluster-namespace', namespace]);
      const identical = outputDifferences(reference, digestOutputFolder(args[args.indexOf('--out') + 1]!)).length === 0;
      results.push({ label: `cluster, ${count} worker(s)`, workers: count, ...measured, identical });
    } finally {
      for (const worker of workers) worker.kill('SIGTERM');
    }
  }
  removeEngineWorkDirs();
  log('the stream alone: 512 KiB messages through JetStream …');
  const stream = await streamThroughput(url, 512 * 1024, 400);
  const one = results.find((r) => r.workers === 1);
  const text = [
    `${day.invoices.toLocaleString('en')} invoices (${lines.toLocaleString('en')} target lines, seed ${day.seed}), ${(day.inboxBytes / 2 ** 20).toFixed(0)} MiB of inbox; NATS ${url}`,
    '',
    '| run | wall s | intake s | ÷ local | ÷ 1 worker | outputs |',
    '|---|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.label} | ${(r.wallMs / 1000).toFixed(2)} | ${((r.timingsMs['intake'] ?? 0) / 1000).toFixed(2)} | ${(local.wallMs / r.wallMs).toFixed(2)} | ${one === undefined || r.workers === 0 ? '' : (one.wallMs / r.wallMs).toFixed(2)} | ${r.identical ? 'identical' : 'DIFFER'} |`),
    '',
    `The stream alone (400 messages of 512 KiB, on disk): published ${stream.publishMiBps.toFixed(0)} MiB/s, consumed ${stream.consumeMiBps.toFixed(0)} MiB/s.`,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = optionText('--name') ?? 'cluster';
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ lines, threads, invoices: day.invoices, inboxBytes: day.inboxBytes, results, stream }, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), `# npm run bench:cluster\n\n${text}\n`);
  if (results.some((r) => !r.identical)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
