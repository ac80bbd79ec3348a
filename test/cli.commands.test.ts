import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tpliq } from './support/cli-process.js';
import { pain001Problems, paymentFilesUnder } from './support/pain001-validity.js';

describe('tpliq CLI', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tpliq-cli-'));
    const gen = await tpliq('gen', '--out', join(dir, 'day'), '--lines', '3000', '--seed', '5');
    expect(gen.code).toBe(0);
    const compile = await tpliq('referential', 'compile', '--from', join(dir, 'day', 'referential'), '--out', join(dir, 'ref.snapshot'));
    expect(compile.code).toBe(0);
    expect(compile.stdout).toMatch(/^snapshot [0-9a-f]{64} \(\d+ bytes\)/);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bad command line, number or path is exit 2 with one clear line and no stack', async () => {
    const snapshot = join(dir, 'ref.snapshot');
    const day = join(dir, 'day', 'inbox');
    const run = (...extra: string[]): string[] => ['run', '--inbox', day, '--snapshot', snapshot, '--date', '2026-11-23', '--data', join(dir, 'bad-data'), '--out', join(dir, 'bad-out'), ...extra];
    const cases: Array<[string[], RegExp]> = [
      [['bogus'], /unknown command 'bogus'/],
      [['run', '--inbox', day], /required option '--snapshot <file>' not specified/],
      [run('--no-such-option'), /unknown option '--no-such-option'/],
      [['gen', '--out', join(dir, 'g'), '--lines', '-5'], /--lines must be a whole number from 1, got "-5"/],
      [['gen', '--out', join(dir, 'g'), '--lines', '10'], /targetLines 10 must be an integer in \[100/],
      [['gen', '--out', join(dir, 'g'), '--date', '2026-13-01'], /--date must be a yyyy-mm-dd date/],
      [['demo', '--threads', 'abc'], /--threads must be a positive whole number, got "abc"/],
      [run('--threads', '0'), /--threads must be a positive whole number/],
      [run('--profile', 'nope=x.json'), /--profile nope: unknown profile, one of b2-etablissements, b2-ps, dre/],
      [run('--snapshot', join(dir, 'no-such.snapshot')), /--snapshot .*no-such\.snapshot does not exist/],
      [run('--data', snapshot), /--data .* is not a folder/],
      [run('--out', join(snapshot, 'out')), /--out .*: .*ref\.snapshot is not a folder/],
      [['inspect', join(dir, 'no-such.b2')], /TPLIQ_PATH_ENOENT: .*no-such\.b2: no such file or directory \(open\)/],
      [['ledger', 'purge', '--data', join(dir, 'no-ledger-here'), '--before', '2026-01-01'], /TPLIQ_LEDGER_MISSING: no ledger in /],
    ];
    for (const [args, message] of cases) {
      const r = await tpliq(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(join(dir, 'no-ledger-here'))).toBe(false);
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
  });

  it('--help lists every command', async () => {
    const r = await tpliq('--help');
    expect(r.code).toBe(0);
    for (const c of ['run', 'demo', 'gen', 'referential', 'inspect', 'validate', 'ledger']) expect(r.stdout).toContain(c);
  });

  it('run liquidates the inbox, logs JSON without any NIR, answers the same command again from its outputs, and refuses to overwrite an output folder (exit 4)', async () => {
    const args = ['run', '--inbox', join(dir, 'day', 'inbox'), '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, 'data'), '--out', join(dir, 'out')];
    const r = await tpliq(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/invariants\s+ok/);
    const logs = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event?: string });
    // run.progress heartbeats come every 5 s: as many as the machine's speed makes.
    expect(logs.map((l) => l.event).filter((e) => e !== 'run.progress')).toEqual(['run.start', 'run.phase', 'run.phase', 'run.phase', 'run.phase', 'run.end']);
    expect(r.stderr).not.toMatch(/\b[12]\d{12}\b/); // no 13-digit NIR in the logs
    // The same command again (a scheduler's retry): the day's run is the answer, nothing is redone.
    const again = await tpliq(...args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/liquidated by an earlier invocation into this folder/);
    expect(again.stdout.split('\n')[0]).toBe(r.stdout.split('\n')[0]);
    // Another day into the same folder would overwrite it.
    const otherDay = args.map((a) => (a === '2026-11-23' ? '2026-11-24' : a));
    expect((await tpliq(...otherDay)).code).toBe(4);
  });

  it('a junk file in the inbox is reported with its codes, and every other invoice is still decided', async () => {
    const inbox = join(dir, 'junk-inbox');
    const day = join(dir, 'day', 'inbox');
    spawnSync('cp', ['-r', day, inbox]);
    writeFileSync(join(inbox, 'zz-junk.b2'), 'not a record\n\u0000\u0001');
    const r = await tpliq('run', '--inbox', inbox, '--snapshot', join(dir, 'ref.snapshot'), '--date', '2026-11-23', '--data', join(dir, 'data-junk'), '--out', join(dir, 'out-junk'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/file errors 4/);
    const clean = readdirSync(join(dir, 'out', 'noemie')).length;
    expect(readdirSync(join(dir, 'out-junk', 'noemie')).length).toBe(clean);
  });

  it('a bad command line is exit 2 with a one-line reason', async () => {
    const r = await tpliq('run', '--inbox', dir, '--snapshot', join(dir, 'ref.snapshot'), '--date', '23/11/2026', '--data', dir, '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--date must be a yyyy-mm-dd date/);
  });

  it('a referential with a bad row is refused with file:line and exit 2, nothing compiled', async () => {
    const bad = join(dir, 'bad-ref');
    const r0 = await tpliq('gen', '--out', bad, '--lines', '200', '--seed', '9');
    expect(r0.code).toBe(0);
    writeFileSync(join(bad, 'referential', 'amc.csv'), 'amc_number,name\nABC,Mutuelle\n');
    const r = await tpliq('referential', 'compile', '--from', join(bad, 'referential'), '--out', join(dir, 'bad.snapshot'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/amc\.csv:2/);
  });

  it('inspect reads B2, NOEMIE and ARL files, as text or JSON; validate checks an ARL', async () => {
    const b2 = readdirSync(join(dir, 'day', 'inbox')).find((f) => f.endsWith('.b2'))!;
    const b2Json = JSON.parse((await tpliq('inspect', '--json', join(dir, 'day', 'inbox', b2))).stdout) as { format: string; records: Array<{ role: string }> };
    expect(b2Json.format).toBe('B2');
    expect(b2Json.records[0]!.role).toBe('file-header');
    const noemie = readdirSync(join(dir, 'out', 'noemie'))[0]!;
    expect((await tpliq('inspect', join(dir, 'out', 'noemie', noemie))).stdout).toMatch(/^NOEMIE RSP 00580 for \d{9}/);
    const arl = readdirSync(join(dir, 'out', 'arl'))[0]!;
    const inspected = JSON.parse((await tpliq('inspect', '--json', join(dir, 'out', 'arl', arl))).stdout) as { format: string };
    expect(inspected.format).toBe('ARL');
    expect((await tpliq('validate', join(dir, 'out', 'arl', arl))).code).toBe(0);
    const broken = join(dir, 'broken.arl');
    writeFileSync(broken, '000garbage\n');
    const v = await tpliq('validate', broken);
    expect(v.code).toBe(5);
    expect(v.stdout).toMatch(/TPLIQ_/);
  });

  it('inspect masks every NIR (text and JSON, B2 and NOEMIE) unless --show-nir is given', async () => {
    const b2 = join(dir, 'day', 'inbox', readdirSync(join(dir, 'day', 'inbox')).find((f) => f.endsWith('.b2'))!);
    const noemie = join(dir, 'out', 'noemie', readdirSync(join(dir, 'out', 'noemie'))[0]!);
    const nirsOf = (text: string): string[] => [...text.matchAll(/"(?:nir|beneficiaryNir)": "([^"]*)"/g)].map((m) => m[1]!);
    for (const file of [b2, noemie]) {
      const masked = nirsOf((await tpliq('inspect', '--json', file)).stdout);
      const shown = nirsOf((await tpliq('inspect', '--json', '--show-nir', file)).stdout);
      expect(masked.length).toBeGreaterThan(0);
      expect(masked).toHaveLength(shown.length);
      expect(shown.some((nir) => /^[12]\d{12}$/.test(nir))).toBe(true);
      for (const [i, nir] of masked.entries()) expect(nir).toBe(shown[i]!.charAt(0) + '*'.repeat(shown[i]!.length - 1));
      expect((await tpliq('inspect', file)).stdout).not.toMatch(/\b[12]\d{12}\b/);
    }
  });

  it('ledger purge refuses a cut-off within the 90-day retention unless forced, then removes the control data of runs before it', async () => {
    const refused = await tpliq('ledger', 'purge', '--data', join(dir, 'data'), '--before', '2027-03-01');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/TPLIQ_RETENTION_TOO_SHORT: --before 2027-03-01 would purge runs less than 90 days before the latest accounting day 2026-11-23/);
    const r = await tpliq('ledger', 'purge', '--data', join(dir, 'data'), '--before', '2027-03-01', '--force');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^purged before 2027-03-01 \(latest accounting day 2026-11-23\)\n {2}runs purged .* 1\n/);
  });

  it('every payment file the runs above wrote passes the EPC XSD and usage rules', async () => {
    const files = paymentFilesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const problems = await pain001Problems(files.map((f) => readFileSync(f, 'utf8')));
    expect(problems.flatMap((list, i) => list.map((p) => `${files[i]}: ${p}`))).toEqual([]);
  });
});
