import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { compareUntouched } from './decision-comparison.js';
import { RETURNS_EXIT_CODES, type FuzzCase, type ReturnsCase, type RunCase } from './fuzz-case.js';
import { copyInbox, inputOrder, runArgs, TIMEOUT_MS, type DecisionRow, type FuzzDay } from './fuzz-day.js';
import { applyInboxEdits } from './inbox-edit.js';
import { summaryProblems } from './summary-checks.js';
import { runTpliq, type TpliqExit } from './tpliq-process.js';

/**
 * Runs one case and says what went wrong, property by property. A case passes when it has no
 * finding. The properties, in the order they are checked:
 *   internal-error   exit 1: the CLI's code for a bug (engine/cli/exit-codes.ts)
 *   hang             no exit within the time limit
 *   unexpected-exit  any other code the case does not allow (run: 0, or 2 where refusing is documented)
 *   summary          summary.json / decisions.csv invariants (summary-checks.ts), or outputs left by a refused run
 *   invoices-lost    an untouched file's invoice missing from decisions.csv
 *   invoices-changed an untouched file's invoice decided differently from the clean run
 *   paid-twice       an invoice paid in a file that repeats a file already delivered in the run
 *   private-data     a beneficiary's NIR or name in a log line, the result text or summary.json
 */
export type FindingKind = 'internal-error' | 'hang' | 'unexpected-exit' | 'summary' | 'invoices-lost' | 'invoices-changed' | 'paid-twice' | 'private-data' | 'replay';

export interface Finding {
  kind: FindingKind;
  detail: string;
  /** Untouched invoices lost or changed, for those two kinds. */
  invoices?: number;
}

export interface CaseVerdict {
  fuzzCase: FuzzCase;
  /** Exit code per command run (null: killed). */
  exitCodes: Record<string, number | null>;
  findings: Finding[];
  /** Untouched invoices compared, and duplicates excused (see decision-comparison.ts). */
  compared: number;
  excused: number;
  elapsedMs: number;
}

/** The first lines of stderr past the JSON log lines: enough to tell one bug from another, not a whole stack. */
const gist = (text: string): string =>
  text.trim().split('\n').filter((l) => !l.startsWith('{')).slice(0, 2).join(' | ').slice(0, 400);

function exitFindings(command: string, exit: TpliqExit, allowed: readonly number[]): Finding[] {
  if (exit.timedOut) return [{ kind: 'hang', detail: `${command}: no exit after ${TIMEOUT_MS} ms` }];
  if (exit.code === 1) return [{ kind: 'internal-error', detail: `${command}: exit 1: ${gist(exit.stderr)}` }];
  if (exit.code === null || !allowed.includes(exit.code)) {
    return [{ kind: 'unexpected-exit', detail: `${command}: exit ${exit.code ?? exit.signal}, allowed ${allowed.join('/')}: ${gist(exit.stderr)}` }];
  }
  return [];
}

export function judgeCase(day: FuzzDay, fuzzCase: FuzzCase, workDir: string): CaseVerdict {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  try {
    return fuzzCase.command === 'run' ? judgeRun(day, fuzzCase, workDir) : judgeReturns(fuzzCase, workDir);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function judgeRun(day: FuzzDay, fuzzCase: RunCase, workDir: string): CaseVerdict {
  const inbox = join(workDir, 'inbox');
  const out = join(workDir, 'out');
  copyInbox(day, inbox);
  applyInboxEdits(inbox, fuzzCase.edits, day.root);
  const exit = runTpliq(runArgs(day, inbox, join(workDir, 'data'), out), TIMEOUT_MS);
  const verdict: CaseVerdict = { fuzzCase, exitCodes: { run: exit.code }, findings: exitFindings('run', exit, fuzzCase.allowedExitCodes), compared: 0, excused: 0, elapsedMs: exit.elapsedMs };
  const leaks = [exit.stderr, exit.stdout, existsSync(join(out, 'summary.json')) ? readFileSync(join(out, 'summary.json'), 'utf8') : ''];
  const leaked = day.privateWords.filter((w) => leaks.some((text) => text.includes(w)));
  if (leaked.length > 0) verdict.findings.push({ kind: 'private-data', detail: `${leaked.length} beneficiary NIR(s) or name(s) in stderr, stdout or summary.json` });
  if (exit.code === 0) {
    const decisions: DecisionRow[] = existsSync(join(out, 'decisions.csv')) ? readCsv(join(out, 'decisions.csv')) : [];
    for (const p of summaryProblems(out, decisions)) verdict.findings.push({ kind: 'summary', detail: p });
    const names = [...listInputs(inbox)];
    const comparison = compareUntouched(day.cleanDecisions, decisions, fuzzCase.touched, fuzzCase.renamed, inputOrder(names));
    verdict.compared = comparison.compared;
    verdict.excused = comparison.excused.length;
    if (comparison.lost.length > 0) {
      const first = comparison.lost[0]!;
      verdict.findings.push({ kind: 'invoices-lost', invoices: comparison.lost.length, detail: `${comparison.lost.length} of ${comparison.compared} untouched invoices missing, first ${first.file}:${first.line}` });
    }
    if (comparison.changed.length > 0) {
      const first = comparison.changed[0]!;
      verdict.findings.push({ kind: 'invoices-changed', invoices: comparison.changed.length, detail: `${comparison.changed.length} untouched invoices decided differently, first ${first.file}:${first.line}: ${first.clean ?? 'absent'} → ${first.now ?? 'absent'}` });
    }
    const copies = new Set(fuzzCase.copies);
    const paidAgain = decisions.filter((d) => copies.has(d.file!) && d.status === 'PAID');
    if (paidAgain.length > 0) verdict.findings.push({ kind: 'paid-twice', detail: `${paidAgain.length} invoices of a file delivered twice paid again, first ${paidAgain[0]!.file}:${paidAgain[0]!.line}` });
    // Whatever the inbox held (links, FIFOs, a manifest gone wrong, broken files), the day replays
    // from its archive byte for byte.
    const replay = replayProblem(join(workDir, 'data'), out, join(workDir, 'replay'));
    if (replay !== undefined) verdict.findings.push({ kind: 'replay', detail: replay });
  } else if (exit.code === 2 && (existsSync(out) || existsSync(`${out}.staging`))) {
    verdict.findings.push({ kind: 'summary', detail: 'a run refused with exit 2 left an output or staging folder' });
  }
  return verdict;
}

/** Why the run in `out` did not replay identically from its archive, or undefined when it did. */
function replayProblem(dataDir: string, out: string, scratch: string): string | undefined {
  if (!existsSync(join(out, 'summary.json'))) return 'no summary.json to name the run';
  const runId = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { run: { runId: string } }).run.runId;
  const replay = runTpliq(['replay', runId, '--data', dataDir, '--scratch', scratch, '--threads', '1', '--json'], TIMEOUT_MS);
  if (replay.code === 0) return undefined;
  return `replay exited ${replay.code}: ${(replay.code === 6 ? replay.stdout : replay.stderr).slice(0, 400)}`;
}

/** Names as the engine would list them, best effort on a mangled inbox (for input order only). */
function listInputs(inbox: string): string[] {
  const safe = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  return [...safe(inbox).filter((n) => /\.(b2|dre)$/i.test(n)), ...safe(join(inbox, 'paper')).filter((n) => /\.csv$/i.test(n)).map((n) => `paper/${n}`)];
}

function judgeReturns(fuzzCase: ReturnsCase, workDir: string): CaseVerdict {
  const path = join(workDir, fuzzCase.fileName);
  writeFileSync(path, fuzzCase.bytes);
  const verdict: CaseVerdict = { fuzzCase, exitCodes: {}, findings: [], compared: 0, excused: 0, elapsedMs: 0 };
  for (const [command, allowed] of Object.entries(RETURNS_EXIT_CODES)) {
    const exit = runTpliq([...command.split(' '), path], TIMEOUT_MS);
    verdict.exitCodes[command] = exit.code;
    verdict.elapsedMs += exit.elapsedMs;
    verdict.findings.push(...exitFindings(command, exit, allowed));
  }
  return verdict;
}
