import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRow } from './fuzz-day.js';
import { OFFSET_STATUS } from '../codecs/csv/decisions-writer.js';
import { SIGNALEMENT_CODES, type MotiveCode } from '../engine/domain/motive.js';

/**
 * What must hold of any finished run, checked from its outputs alone (summary.json and
 * decisions.csv), independently of the engine's own invariant checks: the counts add up, the
 * money adds up to the cent, decisions are whole (PAID without a motive, REJECTED paying nothing
 * with at least one), and every file error carries a stable code and its file.
 */
interface SummaryShape {
  invoices?: { count?: number; claimedCents?: number; paid?: { count?: number; paidCents?: number }; rejected?: { count?: number } };
  channels?: Record<string, { count?: number; paid?: { count?: number; paidCents?: number } }>;
  transfers?: { totalCents?: number };
  invariants?: { ok?: boolean; violations?: unknown[] };
  inputs?: { errors?: Array<{ code?: unknown; file?: unknown }> };
}

/** "12.34" / "-0.50" → cents, exactly (no floating point). */
export function centsOf(amount: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!m) return Number.NaN;
  const cents = Number(m[2]) * 100 + Number(m[3]);
  return m[1] === '-' ? -cents : cents;
}

export function summaryProblems(outDir: string, rows: readonly DecisionRow[]): string[] {
  const problems: string[] = [];
  // Debts recovered by set-off follow the invoices (status OFFSET): they take off the transfers.
  const decisions = rows.filter((d) => d.status !== OFFSET_STATUS);
  let offsetCents = 0;
  for (const d of rows) if (d.status === OFFSET_STATUS) offsetCents -= centsOf(d.paid_amount ?? '');
  const path = join(outDir, 'summary.json');
  if (!existsSync(path)) return ['summary.json missing'];
  if (existsSync(`${outDir}.staging`)) problems.push('staging folder left behind');
  let s: SummaryShape;
  try {
    s = JSON.parse(readFileSync(path, 'utf8')) as SummaryShape;
  } catch (e) {
    return [`summary.json is not JSON: ${(e as Error).message}`];
  }
  const expect = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  const inv = s.invoices ?? {};
  const count = inv.count ?? -1;
  expect(s.invariants?.ok === true && (s.invariants.violations ?? []).length === 0, `invariants not ok: ${JSON.stringify(s.invariants?.violations ?? null).slice(0, 300)}`);
  expect((inv.paid?.count ?? -1) + (inv.rejected?.count ?? -1) === count, `paid ${inv.paid?.count} + rejected ${inv.rejected?.count} ≠ invoices ${count}`);
  expect(decisions.length === count, `decisions.csv has ${decisions.length} rows for ${count} invoices`);
  const channels = Object.values(s.channels ?? {});
  expect(channels.reduce((n, c) => n + (c.count ?? 0), 0) === count, 'channel counts do not add up to the invoices');
  let paidCents = 0;
  let claimedCents = 0;
  let paidCount = 0;
  for (const d of decisions) {
    const paid = centsOf(d.paid_amount ?? '');
    const claimed = centsOf(d.claimed_amount ?? '');
    if (!Number.isSafeInteger(paid) || !Number.isSafeInteger(claimed)) {
      problems.push(`${d.file}:${d.line}: amounts "${d.paid_amount}" / "${d.claimed_amount}" are not cents`);
      continue;
    }
    paidCents += paid;
    claimedCents += claimed;
    if (d.status === 'PAID') {
      paidCount++;
      // A paid invoice carries signalements only (a regularisation, a late FSE…), each "CODE:label".
      const motives = d.motives ?? '';
      const signalementOnly = motives === '' || motives.split('|').every((m) => SIGNALEMENT_CODES.has(m.slice(0, m.indexOf(':')) as MotiveCode));
      expect(signalementOnly && paid >= 0, `${d.file}:${d.line}: PAID with motives "${d.motives}" or a negative amount`);
    } else {
      expect(d.status === 'REJECTED' && paid === 0 && (d.motives ?? '') !== '', `${d.file}:${d.line}: ${d.status} paying ${d.paid_amount} with motives "${d.motives}"`);
    }
  }
  expect(paidCount === inv.paid?.count, `decisions.csv has ${paidCount} PAID, summary ${inv.paid?.count}`);
  expect(paidCents === inv.paid?.paidCents, `decisions.csv pays ${paidCents} cents, summary ${inv.paid?.paidCents}`);
  expect(claimedCents === inv.claimedCents, `decisions.csv claims ${claimedCents} cents, summary ${inv.claimedCents}`);
  expect(s.transfers?.totalCents === (inv.paid?.paidCents ?? 0) - offsetCents, `transfers ${s.transfers?.totalCents} ≠ paid ${inv.paid?.paidCents} − offsets ${offsetCents}`);
  for (const e of s.inputs?.errors ?? []) {
    expect(typeof e.code === 'string' && /^TPLIQ_[A-Z0-9_]+$/.test(e.code), `file error without a stable code: ${JSON.stringify(e).slice(0, 200)}`);
    expect(typeof e.file === 'string' && e.file !== '', `file error without its file: ${JSON.stringify(e).slice(0, 200)}`);
  }
  return problems;
}
