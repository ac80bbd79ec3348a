import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFolderBusy, DataFolderLock } from '../engine/ledger/data-folder-lock.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { ledgerCounts, runCli } from '../scripts/crash/crash-trial.js';
import { generateDay } from '../scripts/generate/index.js';

describe('one command at a time on a data folder', () => {
  let dir: string;
  let argsOf: (inbox: string, date: string, dataDir: string, outDir: string) => string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-lock-'));
    await generateDay({ outDir: join(dir, 'day'), seed: 3, targetLines: 6_000, accountingDate: '2026-11-23', anomalyRate: 0.05 });
    await writeSnapshot(join(dir, 'day', 'referential'), join(dir, 'ref.snapshot'));
    argsOf = (inbox, date, dataDir, outDir) => ['run', '--inbox', inbox, '--snapshot', join(dir, 'ref.snapshot'), '--date', date, '--data', dataDir, '--out', outDir];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a second taker is refused with the holder named, until the first releases', () => {
    const data = join(dir, 'lock-data');
    const first = DataFolderLock.acquire(data, { command: 'run', accountingDate: '2026-11-23' });
    let refused: unknown;
    try {
      DataFolderLock.acquire(data, { command: 'ledger purge' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderBusy);
    expect((refused as DataFolderBusy).code).toBe('TPLIQ_DATA_FOLDER_BUSY');
    expect((refused as DataFolderBusy).holder).toMatchObject({ command: 'run', pid: process.pid, accountingDate: '2026-11-23' });
    first.release();
    DataFolderLock.acquire(data, { command: 'ledger purge' }).release();
  });

  it('a lock whose holder was killed is free at once: no stale lock to remove by hand', async () => {
    const data = join(dir, 'killed-holder');
    const module = pathToFileURL(resolve('dist/engine/ledger/data-folder-lock.js')).href;
    // The holder drops its reference to the lock at once: the lock must hold until released (HELD).
    const holder = spawn(process.execPath, ['-e', `import('${module}').then((m) => { m.DataFolderLock.acquire(process.argv[1], { command: 'run' }); console.log('held'); setInterval(() => {}, 1000); })`, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((held) => holder.stdout.once('data', () => held()));
    expect(() => DataFolderLock.acquire(data, { command: 'run' })).toThrow(DataFolderBusy);
    holder.kill('SIGKILL');
    await new Promise((ended) => holder.once('close', ended));
    DataFolderLock.acquire(data, { command: 'run' }).release();
  });

  it('a run on a busy data folder stops at once with TPLIQ_DATA_FOLDER_BUSY (exit 3), writing nothing', async () => {
    const data = join(dir, 'busy-data');
    const out = join(dir, 'busy-out');
    const lock = DataFolderLock.acquire(data, { command: 'ledger purge' });
    try {
      const r = await runCli(argsOf(join(dir, 'day', 'inbox'), '2026-11-23', data, out));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/TPLIQ_DATA_FOLDER_BUSY: .*ledger purge \(pid \d+/);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.staging`)).toBe(false);
    } finally {
      lock.release();
    }
    expect((await runCli(argsOf(join(dir, 'day', 'inbox'), '2026-11-23', data, out))).code).toBe(0);
  });

  it('two runs started together on days D and D+1 with the same invoices never pay them twice', async () => {
    const alone = join(dir, 'alone');
    expect((await runCli(argsOf(join(dir, 'day', 'inbox'), '2026-11-23', alone, join(alone, 'out')))).code).toBe(0);
    const paidAlone = ledgerCounts(alone).paidInvoices;
    expect(paidAlone).toBeGreaterThan(100);
    for (let attempt = 0; attempt < 3; attempt++) {
      const data = join(dir, `together-${attempt}`);
      const [d, d1] = await Promise.all([
        runCli(argsOf(join(dir, 'day', 'inbox'), '2026-11-23', data, join(data, 'out-d'))),
        runCli(argsOf(join(dir, 'day', 'inbox'), '2026-11-24', data, join(data, 'out-d1'))),
      ]);
      // Whichever came second was refused as busy, or ran after the first and found every invoice paid.
      expect([d.code, d1.code].sort()).toSatisfy((codes: Array<number | null>) => codes[0] === 0 && (codes[1] === 0 || codes[1] === 3));
      for (const r of [d, d1]) if (r.code === 3) expect(r.stderr).toMatch(/TPLIQ_DATA_FOLDER_BUSY/);
      expect(ledgerCounts(data).paidInvoices).toBe(paidAlone);
    }
  });
});
