import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzCase } from './fuzz-case.js';
import type { FuzzDayOptions } from './fuzz-day.js';
import type { InboxEdit } from './inbox-edit.js';
import type { CaseVerdict } from './judge-case.js';
import { isMutationKind } from './mutation-kinds.js';
import { projectRoot } from './tpliq-process.js';

/**
 * A failing case kept as a regression fixture: a folder holding case.json (the day it applies
 * to, the kind and seed that made it, what was done, what must hold, what was seen) and the
 * mutated files' bytes under files/. The bytes are stored, not re-derived from the seed, so a
 * fixture still replays the same input after the mutators change.
 *
 *   regressions/  replayed by test/fuzz.regressions.test.ts: each must pass
 *   pending/      failures a campaign found whose fixes are under way; moved to
 *                 regressions/ once they pass (the test only checks that they load)
 */
export const FIXTURES_DIR = join(projectRoot(), 'fuzz', 'fixtures');
export const REGRESSIONS_DIR = join(FIXTURES_DIR, 'regressions');
export const PENDING_DIR = join(FIXTURES_DIR, 'pending');

type StoredEdit = Exclude<InboxEdit, { op: 'write' }> | { op: 'write'; path: string; file: string; receivedAtMs?: number };

interface StoredFixture {
  day: FuzzDayOptions;
  kind: string;
  seed: number;
  command: FuzzCase['command'];
  description: string;
  /** What must hold when the fixture is replayed. */
  expected: { allowedExitCodes: number[] | Record<string, readonly number[]>; untouchedDecidedAsClean: boolean; touched: string[]; renamed: Record<string, string>; copies: string[] };
  /** What the run that saved it saw. */
  observed: { exitCodes: Record<string, number | null>; findings: CaseVerdict['findings'] };
  edits?: StoredEdit[];
  returnsFile?: { fileName: string; file: string };
}

export function fixtureName(fuzzCase: FuzzCase): string {
  return `${fuzzCase.kind}-${fuzzCase.seed}`;
}

export function saveFixture(dir: string, day: FuzzDayOptions, verdict: CaseVerdict, allowedReturnsExits: Record<string, readonly number[]>): string {
  const c = verdict.fuzzCase;
  const at = join(dir, fixtureName(c));
  rmSync(at, { recursive: true, force: true });
  mkdirSync(join(at, 'files'), { recursive: true });
  let n = 0;
  const storeBytes = (bytes: Uint8Array): string => {
    const file = `files/${n++}.bin`;
    writeFileSync(join(at, file), bytes);
    return file;
  };
  const stored: StoredFixture = {
    day, kind: c.kind, seed: c.seed, command: c.command, description: c.description,
    expected: c.command === 'run'
      ? { allowedExitCodes: c.allowedExitCodes, untouchedDecidedAsClean: true, touched: c.touched, renamed: c.renamed, copies: c.copies }
      : { allowedExitCodes: allowedReturnsExits, untouchedDecidedAsClean: false, touched: [], renamed: {}, copies: [] },
    observed: { exitCodes: verdict.exitCodes, findings: verdict.findings },
  };
  if (c.command === 'run') {
    stored.edits = c.edits.map((e): StoredEdit => (e.op === 'write' ? { op: 'write', path: e.path, file: storeBytes(e.bytes), ...(e.receivedAtMs === undefined ? {} : { receivedAtMs: e.receivedAtMs }) } : e));
  } else {
    stored.returnsFile = { fileName: c.fileName, file: storeBytes(c.bytes) };
  }
  writeFileSync(join(at, 'case.json'), JSON.stringify(stored, null, 2) + '\n');
  return at;
}

export interface LoadedFixture {
  dir: string;
  day: FuzzDayOptions;
  fuzzCase: FuzzCase;
  observed: StoredFixture['observed'];
}

export function loadFixture(dir: string): LoadedFixture {
  const stored = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as StoredFixture;
  if (!isMutationKind(stored.kind)) throw new Error(`${dir}: unknown mutation kind ${stored.kind}`);
  const bytes = (file: string): Uint8Array => readFileSync(join(dir, file));
  const fuzzCase: FuzzCase = stored.command === 'run'
    ? {
      command: 'run', kind: stored.kind, seed: stored.seed, description: stored.description,
      edits: (stored.edits ?? []).map((e): InboxEdit => (e.op === 'write' ? { op: 'write', path: e.path, bytes: bytes(e.file), ...(e.receivedAtMs === undefined ? {} : { receivedAtMs: e.receivedAtMs }) } : e)),
      touched: stored.expected.touched, renamed: stored.expected.renamed, copies: stored.expected.copies ?? [],
      allowedExitCodes: Array.isArray(stored.expected.allowedExitCodes) ? stored.expected.allowedExitCodes : [0],
    }
    : { command: 'returns', kind: stored.kind, seed: stored.seed, description: stored.description, fileName: stored.returnsFile!.fileName, bytes: bytes(stored.returnsFile!.file) };
  return { dir, day: stored.day, fuzzCase, observed: stored.observed };
}

export function fixtureDirs(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent).sort().map((n) => join(parent, n)).filter((d) => existsSync(join(d, 'case.json')));
}
