import { describe, expect, it } from 'vitest';
import { runChild } from './support/child-run.js';

/**
 * The suite's own guard against a command that hangs: killed after its time, and the failure says
 * where each thread stood. Without it a hang is only "Hook timed out in 600000ms".
 */
describe('a child that outlives its time', () => {
  it('is killed, and its stderr ends with where its main thread and its worker stood', async () => {
    const script = `
      const { Worker } = require('node:worker_threads');
      new Worker('setInterval(() => {}, 1000)', { eval: true });
      setTimeout(function waitingForever() {}, 1e9);
      process.stderr.write('started\\n');`;
    const r = await runChild(process.execPath, ['-e', script], { timeoutMs: 3_000, reportOnTimeout: true });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stderr).toMatch(/^started\n/);
    expect(r.stderr).toContain('[killed: still running after 3000 ms]');
    expect(r.stderr).toMatch(/-- main thread:[\s\S]*active handles: [^\n]*timer/);
    expect(r.stderr).toMatch(/-- worker 1:/);
  }, 30_000);

  it('that ends in time gives its own output, with no report', async () => {
    const r = await runChild(process.execPath, ['-e', 'process.stderr.write("done")'], { timeoutMs: 20_000, reportOnTimeout: true });
    expect(r).toMatchObject({ status: 0, signal: null, stderr: 'done' });
  }, 30_000);
});
