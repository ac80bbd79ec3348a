import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDay, PREVIOUS_DAY_FOLDER } from '../../../scripts/generate/index.js';
import { writeSnapshot } from '../../referential/compile-snapshot.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { runParametersOf } from '../run-options.js';
import { checkedGenerateOptions, wholeNumberOption } from './gen.js';
import { liquidateWithProgress, resultText } from './run.js';
import { compareWithExpected } from '../../run/expected-outcomes.js';

const DEMO_DATE = '2026-11-23';

/**
 * The README's main command: a realistic day (default 1 million invoice lines, every anomaly
 * category) and the small day before it are generated, their referential compiled, the previous
 * day liquidated, then the day (which regularises some of the previous day's invoices) into the
 * same ledger, and the engine's decisions compared with what the generator expected for every
 * invoice of both days.
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
  if (generated.previous === undefined) throw new Error('the demo generates a previous day');
  const previousDate = generated.previous.accountingDate;
  say(`  1. generated a day of ${o.lines} invoice lines and its previous day (${previousDate}, ${generated.previous.invoices} invoices) in ${((performance.now() - t) / 1000).toFixed(1)} s → ${join(dir, 'day')}`);
  t = performance.now();
  const snapshot = join(dir, 'referential.snapshot');
  const { snapshotId } = await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  say(`  2. compiled the referential (snapshot ${snapshotId.slice(0, 16)}) in ${((performance.now() - t) / 1000).toFixed(1)} s → ${snapshot}`);
  // The previous day first: the day's rectificatives and annulations name invoices it paid.
  const days = [
    { step: 3, label: `the previous day ${previousDate}`, dayDir: join(dir, 'day', PREVIOUS_DAY_FOLDER), date: previousDate },
    { step: 4, label: `the day ${DEMO_DATE}`, dayDir: join(dir, 'day'), date: DEMO_DATE },
  ];
  let disagreements = 0;
  let last: { runId: string; dataDir: string; outDir: string } | undefined;
  for (const day of days) {
    const params = runParametersOf({
      inbox: join(day.dayDir, 'inbox'), snapshot, date: day.date, data: join(dir, 'data'), out: join(dir, 'out', day.date),
      ...(o.threads ? { threads: o.threads } : {}),
    });
    const result = await liquidateWithProgress(params);
    say(`  ${day.step}. liquidated ${day.label}:`);
    process.stdout.write(resultText(result).replace(/^/gm, '     '));
    const check = compareWithExpected(join(day.dayDir, 'expected.csv'), join(params.outDir, 'decisions.csv'));
    say(`     engine vs generator's expected outcome: ${check.matched}/${check.total} invoices agree${check.mismatches.length > 0 ? `, ${check.mismatches.length} differ:` : ''}`);
    for (const m of check.mismatches.slice(0, 20)) say(`       ${m}`);
    disagreements += check.mismatches.length;
    last = { runId: result.runId, dataDir: params.dataDir, outDir: params.outDir };
  }
  if (last === undefined) throw new Error('the demo liquidates two days');
  say('');
  say(`  decisions   ${join(last.outDir, 'decisions.csv')}`);
  say(`  summary     ${join(last.outDir, 'summary.json')}`);
  say(`  SEPA        ${join(last.outDir, 'sepa')}`);
  say(`  NOEMIE      ${join(last.outDir, 'noemie')}`);
  say(`  ARL         ${join(last.outDir, 'arl')}`);
  say(`  notices     ${join(last.outDir, 'notices')}`);
  say(`  previous    ${join(dir, 'out', previousDate)}`);
  say(`  ledger      ${join(last.dataDir, 'tpliq.sqlite')}, its inputs archived in ${join(last.dataDir, 'archive')}`);
  say('  inspect one: npx tpliq inspect <file from noemie/ or arl/ or the inbox>');
  say(`  replay it:   npx tpliq replay ${last.runId} --data ${last.dataDir}`);
  return disagreements === 0 ? EXIT.OK : EXIT.RUN_ABORTED;
}
