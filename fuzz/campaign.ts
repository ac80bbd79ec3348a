import { join } from 'node:path';
import { hash32 } from '../scripts/generate/prng.js';
import { buildCase } from './build-case.js';
import type { FuzzDay } from './fuzz-day.js';
import { judgeCase, type CaseVerdict, type FindingKind } from './judge-case.js';
import { familyOf, type MutationKind } from './mutation-kinds.js';

/**
 * N cases over the given kinds, round-robin (case i is of kind i mod K, so every kind gets its
 * share), case i's seed derived from the campaign seed and i: the same (seed, N, kinds) replays
 * the same cases.
 */
export interface CampaignOptions {
  day: FuzzDay;
  cases: number;
  seed: number;
  kinds: readonly MutationKind[];
  /** Scratch folder; each case uses and removes a subfolder. */
  workDir: string;
  onVerdict?: (verdict: CaseVerdict, index: number) => void;
}

/** Per kind (and per family): cases, how many failed, and the findings by property. */
export interface Tally {
  cases: number;
  failed: number;
  findings: Record<FindingKind, number>;
  /** Untouched invoices lost / decided differently, summed over cases. */
  invoicesLost: number;
  invoicesChanged: number;
}

export interface CampaignResult {
  verdicts: CaseVerdict[];
  byKind: Map<MutationKind, Tally>;
  byFamily: Map<string, Tally>;
  total: Tally;
}

export function caseSeed(campaignSeed: number, index: number): number {
  return hash32(campaignSeed, index);
}

const emptyTally = (): Tally => ({
  cases: 0, failed: 0, invoicesLost: 0, invoicesChanged: 0,
  findings: { 'internal-error': 0, hang: 0, 'unexpected-exit': 0, summary: 0, 'invoices-lost': 0, 'invoices-changed': 0, 'paid-twice': 0, 'private-data': 0, replay: 0 },
});

function countInto(tally: Tally, verdict: CaseVerdict): void {
  tally.cases++;
  if (verdict.findings.length > 0) tally.failed++;
  const kinds = new Set(verdict.findings.map((f) => f.kind));
  for (const k of kinds) tally.findings[k]++;
  for (const f of verdict.findings) {
    if (f.kind === 'invoices-lost') tally.invoicesLost += f.invoices ?? 0;
    if (f.kind === 'invoices-changed') tally.invoicesChanged += f.invoices ?? 0;
  }
}

/**
 * Runs the cases one after the other, each in child processes. Between two cases the event loop
 * turns: a campaign lasts minutes, and a caller that must keep answering meanwhile (a test
 * runner's worker reporting progress) would otherwise be blocked for all of them.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  if (options.kinds.length === 0) throw new Error('a campaign needs at least one mutation kind');
  const result: CampaignResult = { verdicts: [], byKind: new Map(), byFamily: new Map(), total: emptyTally() };
  for (let i = 0; i < options.cases; i++) {
    const kind = options.kinds[i % options.kinds.length]!;
    const fuzzCase = buildCase(options.day, kind, caseSeed(options.seed, i));
    const verdict = judgeCase(options.day, fuzzCase, join(options.workDir, `case-${i}`));
    result.verdicts.push(verdict);
    for (const [map, key] of [[result.byKind, kind], [result.byFamily, familyOf(kind)]] as const) {
      let tally = (map as Map<string, Tally>).get(key);
      if (!tally) (map as Map<string, Tally>).set(key, (tally = emptyTally()));
      countInto(tally, verdict);
    }
    countInto(result.total, verdict);
    options.onVerdict?.(verdict, i);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

/** The per-category table a campaign prints: one row per family and per kind, then the total. */
export function tallyTable(result: CampaignResult): string {
  const header = ['category', 'cases', 'failed', 'exit 1', 'hangs', 'bad exit', 'summary', 'lost', 'changed', 'paid twice', 'private', 'replay'];
  const row = (name: string, t: Tally): string[] => [
    name, t.cases, t.failed, t.findings['internal-error'], t.findings.hang, t.findings['unexpected-exit'], t.findings.summary,
    `${t.findings['invoices-lost']} (${t.invoicesLost} inv.)`, `${t.findings['invoices-changed']} (${t.invoicesChanged} inv.)`, t.findings['paid-twice'], t.findings['private-data'], t.findings.replay,
  ].map(String);
  const rows = [
    header,
    ...[...result.byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([f, t]) => row(`[${f}]`, t)),
    ...[...result.byKind].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => row(k, t)),
    row('TOTAL', result.total),
  ];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n') + '\n';
}
