import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParametersOf } from '../engine/cli/run-options.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import type { RunResult } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { callInChild } from './support/in-child.js';

/**
 * A night whose inbox also holds everything operators fuzzed `tpliq run` with — folders and FIFOs
 * named like inputs, links in and out of the inbox, broken links, a name that is not UTF-8, bad
 * manifest entries — completes: those entries are listed in summary.json with their codes, and
 * every invoice of the valid files is decided byte for byte as on the clean inbox. Runs go through
 * a child process: a FIFO opened by mistake would block the thread, and the child is killed
 * rather than the suite hanging.
 */
const DATE = '2026-11-23';
let dir: string;
let snapshot: string;
let clean: RunResult;
let malformedInbox: string;

interface SummaryInputs {
  inputs: {
    files: Array<{ name: string; throughSymlink?: boolean }>;
    rejected: Array<{ code: string; name: string; message: string }>;
    manifest: Array<{ code: string; entry?: string }>;
  };
}

function run(inbox: string, name: string, extra: { followSymlinks?: boolean } = {}): Promise<RunResult> {
  const params = { ...runParametersOf({ inbox, snapshot, date: DATE, data: join(dir, `data-${name}`), out: join(dir, 'out', name), threads: '2' }), ...extra };
  return callInChild<RunResult>('engine/run/liquidation-run.js', 'runLiquidation', [params], 180_000);
}

const summaryOf = (r: RunResult): SummaryInputs & Record<string, unknown> => JSON.parse(readFileSync(join(r.outDir, 'summary.json'), 'utf8')) as SummaryInputs & Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-malformed-inbox-'));
  await generateDay({ outDir: join(dir, 'day'), seed: 21, targetLines: 3000, accountingDate: DATE, anomalyRate: 0.12 });
  snapshot = join(dir, 'ref.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  const inbox = join(dir, 'day', 'inbox');
  clean = await run(inbox, 'clean');

  // The same files (hard links), and the malformed entries.
  malformedInbox = join(dir, 'malformed');
  mkdirSync(join(malformedInbox, 'paper'), { recursive: true });
  for (const name of readdirSync(inbox)) if (statSync(join(inbox, name)).isFile() && name !== 'manifest.json') linkSync(join(inbox, name), join(malformedInbox, name));
  for (const name of readdirSync(join(inbox, 'paper'))) linkSync(join(inbox, 'paper', name), join(malformedInbox, 'paper', name));
  const aB2 = readdirSync(inbox).find((n) => n.endsWith('.b2'))!;
  const outside = join(dir, 'outside', 'delivered-elsewhere.b2');
  mkdirSync(join(dir, 'outside'));
  copyFileSync(join(inbox, aB2), outside);
  mkdirSync(join(malformedInbox, 'folder.b2'));
  mkdirSync(join(malformedInbox, 'paper', 'folder.csv'));
  execFileSync('mkfifo', [join(malformedInbox, 'fifo.dre'), join(malformedInbox, 'paper', 'fifo.csv')]);
  symlinkSync(outside, join(malformedInbox, 'zz-link.b2'));
  symlinkSync(join(malformedInbox, 'missing.b2'), join(malformedInbox, 'dangling.b2'));
  symlinkSync(join(malformedInbox, 'loop-b.b2'), join(malformedInbox, 'loop-a.b2'));
  symlinkSync(join(malformedInbox, 'loop-a.b2'), join(malformedInbox, 'loop-b.b2'));
  copyFileSync(join(inbox, aB2), Buffer.concat([Buffer.from(join(malformedInbox, 'latin1-caf')), Buffer.from([0xe9]), Buffer.from('.b2')]));
  // The generated manifest, with a null entry, an entry for no file, and one for the link in year 9999.
  const manifest = JSON.parse(readFileSync(join(inbox, 'manifest.json'), 'utf8')) as { files: unknown[] };
  manifest.files.push(null, { file: 'gone.b2', receivedAt: '2026-11-23T10:00:00+01:00' }, { file: 'zz-link.b2', receivedAt: '9999-12-31T10:00:00+01:00' });
  writeFileSync(join(malformedInbox, 'manifest.json'), JSON.stringify(manifest));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tpliq run on an inbox with malformed entries', () => {
  let malformed: RunResult;

  beforeAll(async () => {
    malformed = await run(malformedInbox, 'malformed');
  });

  it('completes, and lists every entry it did not take in summary.json with its code, in listing order', () => {
    expect(malformed.rejectedEntries).toBe(9);
    expect(summaryOf(malformed).inputs.rejected.map((r) => [r.code, r.name])).toEqual([
      ['TPLIQ_INBOX_SYMLINK', 'dangling.b2'],
      ['TPLIQ_INBOX_NOT_A_FILE', 'fifo.dre'],
      ['TPLIQ_INBOX_NOT_A_FILE', 'folder.b2'],
      ['TPLIQ_INBOX_NAME_ENCODING', 'latin1-caf\\xE9.b2'],
      ['TPLIQ_INBOX_SYMLINK', 'loop-a.b2'],
      ['TPLIQ_INBOX_SYMLINK', 'loop-b.b2'],
      ['TPLIQ_INBOX_SYMLINK', 'zz-link.b2'],
      ['TPLIQ_INBOX_NOT_A_FILE', 'paper/fifo.csv'],
      ['TPLIQ_INBOX_NOT_A_FILE', 'paper/folder.csv'],
    ]);
  });

  it('reports the bad manifest entries, each at its index, and uses the good ones', () => {
    const entries = summaryOf(malformed).inputs.manifest;
    const n = entries.length > 0 ? Number(/\d+/.exec(entries[0]!.entry!)![0]) : -1;
    expect(entries.map((p) => [p.code, p.entry])).toEqual([
      ['TPLIQ_INBOX_MANIFEST_ENTRY', `files[${n}]`],
      ['TPLIQ_INBOX_MANIFEST_UNKNOWN_FILE', `files[${n + 1}]`],
      ['TPLIQ_INBOX_MANIFEST_INSTANT_RANGE', `files[${n + 2}]`],
    ]);
    expect(malformed.manifestProblems).toBe(3);
  });

  it('decides every invoice of the valid files exactly as on the clean inbox, and pays nothing from outside it', () => {
    expect(readFileSync(join(malformed.outDir, 'decisions.csv'))).toEqual(readFileSync(join(clean.outDir, 'decisions.csv')));
    expect(malformed.invoices).toBe(clean.invoices);
    expect(malformed.files).toBe(clean.files);
    const { inputs: malformedInputs, ...malformedRest } = summaryOf(malformed);
    const { inputs: cleanInputs, ...cleanRest } = summaryOf(clean);
    expect(malformedRest).toEqual(cleanRest);
    expect(malformedInputs.files).toEqual(cleanInputs.files);
    expect(cleanInputs.rejected).toEqual([]);
    expect(readdirSync(join(malformed.outDir, 'sepa')).map((f) => readFileSync(join(malformed.outDir, 'sepa', f), 'utf8')))
      .toEqual(readdirSync(join(clean.outDir, 'sepa')).map((f) => readFileSync(join(clean.outDir, 'sepa', f), 'utf8')));
  });
});

describe('tpliq run --follow-symlinks on the same inbox', () => {
  it('takes the link to a regular file, says so in summary.json, and still rejects the broken links', async () => {
    const followed = await run(malformedInbox, 'followed', { followSymlinks: true });
    const { inputs } = summaryOf(followed);
    expect(inputs.files.filter((f) => f.throughSymlink === true).map((f) => f.name)).toEqual(['zz-link.b2']);
    expect(inputs.rejected.map((r) => [r.code, r.name]).filter(([, name]) => /dangling|loop/.test(name!))).toEqual([
      ['TPLIQ_INBOX_SYMLINK_BROKEN', 'dangling.b2'], ['TPLIQ_INBOX_SYMLINK_BROKEN', 'loop-a.b2'], ['TPLIQ_INBOX_SYMLINK_BROKEN', 'loop-b.b2'],
    ]);
    expect(readCsv(join(followed.outDir, 'decisions.csv')).filter((d) => d.file === 'zz-link.b2').length).toBeGreaterThan(0);
    expect(followed.files).toBe(clean.files + 1);
  });
});
