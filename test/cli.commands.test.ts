import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pain001Problems, paymentFilesUnder } from './support/pain001-validity.js';

/** The installed command, as an operator runs it (the compiled CLI; `npm test` builds first). */
const CLI = resolve('dist/engine/cli/main.js');

function tpliq(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('tpliq CLI', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-cli-'));
    const gen = tpliq('gen', '--out', join(dir, 'day'), '--lines', '3000', '--seed', '5');
    expect(gen.code).toBe(0);
    const compile = tpliq('referential', 'compile', '--from', join(dir, 'day', 'referential'), '--out', join(dir, 'ref.snapshot'));
    expect(compile.code).toBe(0);
    expect(compile.stdout).toMatch(/^snapshot [0-9a-f]{64} \(\d+ bytes\)/);
  });

  it('--help lists every command', () => {
    const r = tpliq('--help');
    expect(r.code).toBe(0);
    for (const c of ['run', 'demo', 'gen', 'referential', 'inspect', 'validate', 'ledger']) expect(r.stdout).toContain(c);
  });

  it('run liquidates the inbox, logs JSON without any NIR, and refuses to overwrite its output (exit 4)', () => {
    const args = ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, 'data'), '--out', join(dir, 'out')];
    const r = tpliq(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/invariants\s+ok/);
    const logs = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event?: string });
    expect(logs.map((l) => l.event)).toEqual(['run.start', 'run.end']);
    expect(r.stderr).not.toMatch(/\b[12]\d{12}\b/); // no 13-digit NIR in the logs
    expect(tpliq(...args).code).toBe(4);
  });

  it('a junk file in the inbox is reported with its codes, and every other invoice is still decided', () => {
    const inbox = join(dir, 'junk-inbox');
    const day = join(dir, 'day', 'inbox');
    spawnSync('cp', ['-r', day, inbox]);
    writeFileSync(join(inbox, 'zz-junk.b2'), 'not a record\n\u0000\u0001');
    const r = tpliq('run', '--inbox', inbox, '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, 'data-junk'), '--out', join(dir, 'out-junk'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/file errors 4/);
    const clean = readdirSync(join(dir, 'out', 'noemie')).length;
    expect(readdirSync(join(dir, 'out-junk', 'noemie')).length).toBe(clean);
  });

  it('a bad command line is exit 2 with a one-line reason', () => {
    const r = tpliq('run', '--inbox', dir, '--snapshot', join(dir, 'ref.snapshot'), '--date', '23/11/2026', '--data', dir, '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--date must be a yyyy-mm-dd date/);
  });

  it('a referential with a bad row is refused with file:line and exit 2, nothing compiled', () => {
    const bad = join(dir, 'bad-ref');
    const r0 = tpliq('gen', '--out', bad, '--lines', '200', '--seed', '9');
    expect(r0.code).toBe(0);
    writeFileSync(join(bad, 'referential', 'amc.csv'), 'amc_number,name\nABC,Mutuelle\n');
    const r = tpliq('referential', 'compile', '--from', join(bad, 'referential'), '--out', join(dir, 'bad.snapshot'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/amc\.csv:2/);
  });

  it('inspect reads B2, NOEMIE and ARL files, as text or JSON; validate checks an ARL', () => {
    const b2 = readdirSync(join(dir, 'day', 'inbox')).find((f) => f.endsWith('.b2'))!;
    const b2Json = JSON.parse(tpliq('inspect', '--json', join(dir, 'day', 'inbox', b2)).stdout) as { format: string; records: Array<{ role: string }> };
    expect(b2Json.format).toBe('B2');
    expect(b2Json.records[0]!.role).toBe('file-header');
    const noemie = readdirSync(join(dir, 'out', 'noemie'))[0]!;
    expect(tpliq('inspect', join(dir, 'out', 'noemie', noemie)).stdout).toMatch(/^NOEMIE RSP 00580 for \d{9}/);
    const arl = readdirSync(join(dir, 'out', 'arl'))[0]!;
    const inspected = JSON.parse(tpliq('inspect', '--json', join(dir, 'out', 'arl', arl)).stdout) as { format: string };
    expect(inspected.format).toBe('ARL');
    expect(tpliq('validate', join(dir, 'out', 'arl', arl)).code).toBe(0);
    const broken = join(dir, 'broken.arl');
    writeFileSync(broken, '000garbage\n');
    const v = tpliq('validate', broken);
    expect(v.code).toBe(5);
    expect(v.stdout).toMatch(/TPLIQ_/);
  });

  it('ledger purge removes the control data of runs before the given day', () => {
    const r = tpliq('ledger', 'purge', '--data', join(dir, 'data'), '--before', '2027-03-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/purged before 2027-03-01/);
  });

  it('every payment file the runs above wrote passes the EPC XSD and usage rules', async () => {
    const files = paymentFilesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const problems = await pain001Problems(files.map((f) => readFileSync(f, 'utf8')));
    expect(problems.flatMap((list, i) => list.map((p) => `${files[i]}: ${p}`))).toEqual([]);
  });
});
