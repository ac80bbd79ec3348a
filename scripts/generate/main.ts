import { generateDay } from './index.js';

/**
 * Command-line entry: node dist/scripts/generate/main.js --out /tmp/day --lines 100000
 *   [--seed 42] [--anomaly-rate 0.05] [--date 2026-11-23]
 * The project CLI (`tpliq gen`) wires the same function; this entry exists for scripts and benchmarks.
 */

const USAGE = 'usage: main.js --out <dir> [--lines <n>] [--seed <n>] [--anomaly-rate <0..0.5>] [--date <yyyy-mm-dd>]';

function parseArgs(argv: readonly string[]): Map<string, string> {
  const known = new Set(['--out', '--lines', '--seed', '--anomaly-rate', '--date']);
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i] ?? '';
    const value = argv[i + 1];
    if (!known.has(name) || value === undefined) throw new Error(`unexpected argument "${name}"\n${USAGE}`);
    args.set(name, value);
  }
  return args;
}

function integer(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = args.get('--out');
  if (outDir === undefined) throw new Error(USAGE);
  const rate = args.get('--anomaly-rate');
  const started = process.hrtime.bigint();
  const summary = await generateDay({
    outDir,
    seed: integer(args.get('--seed'), '--seed'),
    targetLines: integer(args.get('--lines'), '--lines'),
    anomalyRate: rate === undefined ? undefined : Number(rate),
    accountingDate: args.get('--date'),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `${summary.lineRecords} B2/DRE lines + ${summary.paperLines} paper lines, ${summary.invoices} invoices, ` +
      `${summary.files.length} files in ${seconds.toFixed(2)} s (${Math.round(summary.lineRecords / seconds)} lines/s, peak RSS ${rssMiB} MiB) → ${outDir}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
