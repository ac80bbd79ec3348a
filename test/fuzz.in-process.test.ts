import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFileCase, IN_PROCESS_KINDS } from '../fuzz/file-case.js';
import { fileRunProblems } from '../fuzz/file-run-checks.js';
import { prepareFuzzDay, type FuzzDay } from '../fuzz/fuzz-day.js';
import { dayNirs, judgeInProcess, runInProcessCampaign, type InProcessResult } from '../fuzz/in-process-campaign.js';
import { InProcessEngine, type FileRun } from '../fuzz/in-process-liquidation.js';
import type { FindingKind } from '../fuzz/judge-case.js';
import { CI_SEED, IN_PROCESS_CASES_IN_CI } from '../fuzz/kinds-in-ci.js';
import { fixtureDirs, loadFixture, REGRESSIONS_DIR } from '../fuzz/regression-fixture.js';

/**
 * The in-process tier of fuzzing: thousands of mutated inbox files, each liquidated by the code a
 * worker runs on a file task and committed by the run's intake and commit step, in this process
 * (fuzz/in-process-liquidation.ts). Same day, same mutators, same (kind, seed) → same bytes as the
 * child-process tier (test/fuzz.pipeline.test.ts), which keeps the kinds that need the CLI.
 * `npm run fuzz -- --in-process --cases N` runs the long campaigns.
 */
let root: string;
let day: FuzzDay;
let campaign: InProcessResult;
let elapsedMs: number;

function failures(property: FindingKind): string[] {
  return campaign.failed.flatMap((v) =>
    v.findings.filter((f) => f.kind === property).map((f) => `${v.fuzzCase.kind} seed ${v.fuzzCase.seed}: ${v.fuzzCase.description.slice(0, 160)} → ${f.detail}`),
  );
}

describe(`fuzz in process: ${IN_PROCESS_CASES_IN_CI} mutated files through the worker's file task and the commit step`, () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tpliq-fuzz-in-process-'));
    day = await prepareFuzzDay(join(root, 'day'));
    const started = performance.now();
    campaign = await runInProcessCampaign({ day, cases: IN_PROCESS_CASES_IN_CI, seed: CI_SEED, kinds: IN_PROCESS_KINDS, workDir: root });
    elapsedMs = performance.now() - started;
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('draws every control, byte, layout and CSV kind in turn, and the cases reach the rules', () => {
    expect(campaign.cases).toBe(IN_PROCESS_CASES_IN_CI);
    expect(new Set(campaign.casesByKind.keys())).toEqual(new Set(IN_PROCESS_KINDS));
    expect(Math.min(...campaign.casesByKind.values())).toBe(Math.floor(IN_PROCESS_CASES_IN_CI / IN_PROCESS_KINDS.length));
    // Most mutated files still hold most of their invoices: the cases are liquidated, not only refused by the framer.
    expect(campaign.invoices).toBeGreaterThan(IN_PROCESS_CASES_IN_CI * 5);
    process.stdout.write(`in-process fuzz: ${campaign.cases} cases, ${campaign.invoices} invoices in ${(elapsedMs / 1000).toFixed(1)} s (${(elapsedMs / campaign.cases).toFixed(1)} ms a case)\n`);
  });

  it('lets no exception escape the file task, intake or the commit step', () => {
    expect(failures('internal-error')).toEqual([]);
  });

  it('decides every framed invoice exactly once and whole, in integer cents, with coded and located errors, and a lossless result', () => {
    expect(failures('summary')).toEqual([]);
  });

  it("never names a beneficiary of the day's referential by NIR in an error message or a motive", () => {
    expect(failures('private-data')).toEqual([]);
  });

  it('passes every one-file regression fixture in process too', async () => {
    const fixtures = fixtureDirs(REGRESSIONS_DIR).map(loadFixture).filter((f) => IN_PROCESS_KINDS.includes(f.fuzzCase.kind) && JSON.stringify(f.day) === JSON.stringify(day.options));
    expect(fixtures.length).toBeGreaterThan(5);
    const engine = new InProcessEngine(day, root);
    const nirs = dayNirs(day);
    for (const fixture of fixtures) {
      if (fixture.fuzzCase.command !== 'run') continue;
      const { verdict } = await judgeInProcess(engine, day, nirs, fixture.fuzzCase);
      expect(verdict.findings, fixture.dir).toEqual([]);
    }
  });

  describe('would fail on a bug', () => {
    let run: FileRun;
    let nirs: Set<string>;

    beforeAll(async () => {
      // A clean B2 file (the control kind moves it, bytes unchanged): every property holds.
      const seed = [...Array(50).keys()].find((s) => buildFileCase(day, 'control-moved-last', s).file.entry.kind === 'B2')!;
      run = await new InProcessEngine(day, root).liquidate(buildFileCase(day, 'control-moved-last', seed).file);
      nirs = dayNirs(day);
    });

    it('a clean file has no problem, and its invoices are paid and rejected', () => {
      expect(fileRunProblems(run, nirs)).toEqual([]);
      expect(new Set(run.committed.map((c) => c.decision.status))).toEqual(new Set(['PAID', 'REJECTED']));
    });

    it('an invoice decided twice or not at all is reported', () => {
      expect(fileRunProblems({ ...run, committed: run.committed.slice(1) }, nirs).join('\n')).toMatch(/decided/);
      expect(fileRunProblems({ ...run, committed: [...run.committed, run.committed[0]!] }, nirs).join('\n')).toMatch(/decided/);
    });

    it('a PAID decision with a motive, or paying more than claimed, is reported', () => {
      const paid = run.committed.findIndex((c) => c.decision.status === 'PAID');
      const committed = run.committed.slice();
      const c = committed[paid]!;
      committed[paid] = { ...c, decision: { ...c.decision, motives: [{ code: 'DOUBLON', label: 'x' }] } };
      expect(fileRunProblems({ ...run, committed }, nirs).join('\n')).toMatch(/PAID with motives DOUBLON/);
      committed[paid] = { ...c, decision: { ...c.decision, claimedCents: (c.decision.paidCents - 1) as typeof c.decision.claimedCents } };
      expect(fileRunProblems({ ...run, committed }, nirs).join('\n')).toMatch(/PAID/);
    });

    it("an error without its line, or naming a beneficiary's NIR, is reported", () => {
      const nir = [...nirs][0]!;
      const lots = run.lots.slice();
      lots[0] = { ...lots[0]!, errors: [{ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', message: `for ${nir}${'57'}` }] };
      const problems = fileRunProblems({ ...run, lots }, nirs).join('\n');
      expect(problems).toMatch(/TPLIQ_B2_LOT_COUNT_MISMATCH without its line/);
      expect(problems).toMatch(/names a beneficiary's NIR/);
    });

    it('a result that does not encode back to its bytes is reported', () => {
      const outcomes = Uint8Array.from(run.taskResult.outcomes);
      // Field 1 (batch) with the value 7 in front: protobuf reads it, the engine's encoder would not write it there.
      const altered = Uint8Array.from([0x08, 0x07, ...outcomes]);
      expect(fileRunProblems({ ...run, taskResult: { ...run.taskResult, outcomes: altered } }, nirs).join('\n')).toMatch(/encode back/);
    });
  });
});
