import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDay } from '../../../scripts/generate/index.js';
import { writeSnapshot } from '../../referential/compile-snapshot.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { runParametersOf } from '../run-options.js';
import { checkedGenerateOptions, wholeNumberOption } from './gen.js';
import { liquidateWithProgress, resultText } from './run.js';
import { compareWithExpected } from '../../run/expected-outcomes.js';

const DEMO_DATE = '2026-11-23';

/**
 * The README's main command: a realistic day (default 1 million invoice lines, every anomaly
 * category) is generated, its referential compiled, the day liquidated, and the engine's decision
 * compared with what the generator expected for every invoice.
 */
export async function demoCommand(o: { dir?: string; lines: string; seed: string; threads?: string }): Promise<ExitCode> {
  // Checked before anything is made: a bad number is the operator's error (exit 2), not a half-made demo.
  const seed = wholeNumberOption(o.seed, '--seed', 0);
  const targetLines = wholeNumberOption(o.lines, '--lines', 1);
  checkedGenerateOptions({ outDir: '.', seed, targetLines, accountingDate: DEMO_DATE });
  if (o.threads !== undefined) runParametersOf({ inbox: '.', snapshot: '.', date: DEMO_DATE, data: '.', out: '.', threads: o.threads });
  const dir = o.dir ? resolve(o.dir) : mkdtempSync(join(tmpdir(), 'tpliq-demo-'));
  const say = (s: string): boolean => process.stdout.write(`${s}\n`);
  say(`tpliq demo in ${dir}`);
  let t = performance.now();
  const generated = await generateDay({ outDir: join(dir, 'day'), seed, targetLines, accountingDate: DEMO_DATE });
  say(`  1. generated a day of ${o.lines} invoice lines in ${((performance.now() - t) / 1000).toFixed(1)} s → ${join(dir, 'day')}`);
  void generated;
  t = performance.now();
  const snapshot = join(dir, 'referential.snapshot');
  const { snapshotId } = await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  say(`  2. compiled the referential (snapshot ${snapshotId.slice(0, 16)}) in ${((performance.now() - t) / 1000).toFixed(1)} s → ${snapshot}`);
  const params = runParametersOf({
    inbox: join(dir, 'day', 'inbox'), snapshot, date: DEMO_DATE, data: join(dir, 'data'), out: join(dir, 'out', DEMO_DATE),
    ...(o.threads ? { threads: o.threads } : {}),
  });
  const result = await liquidateWithProgress(params);
  say('  3. liquidated:');
  process.stdout.write(resultText(result).replace(/^/gm, '     '));
  const check = compareWithExpected(join(dir, 'day', 'expected.csv'), join(params.outDir, 'decisions.csv'));
  say(`  4. engine vs generator's expected outcome: ${check.matched}/${check.total} invoices agree${check.mismatches.length > 0 ? `, ${check.mismatches.length} differ:` : ''}`);
  for (const m of check.mismatches.slice(0, 20)) say(`       ${m}`);
  say('');
  say(`  decisions   ${join(params.outDir, 'decisions.csv')}`);
  say(`  summary     ${join(params.outDir, 'summary.json')}`);
  say(`  SEPA        ${join(params.outDir, 'sepa')}`);
  say(`  NOEMIE      ${join(params.outDir, 'noemie')}`);
  say(`  ARL         ${join(params.outDir, 'arl')}`);
  say(`  notices     ${join(params.outDir, 'notices')}`);
  say(`  ledger      ${join(params.dataDir, 'tpliq.sqlite')}, its inputs archived in ${join(params.dataDir, 'archive')}`);
  say('  inspect one: npx tpliq inspect <file from noemie/ or arl/ or the inbox>');
  say(`  replay it:   npx tpliq replay ${result.runId} --data ${params.dataDir}`);
  return check.mismatches.length === 0 ? EXIT.OK : EXIT.RUN_ABORTED;
}
