import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCase } from '../fuzz/build-case.js';
import { runCampaign, type CampaignResult } from '../fuzz/campaign.js';
import { prepareFuzzDay, type FuzzDay } from '../fuzz/fuzz-day.js';
import { judgeCase, type FindingKind } from '../fuzz/judge-case.js';
import { CASES_IN_CI, CI_SEED, KINDS_IN_CI } from '../fuzz/kinds-in-ci.js';

/**
 * A bounded fuzzing campaign on the real pipeline, as CI runs it: the compiled CLI in a child
 * process for every case (`npm test` builds first), on mutations of a small generated day, every
 * mutation kind drawn in turn (KINDS_IN_CI). `npm run fuzz -- --cases N` runs the long campaigns.
 */
let root: string;
let day: FuzzDay;
let campaign: CampaignResult;

/** The failing cases for one property, as lines a reader can replay (kind, seed, what was done, what was seen). */
function failures(property: FindingKind): string[] {
  return campaign.verdicts.flatMap((v) =>
    v.findings.filter((f) => f.kind === property).map((f) => `${v.fuzzCase.kind} seed ${v.fuzzCase.seed}: ${v.fuzzCase.description.slice(0, 160)} → ${f.detail}`),
  );
}

describe(`fuzz: ${CASES_IN_CI} mutated inboxes and returns through the real CLI`, () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tpliq-fuzz-ci-'));
    day = await prepareFuzzDay(join(root, 'day'));
    campaign = await runCampaign({ day, cases: CASES_IN_CI, seed: CI_SEED, kinds: KINDS_IN_CI, workDir: join(root, 'cases') });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('draws every kind of KINDS_IN_CI, on a day with every channel', () => {
    expect(new Set(campaign.verdicts.map((v) => v.fuzzCase.kind))).toEqual(new Set(KINDS_IN_CI));
    expect(new Set(day.entries.map((e) => e.profile || 'paper'))).toEqual(new Set(['b2-ps', 'b2-etablissements', 'dre', 'paper']));
  });

  it('never ends a run, inspect or validate with exit 1 (a bug)', () => {
    expect(failures('internal-error')).toEqual([]);
  });

  it('never hangs', () => {
    expect(failures('hang')).toEqual([]);
  });

  it('ends every run with exit 0, or 2 where refusing the inbox is documented; inspect 0/2, validate 0/5/2', () => {
    expect(failures('unexpected-exit')).toEqual([]);
  });

  it('keeps summary.json and decisions.csv consistent: counts, cents, whole decisions, coded file errors', () => {
    expect(failures('summary')).toEqual([]);
  });

  it('decides every invoice of the untouched files exactly as the clean run', () => {
    expect(failures('invoices-lost')).toEqual([]);
    expect(failures('invoices-changed')).toEqual([]);
    // The comparison really compared: every finished run leaves most of the day's invoices untouched.
    const finished = campaign.verdicts.filter((v) => v.fuzzCase.command === 'run' && v.exitCodes.run === 0);
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.filter((v) => v.compared <= day.cleanDecisions.length / 2).map((v) => v.fuzzCase.description)).toEqual([]);
  });

  it('never pays again an invoice of a file delivered twice (a copy or a link under another name)', () => {
    expect(failures('paid-twice')).toEqual([]);
    expect(campaign.verdicts.some((v) => v.fuzzCase.command === 'run' && v.fuzzCase.copies.length > 0)).toBe(true);
  });

  it('never writes a beneficiary NIR or name in a log line, the result text or summary.json', () => {
    expect(failures('private-data')).toEqual([]);
  });

  it('replays every finished run from its archive byte for byte, whatever its inbox held', () => {
    expect(failures('replay')).toEqual([]);
  });

  it('would fail on a bug: a file cut in half but not declared touched is reported', () => {
    // The control case moves a file to the end of the input and compares it with its clean rows:
    // with its second half gone, invoices must be seen lost or changed. A B2 file, whose reader
    // finishes a cut file (a paper file cut mid-row is a kind of its own).
    const control = [...Array(50).keys()].map((seed) => buildCase(day, 'control-moved-last', seed)).find((c) => !c.description.startsWith('paper/'));
    if (control?.command !== 'run') throw new Error('no control case on a B2 file');
    const edits = control.edits.map((e) => (e.op === 'write' && e.path !== 'manifest.json' ? { ...e, bytes: e.bytes.subarray(0, e.bytes.length >> 1) } : e));
    const verdict = judgeCase(day, { ...control, edits }, join(day.root, 'planted'));
    expect(verdict.findings.some((f) => f.kind === 'invoices-lost' || f.kind === 'invoices-changed')).toBe(true);
  });
});
