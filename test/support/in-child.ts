import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChild } from './child-run.js';

/**
 * Calls an export of a compiled engine module (dist/, as `npm test` builds it) in a child Node
 * process, and gives back its JSON-serialised result. For behaviours whose failure is a hang in
 * synchronous code — opening a FIFO blocks the thread, and no test timeout can interrupt it: the
 * child is killed after `timeoutMs` and the call throws, so the test fails instead of the suite
 * hanging. An async export is awaited.
 */
export async function callInChild<T>(modulePath: string, exportName: string, args: readonly unknown[], timeoutMs: number): Promise<T> {
  const url = pathToFileURL(resolve('dist', modulePath)).href;
  const script = `
    const m = await import(${JSON.stringify(url)});
    const args = JSON.parse(process.argv[2]);
    try {
      const value = await m[${JSON.stringify(exportName)}](...args);
      process.stdout.write(JSON.stringify({ value }));
    } catch (e) {
      process.stdout.write(JSON.stringify({ thrown: { name: e.name, code: e.code, message: e.message } }));
    }`;
  // A script file rather than `--input-type=module -e`: worker threads inherit the process's
  // flags, and the ledger thread refuses --input-type.
  const scriptDir = mkdtempSync(join(tmpdir(), 'tpliq-child-'));
  const scriptPath = join(scriptDir, 'call.mjs');
  writeFileSync(scriptPath, script);
  const r = await runChild(process.execPath, [scriptPath, JSON.stringify(args)], { timeoutMs });
  rmSync(scriptDir, { recursive: true, force: true });
  if (r.error !== undefined || r.signal !== null) throw new Error(`${exportName} did not finish within ${timeoutMs} ms (${r.signal ?? r.error?.message}): it hung`);
  if (r.status !== 0) throw new Error(`${exportName} failed in the child: ${r.stderr}`);
  const answer = JSON.parse(r.stdout) as { value?: T; thrown?: { name: string; code?: string; message: string } };
  if (answer.thrown !== undefined) throw Object.assign(new Error(answer.thrown.message), { name: answer.thrown.name, code: answer.thrown.code });
  return answer.value as T;
}
