import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centsOf, summaryProblems } from '../fuzz/summary-checks.js';
import type { DecisionRow } from '../fuzz/fuzz-day.js';
import { tempDirs } from './support/temp-dirs.js';

/** The fuzz harness's own reading of summary.json and decisions.csv: each broken invariant is named. */
const tempDir = tempDirs('tpliq-fuzz-summary-');

const paid: DecisionRow = { file: 'a.b2', line: '3', status: 'PAID', paid_amount: '9.00', claimed_amount: '9.00', motives: '' };
const rejected: DecisionRow = { file: 'a.b2', line: '7', status: 'REJECTED', paid_amount: '0.00', claimed_amount: '1.50', motives: 'HORS_DELAI:x' };

function summary(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    invoices: { count: 2, claimedCents: 1050, paid: { count: 1, paidCents: 900 }, rejected: { count: 1 } },
    channels: { B2_PS: { count: 2 } },
    transfers: { totalCents: 900 },
    invariants: { ok: true, violations: [] },
    inputs: { errors: [{ code: 'TPLIQ_B2_BAD_DATE', file: 'a.b2' }] },
    ...over,
  };
}

function outWith(content: Record<string, unknown>): string {
  const out = join(tempDir(), 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'summary.json'), JSON.stringify(content));
  return out;
}

describe('fuzz: summary invariants read from the outputs', () => {
  it('finds nothing wrong in a consistent run', () => {
    expect(summaryProblems(outWith(summary()), [paid, rejected])).toEqual([]);
  });

  it('names transfers that differ from the paid total by one cent', () => {
    expect(summaryProblems(outWith(summary({ transfers: { totalCents: 899 } })), [paid, rejected])).toEqual(['transfers 899 ≠ paid 900 − offsets 0']);
  });

  it('names a rejected invoice that pays, and a paid one with a motive', () => {
    const problems = summaryProblems(outWith(summary()), [{ ...paid, motives: 'X:y' }, { ...rejected, paid_amount: '0.01' }]);
    expect(problems).toContain('a.b2:3: PAID with motives "X:y" or a negative amount');
    expect(problems.some((p) => p.startsWith('a.b2:7: REJECTED paying 0.01'))).toBe(true);
  });

  it('accepts a paid invoice whose motives are all signalements, not one with a rejection among them', () => {
    const late = 'TRANSMISSION_TARDIVE:Feuille de soins transmise après le délai réglementaire (…)';
    expect(summaryProblems(outWith(summary()), [{ ...paid, motives: `${late}|PLAFOND_PROCHE:Plafond de garantie bientôt atteint : reste 0,00 €` }, rejected])).toEqual([]);
    expect(summaryProblems(outWith(summary()), [{ ...paid, motives: `${late}|DOUBLON:Facture déjà reçue` }, rejected])).toContain(`a.b2:3: PAID with motives "${late}|DOUBLON:Facture déjà reçue" or a negative amount`);
  });

  it('names a file error without a stable TPLIQ_ code', () => {
    const problems = summaryProblems(outWith(summary({ inputs: { errors: [{ code: 'EISDIR', file: 'paper/x.csv' }] } })), [paid, rejected]);
    expect(problems).toEqual(['file error without a stable code: {"code":"EISDIR","file":"paper/x.csv"}']);
  });

  it('names a run whose engine invariants are broken, and a missing decisions row', () => {
    const problems = summaryProblems(outWith(summary({ invariants: { ok: false, violations: [{ code: 'X' }] } })), [paid]);
    expect(problems[0]).toMatch(/^invariants not ok/);
    expect(problems).toContain('decisions.csv has 1 rows for 2 invoices');
  });

  it('reads amounts as exact cents', () => {
    expect(centsOf('12.34')).toBe(1234);
    expect(centsOf('-0.05')).toBe(-5);
    expect(centsOf('1.5')).toBeNaN();
  });
});
