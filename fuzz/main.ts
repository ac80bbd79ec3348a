/**
 * npm run fuzz -- --cases N [--seed S] [--kinds k1,k2 | --family f] [--save-failures DIR] [--list] [--in-process]
 *
 * A fuzzing campaign on the real pipeline (the properties are listed in judge-case.ts): prepares
 * the small day, runs N cases as child processes, prints
 * each failing case as it comes and the per-category counts at the end. With --save-failures, the
 * first failing case of each (kind, property) is saved there as a regression fixture.
 * Exit 0 when every case passed, 1 when one failed.
 *
 * --in-process: the in-process tier (fuzz/in-process-campaign.ts), ≈ 100 times faster a case, for
 * the kinds that mutate one inbox file (control, byte, layout, csv); a failing case is saved as
 * the same kind of fixture, replayed through the CLI by test/fuzz.regressions.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { runCampaign, tallyTable } from './campaign.js';
import { IN_PROCESS_KINDS } from './file-case.js';
import { RETURNS_EXIT_CODES } from './fuzz-case.js';
import { prepareFuzzDay, type FuzzDay } from './fuzz-day.js';
import { runInProcessCampaign } from './in-process-campaign.js';
import type { CaseVerdict } from './judge-case.js';
import { ALL_KINDS, familyOf, isMutationKind, type MutationKind } from './mutation-kinds.js';
import { saveFixture } from './regression-fixture.js';

interface FuzzCliOptions {
  cases: string;
  seed: string;
  kinds?: string;
  family?: string;
  saveFailures?: string;
  list: boolean;
  inProcess: boolean;
}

function kindsOf(o: FuzzCliOptions): MutationKind[] {
  const known = o.inProcess ? IN_PROCESS_KINDS : ALL_KINDS;
  if (o.kinds) {
    const names = o.kinds.split(',').map((k) => k.trim());
    const unknown = names.filter((k) => !isMutationKind(k));
    if (unknown.length > 0) throw new Error(`unknown kinds ${unknown.join(', ')} (--list shows them)`);
    const cliOnly = names.filter((k) => !known.includes(k as MutationKind));
    if (cliOnly.length > 0) throw new Error(`kinds ${cliOnly.join(', ')} need the CLI: run them without --in-process`);
    return names as MutationKind[];
  }
  const kinds = o.family ? known.filter((k) => familyOf(k) === o.family) : [...known];
  if (kinds.length === 0) throw new Error(`no kind of family ${o.family}${o.inProcess ? ' runs in process' : ''}`);
  return kinds;
}

/** Prints a failing case as it comes and saves the first of each (kind, property) with --save-failures. */
function failureReporter(o: FuzzCliOptions, day: FuzzDay): (v: CaseVerdict, i: number) => void {
  const saved = new Set<string>();
  return (v, i) => {
    if (v.findings.length === 0) return;
    process.stdout.write(`FAIL #${i} ${v.fuzzCase.kind} seed ${v.fuzzCase.seed}: ${v.fuzzCase.description.slice(0, 200)}\n`);
    for (const f of v.findings) process.stdout.write(`     ${f.kind}: ${f.detail}\n`);
    const signature = `${v.fuzzCase.kind}/${v.findings[0]!.kind}`;
    // A case whose mutator threw has no edits: nothing to replay.
    const replayable = v.fuzzCase.command === 'returns' || v.fuzzCase.edits.length > 0;
    if (o.saveFailures && replayable && !saved.has(signature)) {
      saved.add(signature);
      process.stdout.write(`     saved to ${saveFixture(resolve(o.saveFailures), day.options, v, RETURNS_EXIT_CODES)}\n`);
    }
  };
}

async function main(): Promise<number> {
  const o = new Command()
    .name('fuzz')
    .option('--cases <n>', 'number of cases', '300')
    .option('--seed <n>', 'campaign seed', '1')
    .option('--kinds <list>', 'comma-separated mutation kinds (default: all)')
    .option('--family <name>', 'only the kinds of one family: control, byte, layout, csv, inbox, returns')
    .option('--save-failures <dir>', 'save the first failing case of each (kind, property) there as a fixture')
    .option('--list', 'list the mutation kinds and exit', false)
    .option('--in-process', 'liquidate each mutated file in this process (one-file kinds only): thousands of cases a minute', false)
    .parse(process.argv)
    .opts<FuzzCliOptions>();
  if (o.list) {
    process.stdout.write((o.inProcess ? IN_PROCESS_KINDS : ALL_KINDS).map((k) => `${familyOf(k).padEnd(8)} ${k}`).join('\n') + '\n');
    return 0;
  }
  const kinds = kindsOf(o);
  const cases = Number(o.cases);
  const seed = Number(o.seed);
  if (!Number.isInteger(cases) || cases < 1 || !Number.isSafeInteger(seed) || seed < 0) throw new Error('--cases and --seed take whole numbers');
  const root = mkdtempSync(join(tmpdir(), 'tpliq-fuzz-'));
  try {
    const started = performance.now();
    const day = await prepareFuzzDay(join(root, 'day'));
    process.stdout.write(`fuzz day: ${day.entries.length} files, ${day.cleanDecisions.length} invoices, clean run ${day.cleanRunMs} ms; ${cases} cases over ${kinds.length} kinds, seed ${seed}${o.inProcess ? ', in process' : ''}\n`);
    const onVerdict = failureReporter(o, day);
    if (o.inProcess) {
      const result = await runInProcessCampaign({ day, cases, seed, kinds, workDir: root, onVerdict });
      const seconds = (performance.now() - started) / 1000;
      const kindsFailed = new Set(result.failed.map((v) => v.fuzzCase.kind));
      process.stdout.write(`\n${result.cases} cases, ${result.invoices} invoices decided, ${result.failed.length} failed (kinds: ${[...kindsFailed].join(', ') || 'none'}) in ${seconds.toFixed(0)} s (${((seconds * 1000) / result.cases).toFixed(1)} ms a case)\n`);
      return result.failed.length === 0 ? 0 : 1;
    }
    const result = await runCampaign({ day, cases, seed, kinds, workDir: join(root, 'cases'), onVerdict });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n${tallyTable(result)}\n${result.total.cases} cases in ${seconds.toFixed(0)} s (${((seconds * 1000) / result.total.cases).toFixed(0)} ms a case)\n`);
    return result.total.failed === 0 ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`fuzz: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
