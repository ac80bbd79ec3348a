import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPhase } from '../engine/run/liquidation-run.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { CLI, ledgerCounts, runCli } from '../scripts/crash/crash-trial.js';
import { generateDay } from '../scripts/generate/index.js';

interface LogLine {
  event?: string;
  phase?: string;
  code?: string;
  exitCode?: number;
  signal?: string;
}

/** Runs `tpliq ARGS` in batch mode and sends `signal` as soon as the run logs that it entered `phase`. */
function signalledRun(args: readonly string[], phase: RunPhase, signal: NodeJS.Signals): Promise<{ code: number | null; logs: LogLine[] }> {
  // Held a moment in the phase (TPLIQ_TEST_HOLD_AT, crash-points.ts), so the signal lands in it on any machine.
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CI: 'true', TPLIQ_TEST_HOLD_AT: phase }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let sent = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!sent && stderr.includes(`"event":"run.phase","phase":"${phase}"`)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((done) => child.on('close', (code) => done({ code, logs: stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine) })));
}

describe('a run stopped by SIGTERM or SIGINT', () => {
  let dir: string;
  let argsOf: (name: string) => string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-signals-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 9, targetLines: 15_000, accountingDate: '2026-11-23', anomalyRate: 0.05 });
    await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
    argsOf = (name) => ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, name, 'data'), '--out', join(dir, name, 'out'), '--threads', '1'];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [signal, phase] of [['SIGTERM', 'intake'], ['SIGINT', 'returns']] as const) {
    it(`${signal} during the ${phase}: a clean stop (exit 3, run.interrupted then run.failed), nothing recorded, no staging left, and the re-run succeeds`, async () => {
      const name = `${signal}-${phase}`;
      const stopped = await signalledRun(argsOf(name), phase, signal);
      expect(stopped.code).toBe(3);
      expect(stopped.logs.find((l) => l.event === 'run.interrupted')).toMatchObject({ signal, phase });
      expect(stopped.logs.at(-1)).toMatchObject({ event: 'run.failed', code: 'TPLIQ_RUN_INTERRUPTED', exitCode: 3 });
      expect(readdirSync(join(dir, name))).toEqual(['data']);
      expect(ledgerCounts(join(dir, name, 'data')).runs).toBe(0);
      const rerun = await runCli(argsOf(name));
      expect(rerun.code).toBe(0);
      expect(existsSync(join(dir, name, 'out', 'summary.json'))).toBe(true);
    });
  }

  it('a signal during the ledger phase is logged and the run finishes: its outputs are released', async () => {
    const finished = await signalledRun(argsOf('ledger-phase'), 'ledger', 'SIGTERM');
    expect(finished.code).toBe(0);
    expect(finished.logs.map((l) => l.event)).toContain('run.interrupt-deferred');
    expect(finished.logs.at(-1)?.event).toBe('run.end');
    expect(ledgerCounts(join(dir, 'ledger-phase', 'data')).unreleasedRuns).toBe(0);
  });

  it('logs each phase in batch mode, and run.failed with its code on a refused run', async () => {
    const args = argsOf('phases');
    const ok = await runCli(args);
    expect(ok.code).toBe(0);
    const events = ok.stderr.trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    expect(events.filter((l) => l.event === 'run.phase').map((l) => l.phase)).toEqual(['intake', 'returns', 'ledger', 'done']);
    const refused = await runCli(args.map((a) => (a === '2026-11-23' ? '2026-11-23' : a === join(dir, 'phases', 'out') ? join(dir, 'phases', 'out-2') : a)));
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stderr.trim().split('\n').at(-1)!)).toMatchObject({ event: 'run.failed', code: 'TPLIQ_ACCOUNTING_DAY_LIQUIDATED', exitCode: 3 });
  });
});
