import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { caseSeed, type CampaignOptions } from './campaign.js';
import { buildFileCase, mutatedFileOf } from './file-case.js';
import { fileRunProblems } from './file-run-checks.js';
import type { RunCase } from './fuzz-case.js';
import type { FuzzDay } from './fuzz-day.js';
import { InProcessEngine, type FileRun } from './in-process-liquidation.js';
import type { CaseVerdict, Finding } from './judge-case.js';
import type { MutationKind } from './mutation-kinds.js';

/**
 * A campaign of the in-process tier: case i is of kind i mod K with the seed caseSeed(seed, i),
 * exactly as the child-process tier numbers its cases (campaign.ts), so a (seed, i) names the same
 * mutated file in both. Each case is liquidated by InProcessEngine and checked by
 * fileRunProblems, and one in DETERMINISM_EVERY liquidated again by a fresh worker and compared;
 * an exception escaping the engine fails the case, it never stops the campaign.
 */
/** As a CLI campaign's; the scratch folder holds the case's one file, overwritten case after case. */
export type InProcessOptions = CampaignOptions;

export interface InProcessResult {
  /** Failed cases only: thousands of passing verdicts are not worth keeping. */
  failed: CaseVerdict[];
  cases: number;
  /** Cases per kind, to show every kind was drawn. */
  casesByKind: Map<MutationKind, number>;
  /** Invoices decided, over all cases: shows the cases reached the rules, not only the framer. */
  invoices: number;
}

/** The day's beneficiaries' NIRs, from its referential (no message of the engine may name one). */
export function dayNirs(day: FuzzDay): Set<string> {
  return new Set(readCsv(join(day.referentialDir, 'beneficiaries.csv')).map((b) => b.nir ?? '').filter((n) => n !== ''));
}

/**
 * One case through the engine in this process. Findings use the child-process tier's kinds so a
 * failure saves and replays as any fixture: an exception is `internal-error` (the CLI would exit
 * 1), a broken property `summary` (what summary-checks.ts would see in the outputs) or
 * `private-data`.
 */
export async function judgeInProcess(engine: InProcessEngine, day: FuzzDay, nirs: ReadonlySet<string>, fuzzCase: RunCase, checkDeterminism = false): Promise<{ verdict: CaseVerdict; invoices: number }> {
  const started = performance.now();
  const findings: Finding[] = [];
  let invoices = 0;
  try {
    const file = mutatedFileOf(day, fuzzCase);
    const run = await engine.liquidate(file);
    invoices = run.committed.length;
    for (const problem of fileRunProblems(run, nirs)) findings.push({ kind: problem.includes('NIR') ? 'private-data' : 'summary', detail: problem });
    if (checkDeterminism) {
      const problem = sameRunProblem(run, await engine.liquidate(file, true));
      if (problem) findings.push({ kind: 'summary', detail: problem });
    }
  } catch (e) {
    findings.push({ kind: 'internal-error', detail: `threw: ${(e as Error).stack ?? String(e)}`.slice(0, 2000) });
  }
  const verdict: CaseVerdict = { fuzzCase, exitCodes: {}, findings, compared: 0, excused: 0, elapsedMs: Math.round(performance.now() - started) };
  return { verdict, invoices };
}

/** Same file, same result, whatever the worker liquidated before: the first difference, if any. */
function sameRunProblem(run: FileRun, fresh: FileRun): string | undefined {
  if (!Buffer.from(run.taskResult.outcomes).equals(fresh.taskResult.outcomes)) return 'a fresh worker liquidates the file to other outcome bytes';
  const { outcomes: _a, ...rest } = run.taskResult;
  const { outcomes: _b, ...freshRest } = fresh.taskResult;
  if (!isDeepStrictEqual(rest, freshRest)) return 'a fresh worker frames the file into other lots, closes or errors';
  if (!isDeepStrictEqual(run.committed.map((c) => c.decision), fresh.committed.map((c) => c.decision))) return 'a fresh worker\'s result is decided otherwise';
  return undefined;
}

/** Every this many cases, the file is liquidated a second time by a fresh worker and the two compared. */
const DETERMINISM_EVERY = 8;

export async function runInProcessCampaign(options: InProcessOptions): Promise<InProcessResult> {
  if (options.kinds.length === 0) throw new Error('a campaign needs at least one mutation kind');
  const engine = new InProcessEngine(options.day, options.workDir);
  const nirs = dayNirs(options.day);
  const result: InProcessResult = { failed: [], cases: 0, casesByKind: new Map(), invoices: 0 };
  for (let i = 0; i < options.cases; i++) {
    const kind = options.kinds[i % options.kinds.length]!;
    const seed = caseSeed(options.seed, i);
    let verdict: CaseVerdict;
    try {
      const { fuzzCase } = buildFileCase(options.day, kind, seed);
      const judged = await judgeInProcess(engine, options.day, nirs, fuzzCase, i % DETERMINISM_EVERY === 0);
      verdict = judged.verdict;
      result.invoices += judged.invoices;
    } catch (e) {
      // The mutator itself failed: no case to save, but the campaign says which.
      const fuzzCase: RunCase = { command: 'run', kind, seed, description: 'the mutator threw', edits: [], touched: [], renamed: {}, copies: [], allowedExitCodes: [0] };
      verdict = { fuzzCase, exitCodes: {}, findings: [{ kind: 'internal-error', detail: `mutator threw: ${(e as Error).message}` }], compared: 0, excused: 0, elapsedMs: 0 };
    }
    result.cases++;
    result.casesByKind.set(kind, (result.casesByKind.get(kind) ?? 0) + 1);
    if (verdict.findings.length > 0) result.failed.push(verdict);
    options.onVerdict?.(verdict, i);
  }
  return result;
}
