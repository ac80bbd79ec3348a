import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { readCsv } from '../engine/run/expected-outcomes.js';
import { generateDay } from '../scripts/generate/index.js';
import { runTpliq } from './tpliq-process.js';

/**
 * The small valid day every fuzz case starts from: generated once (scripts/generate), its
 * referential compiled once, and liquidated once unmutated to give the reference decisions.
 *
 * Small on purpose (a few hundred invoices in several files of each channel): a case costs a
 * child process that starts a worker pool and reads the snapshot, and the inputs only need to be
 * big enough that every record type, lot and channel is met.
 */
export interface FuzzDayOptions {
  seed: number;
  accountingDate: string;
  targetLines: number;
  anomalyRate: number;
  invoicesPerLotMax: number;
  lotsPerFileMax: number;
  /** Paper lines per B2/DRE line. */
  paperMix: number;
}

export const FUZZ_DAY: FuzzDayOptions = {
  seed: 20261123,
  accountingDate: '2026-11-23',
  targetLines: 600,
  anomalyRate: 0.1,
  invoicesPerLotMax: 25,
  lotsPerFileMax: 3,
  paperMix: 0.12,
};

/** One file of the clean inbox, in the engine's input order. */
export interface InboxEntry {
  /** As the engine names it: relative to the inbox, '/' separators (`paper/paper-0001.csv`). */
  name: string;
  kind: 'B2' | 'PAPER';
  /** Fixed-width profile named in the file header (b2-ps, b2-etablissements, dre); '' for paper. */
  profile: string;
  /** The manifest's receipt instant, also given to the file as its mtime. */
  receivedAtMs: number;
}

export type DecisionRow = Record<string, string>;

export interface FuzzDay {
  options: FuzzDayOptions;
  root: string;
  /** The clean inbox; cases copy it, never change it. */
  inboxDir: string;
  snapshotPath: string;
  referentialDir: string;
  entries: InboxEntry[];
  manifest: { accountingDate: string; files: Array<{ file: string; receivedAt: string }> };
  cleanDecisions: DecisionRow[];
  /** Returns written by the clean run, inputs of `tpliq inspect` / `validate` cases. */
  noemieFiles: string[];
  arlFiles: string[];
  /** NIRs and names of the day's beneficiaries: none may appear in a log line or the summary. */
  privateWords: string[];
  /** Wall time of the clean child run, to size campaigns. */
  cleanRunMs: number;
}

/** Engine input order: B2-family files by name, then paper files by name (engine/run/inbox.ts). */
export function inputOrder(names: Iterable<string>): string[] {
  const all = [...names];
  return [...all.filter((n) => !n.startsWith('paper/')).sort(), ...all.filter((n) => n.startsWith('paper/')).sort()];
}

export const TIMEOUT_MS = 30_000;

export function runArgs(day: Pick<FuzzDay, 'snapshotPath' | 'options'>, inboxDir: string, dataDir: string, outDir: string): string[] {
  return ['run', '--inbox', inboxDir, '--snapshot', day.snapshotPath, '--date', day.options.accountingDate, '--data', dataDir, '--out', outDir, '--threads', '1'];
}

/**
 * Copies the clean inbox to `to` with every file's mtime set to its manifest instant: an engine
 * that falls back to mtimes (no manifest, or one it cannot use) then receives every file at the
 * same instant as the clean run did, so a mangled manifest alone may not change any decision.
 */
export function copyInbox(day: FuzzDay, to: string): void {
  cpSync(day.inboxDir, to, { recursive: true, preserveTimestamps: true });
}

export async function prepareFuzzDay(root: string, options: FuzzDayOptions = FUZZ_DAY): Promise<FuzzDay> {
  mkdirSync(root, { recursive: true });
  const generated = join(root, 'day');
  await generateDay({
    outDir: generated, seed: options.seed, accountingDate: options.accountingDate, targetLines: options.targetLines,
    anomalyRate: options.anomalyRate, invoicesPerLotMax: options.invoicesPerLotMax, lotsPerFileMax: options.lotsPerFileMax,
    mix: { paper: options.paperMix },
    // The day alone, as before regularisations: the saved cases (fixtures/) carry its bytes, and a
    // case compares a run with the clean run of the same inbox, which needs no earlier day.
    regularisations: false,
  });
  const inboxDir = join(generated, 'inbox');
  const referentialDir = join(generated, 'referential');
  const snapshotPath = join(root, 'ref.snapshot');
  await writeSnapshot(referentialDir, snapshotPath);

  const manifest = JSON.parse(readFileSync(join(inboxDir, 'manifest.json'), 'utf8')) as FuzzDay['manifest'];
  const receivedAt = new Map(manifest.files.map((f) => [f.file, Date.parse(f.receivedAt)] as const));
  const names = [
    ...readdirSync(inboxDir).filter((n) => /\.(b2|dre)$/i.test(n)),
    ...readdirSync(join(inboxDir, 'paper')).map((n) => `paper/${n}`),
  ];
  const entries = inputOrder(names).map((name): InboxEntry => {
    const path = join(inboxDir, name);
    const ms = receivedAt.get(name);
    if (ms === undefined) throw new Error(`generated manifest has no entry for ${name}`);
    utimesSync(path, ms / 1000, ms / 1000);
    const paper = name.startsWith('paper/');
    const profile = paper ? '' : readFileSync(path).subarray(40, 60).toString('latin1').trim().toLowerCase();
    return { name, kind: paper ? 'PAPER' : 'B2', profile, receivedAtMs: ms };
  });

  const cleanOut = join(root, 'clean-out');
  const clean = runTpliq(runArgs({ snapshotPath, options }, inboxDir, join(root, 'clean-data'), cleanOut), TIMEOUT_MS);
  if (clean.code !== 0) throw new Error(`the clean day does not run (exit ${clean.code}): ${clean.stderr.slice(0, 2000)}`);
  const cleanDecisions = readCsv(join(cleanOut, 'decisions.csv'));
  const listed = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).sort().map((n) => join(folder, n)) : []);

  const privateWords = new Set<string>();
  for (const b of readCsv(join(referentialDir, 'beneficiaries.csv'))) {
    if (b.nir) privateWords.add(b.nir);
    if (b.name) privateWords.add(b.name);
  }
  return {
    options, root, inboxDir, snapshotPath, referentialDir, entries, manifest, cleanDecisions,
    noemieFiles: listed(join(cleanOut, 'noemie')), arlFiles: listed(join(cleanOut, 'arl')),
    privateWords: [...privateWords], cleanRunMs: clean.elapsedMs,
  };
}
