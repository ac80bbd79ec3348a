import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from './support/child-run.js';

/** `tpliq run` and its inbox, as an operator meets them: exit codes, one-line reasons, the result text. */
const CLI = resolve('dist/engine/cli/main.js');

async function tpliq(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // A run that hangs (a FIFO opened by mistake) is killed and fails the test.
  const r = await runChild(process.execPath, [CLI, ...args], { env: { ...process.env, CI: 'true' }, timeoutMs: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
const runArgs = (inbox: string, name: string): string[] =>
  ['run', '--inbox', inbox, '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, `data-${name}`), '--out', join(dir, `out-${name}`)];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-cli-inbox-'));
  expect((await tpliq('gen', '--out', join(dir, 'day'), '--lines', '400', '--seed', '9')).code).toBe(0);
  expect((await tpliq('referential', 'compile', '--from', join(dir, 'day', 'referential'), '--out', join(dir, 'ref.snapshot'))).code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tpliq run --inbox', () => {
  it('a missing inbox is exit 2 with its code on one line, no stack, nothing written', async () => {
    const r = await tpliq(...runArgs(join(dir, 'no-such-inbox'), 'missing'));
    expect(r.code).toBe(2);
    const [message, event, ...rest] = r.stderr.split('\n');
    expect(message).toMatch(/^tpliq: TPLIQ_INBOX_MISSING: inbox .*no-such-inbox does not exist$/);
    expect(JSON.parse(event!)).toMatchObject({ event: 'run.failed', code: 'TPLIQ_INBOX_MISSING', exitCode: 2 });
    expect(rest).toEqual(['']);
    expect(existsSync(join(dir, 'out-missing'))).toBe(false);
    expect(existsSync(join(dir, 'out-missing.staging'))).toBe(false);
  });

  it('an inbox that is a file is exit 2, TPLIQ_INBOX_NOT_A_FOLDER', async () => {
    const r = await tpliq(...runArgs(join(dir, 'ref.snapshot'), 'file'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpliq: TPLIQ_INBOX_NOT_A_FOLDER: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('malformed entries do not stop the run: exit 0, counted in the result text and the end log line', async () => {
    const inbox = join(dir, 'inbox-malformed');
    spawnSync('cp', ['-r', join(dir, 'day', 'inbox'), inbox]);
    mkdirSync(join(inbox, 'folder.b2'));
    spawnSync('mkfifo', [join(inbox, 'paper', 'fifo.csv')]);
    symlinkSync(join(dir, 'nowhere'), join(inbox, 'dangling.dre'));
    writeFileSync(join(inbox, 'manifest.json'), '{ "files": ');
    const r = await tpliq(...runArgs(inbox, 'malformed'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not taken\s+3 inbox entries \(names and codes in summary.json, inputs.rejected\)/);
    expect(r.stdout).toMatch(/manifest\s+1 problem, /);
    const end = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event?: string; rejectedEntries?: number }).find((l) => l.event === 'run.end');
    expect(end?.rejectedEntries).toBe(3);
  });

  it('a link to a file is taken only with --follow-symlinks', async () => {
    const inbox = join(dir, 'inbox-linked');
    mkdirSync(inbox);
    spawnSync('sh', ['-c', `for f in "${join(dir, 'day', 'inbox')}"/*.b2; do ln -s "$f" "${inbox}/"; done`]);
    const refused = await tpliq(...runArgs(inbox, 'linked-refused'));
    expect(refused.code).toBe(0);
    expect(refused.stdout).toMatch(/invoices\s+0 .* in 0 files/);
    const followed = await tpliq(...runArgs(inbox, 'linked-followed'), '--follow-symlinks');
    expect(followed.code).toBe(0);
    expect(followed.stdout).not.toMatch(/invoices\s+0 /);
    expect(followed.stdout).not.toMatch(/not taken/);
  });
});
