import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './day-cache.js';
import type { ResultRow, SuiteResult } from './suite.js';
import { TARGETS, type TargetCheck } from './targets.js';

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const int = (n: number): string => Math.round(n).toLocaleString('en').replace(/,/g, ' ');
const fixed = (n: number, digits: number): string => n.toFixed(digits);
const ratio = (n: number | undefined): string => (n === undefined ? '—' : n >= 10 ? `${n.toFixed(1)}×` : n >= 0.1 ? `${n.toFixed(2)}×` : `${n.toFixed(4)}×`);

const HEADERS = ['contender', 'wall s', 'lines/s', 'MB/s', 'invoices/s', 'peak RSS MiB', '÷ floor', '÷ fast-csv', '÷ straightforward'];

function cells(r: ResultRow): string[] {
  return [
    r.name, fixed(r.wallMs / 1000, 2), int(r.linesPerSecond), fixed(r.megabytesPerSecond, 1), int(r.invoicesPerSecond), int(r.peakRssMiB),
    ratio(r.ratios?.floor), ratio(r.ratios?.fastCsv), ratio(r.ratios?.straightforward),
  ];
}

/** The table as aligned plain text, for the terminal. */
export function textTable(rows: readonly ResultRow[]): string {
  const all = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all.map((r, i) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ') + (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

export function markdownTable(rows: readonly ResultRow[]): string {
  const line = (r: string[]): string => `| ${r.join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map((_, c) => (c === 0 ? '---' : '---:'))), ...rows.map((r) => line(cells(r)))].join('\n');
}

export function checksText(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `- ${c.target.label}: ${checkFigure(c)} (target ${targetText(c)}) — ${verdictText(c)}`).join('\n');
}

function checkFigure(c: TargetCheck): string {
  return c.value.toFixed(c.value >= 100 ? 0 : 3);
}

function targetText(c: TargetCheck): string {
  return `${c.target.atMost ? '≤' : '≥'} ${c.target.bound}`;
}

/** Met, or how far: the share of the target reached and the factor still to gain. */
export function verdictText(c: TargetCheck): string {
  if (c.met) return 'MET';
  const distance = `${(c.attainment * 100).toFixed(0)} % of target, ${c.target.atMost ? '÷' : '×'} ${(1 / c.attainment).toFixed(2)} to go`;
  return c.nearTarget ? `missed (${distance})` : `MISSED (${distance})`;
}

/** What the ledger floor bounds, when it was measured. */
export function ledgerFloorText(result: SuiteResult): string {
  const lf = result.ledgerFloor;
  if (!lf) return '';
  const bound = (name: string, value: number | undefined, target: number): string =>
    value === undefined ? '' : `\n- ${name}: at most ${value.toFixed(value >= 1 ? 2 : 3)} (target ${target})${value < target ? ' — out of reach on this machine while every invoice is recorded' : ''}`;
  return (
    `The ledger floor recorded the day's ${int(result.decisions.invoices)} invoices in ${fixed(lf.wallMs / 1000, 2)} s, one SQLite transaction written by one thread; ` +
    `the same rows into a bare table took ${fixed(lf.bareTableWallMs / 1000, 2)} s (medians of ${lf.pairRatios.length} pairs, run one after the other; floor ÷ bare table of each pair: ${lf.pairRatios.map((r) => fixed(r, 3)).join(', ')}). ` +
    'A run that records every invoice cannot take less than the ledger floor, so the ratios can reach:' +
    bound('e2e ÷ fast-csv', lf.bounds.fastCsv, TARGETS.fastCsv.bound) +
    bound('e2e ÷ straightforward engine', lf.bounds.straightforward, TARGETS.straightforward.bound) +
    `\n- e2e ÷ floor (context, no target): at most ${lf.bounds.floor.toFixed(3)}`
  );
}

export function phasesText(rows: readonly ResultRow[]): string {
  return rows
    .filter((r) => r.timingsMs)
    .map((r) => `- ${r.name}: ${Object.entries(r.timingsMs!).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')}`)
    .join('\n');
}

export function describeDay(s: SuiteResult): string {
  return (
    `${int(s.day.invoiceLineRecords)} invoice lines (target ${int(s.day.targetLines)}, seed ${s.day.seed}) = ${int(s.day.lines)} physical lines, ` +
    `${fixed(s.day.bytes / 2 ** 20, 1)} MiB in ${s.day.files} files, ${int(s.day.invoices)} invoices` +
    (s.decisions.previousDay ? `, decided against a ledger holding its previous day (${s.decisions.previousDay.date}, ${int(s.decisions.previousDay.invoices)} invoices)` : '') +
    `; ${s.machine.cores} cores, Node ${s.machine.node}, ${s.machine.platform}`
  );
}

/** Writes `<name>.json` and `<name>.md` under bench/results/. */
export function writeResults(name: string, title: string, result: SuiteResult, extraMarkdown = ''): { json: string; md: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = join(RESULTS_DIR, `${name}.json`);
  const md = join(RESULTS_DIR, `${name}.md`);
  writeFileSync(json, JSON.stringify(result, null, 2) + '\n');
  const decisions = `Decisions: ${int(result.decisions.invoices)} invoices, ${int(result.decisions.paidCount)} paid for ${fixed(result.decisions.paidCents / 100, 2)} €` +
    (result.decisions.straightforwardAgrees === null ? '' : result.decisions.straightforwardAgrees ? ' — the straightforward engine reached the same paid count and amount.' : ' — the straightforward engine DISAGREES.');
  writeFileSync(
    md,
    `# ${title}\n\n${describeDay(result)}.\n\nLines = physical lines of the inbox (records and CSV rows), counted by the floor; every row divides the same counts by its own wall time.\n\n` +
      `${markdownTable(result.rows)}\n\n${decisions}\n\n## Targets (best thread count)\n\n${checksText(result.checks)}\n\n` +
      (result.ledgerFloor ? `## What the ledger alone allows\n\n${ledgerFloorText(result)}\n\n` : '') +
      `## Engine phases\n\n${phasesText(result.rows)}\n${extraMarkdown}`,
  );
  return { json, md };
}
