/**
 * `npm run bench:micro` — benny micro-benchmarks of the hot paths, each against its slower
 * alternative in the same suite (figures in bench/results/micro/). Every suite checks what it
 * computed before and during timing: a benchmark that computes nothing is a defect.
 *
 *   node dist/bench/micro/index.js [suite…]   suites: b2-decode line-liquidation noemie-encode result-codec batch-size
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from '../lib/report.js';
import { run as b2Decode } from './b2-decode.js';
import { run as batchSize } from './batch-size.js';
import { run as lineLiquidation } from './line-liquidation.js';
import { run as noemieEncode } from './noemie-encode.js';
import { run as resultCodec } from './result-codec.js';

const SUITES: Record<string, () => Promise<void>> = {
  'b2-decode': b2Decode,
  'line-liquidation': lineLiquidation,
  'noemie-encode': noemieEncode,
  'result-codec': resultCodec,
  'batch-size': batchSize,
};

/** bench/results/micro.md: every saved suite as one table, fastest first. */
function writeSummary(): void {
  const dir = join(RESULTS_DIR, 'micro');
  const sections: string[] = ['# npm run bench:micro', '', 'ops/s of each case (± relative margin of error), from benny; "× slower" is against the fastest case of its suite.', ''];
  for (const name of Object.keys(SUITES)) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) continue;
    const suite = JSON.parse(readFileSync(file, 'utf8')) as { name: string; results: Array<{ name: string; ops: number; margin: number }> };
    const fastest = Math.max(...suite.results.map((r) => r.ops));
    sections.push(`## ${suite.name}`, '', '| case | ops/s | ± % | × slower |', '| --- | ---: | ---: | ---: |');
    for (const r of [...suite.results].sort((x, y) => y.ops - x.ops)) sections.push(`| ${r.name} | ${r.ops.toLocaleString('en')} | ${r.margin} | ${(fastest / r.ops).toFixed(2)} |`);
    sections.push('');
  }
  writeFileSync(join(RESULTS_DIR, 'micro.md'), sections.join('\n'));
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  for (const name of asked) if (!(name in SUITES)) throw new Error(`unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
  for (const [name, suite] of Object.entries(SUITES)) {
    if (asked.length === 0 || asked.includes(name)) await suite();
  }
  writeSummary();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
