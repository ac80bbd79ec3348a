import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/domain/decision.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { checkRunInvariants } from '../engine/settle/invariants.js';
import { buildSummary, serializeSummary, SLA_BREACHES_LISTED_MAX, type SummaryInput } from '../engine/settle/summary.js';
import { groupTransfers } from '../engine/settle/transfers.js';
import { ACCOUNTING_DATE, decisionOf, decisionsOf, motiveOf } from './support/decision-builder.js';

const c = (n: number): Cents => n as Cents;
const run = { runId: 'RUN-20261123', accountingDate: ACCOUNTING_DATE, executionDate: 20261124 as DateYmd, engineVersion: '0.1.0', snapshotId: 'sha256:abc' };

function decisions(): Decision[] {
  return [
    decisionOf({ sequence: 1, invoiceNumber: '1', practitionerId: 'PS-A', claimedCents: c(1000), channel: 'B2_PS' }),
    decisionOf({ sequence: 2, invoiceNumber: '2', practitionerId: 'PS-A', claimedCents: c(250), channel: 'PAPER', dueDate: 20261120 as DateYmd }),
    decisionOf({ sequence: 3, invoiceNumber: '3', practitionerId: 'PS-B', status: 'REJECTED', claimedCents: c(700), channel: 'DRE', motives: [motiveOf('DOUBLON'), motiveOf('HORS_DELAI')] }),
    decisionOf({ sequence: 4, invoiceNumber: '4', practitionerId: 'PS-B', status: 'REJECTED', claimedCents: c(300), channel: 'B2_PS', motives: [motiveOf('DOUBLON')] }),
  ];
}

function inputOf(overrides: Partial<SummaryInput> = {}): SummaryInput {
  const list = decisions();
  const transfers = groupTransfers(list, { accountingDate: ACCOUNTING_DATE, returnRefOf: () => 'R' });
  return { run, decisions: list, transfers, violations: [], ...overrides };
}

describe('run summary', () => {
  it('counts invoices and amounts per status', () => {
    const summary = buildSummary(inputOf());
    expect(summary.run).toEqual({ runId: 'RUN-20261123', accountingDate: '2026-11-23', executionDate: '2026-11-24', engineVersion: '0.1.0', snapshotId: 'sha256:abc' });
    expect(summary.invoices).toEqual({
      count: 4,
      claimedCents: 2250,
      paid: { count: 2, claimedCents: 1250, paidCents: 1250 },
      rejected: { count: 2, claimedCents: 1000 },
    });
    expect(summary.transfers).toEqual({ count: 1, totalCents: 1250 });
  });

  it('counts per motive code with its NOEMIE code and label, an invoice under each of its motives', () => {
    expect(buildSummary(inputOf()).motives).toEqual({
      DOUBLON: { noemie: 'D002', label: 'Facture déjà reçue', count: 2, claimedCents: 1000 },
      HORS_DELAI: { noemie: 'D001', label: 'Facture reçue hors délai', count: 1, claimedCents: 700 },
    });
  });

  it('counts per channel, with decisions of unknown channel under UNKNOWN', () => {
    const list = [...decisions(), decisionOf({ sequence: 5, invoiceNumber: '5', status: 'REJECTED', claimedCents: c(1), channel: undefined })];
    const channels = buildSummary(inputOf({ decisions: list })).channels;
    expect(Object.keys(channels)).toEqual(['B2_PS', 'DRE', 'PAPER', 'UNKNOWN']);
    expect(channels.B2_PS).toEqual({ count: 2, paid: { count: 1, claimedCents: 1000, paidCents: 1000 }, rejected: { count: 1, claimedCents: 300 } });
    expect(channels.PAPER?.paid.paidCents).toBe(250);
    expect(channels.UNKNOWN?.rejected.count).toBe(1);
  });

  it('lists paid invoices whose accounting day is after their due date as SLA breaches', () => {
    const sla = buildSummary(inputOf()).sla;
    expect(sla).toEqual({ breachCount: 1, breachSequences: [2], breachSequencesTruncated: false });
  });

  it('does not count a payment on the due date itself, nor a late rejection, as a breach', () => {
    const list = [
      decisionOf({ sequence: 1, dueDate: ACCOUNTING_DATE }),
      decisionOf({ sequence: 2, invoiceNumber: '2', status: 'REJECTED', dueDate: 20261101 as DateYmd }),
    ];
    expect(buildSummary(inputOf({ decisions: list })).sla.breachCount).toBe(0);
  });

  it('caps the list of breaches but counts them all', () => {
    const late = decisionsOf(SLA_BREACHES_LISTED_MAX + 5, (i) => ({ practitionerId: `PS-${i % 3}`, dueDate: 20261101 as DateYmd }));
    const sla = buildSummary(inputOf({ decisions: late })).sla;
    expect(sla.breachCount).toBe(SLA_BREACHES_LISTED_MAX + 5);
    expect(sla.breachSequences).toHaveLength(SLA_BREACHES_LISTED_MAX);
    expect(sla.breachSequencesTruncated).toBe(true);
  });

  it('carries the invariant results', () => {
    const input = inputOf();
    const violations = checkRunInvariants({
      invoicesIn: { count: 5, claimedCents: c(2250) },
      decisions: decisions(),
      transfers: input.transfers,
      noemieTotals: [{ practitionerId: 'PS-A', accountingDate: ACCOUNTING_DATE, paidCents: c(1250) }],
      accountingDate: ACCOUNTING_DATE,
    });
    const summary = buildSummary({ ...input, violations });
    expect(summary.invariants.ok).toBe(false);
    expect(summary.invariants.violations.map((v) => v.code)).toEqual(['TPLIQ_INVARIANT_INVOICE_COUNT']);
    expect(buildSummary(inputOf()).invariants).toEqual({ ok: true, violations: [] });
  });

  it('keeps timings under their own key, sorted, and leaves them out of a deterministic summary', () => {
    const timings = { settle: 12.5, read: 1000, commit: 40 };
    const withTimings = buildSummary(inputOf({ timings }));
    expect(Object.keys(withTimings.timings ?? {})).toEqual(['commit', 'read', 'settle']);
    const deterministic = buildSummary(inputOf({ timings, deterministic: true }));
    expect('timings' in deterministic).toBe(false);
    expect(serializeSummary(deterministic)).toBe(serializeSummary(buildSummary(inputOf())));
  });

  it('gives the same bytes whatever order the decisions come in, keys in a fixed order', () => {
    const forward = serializeSummary(buildSummary(inputOf({ deterministic: true })));
    const backward = serializeSummary(buildSummary(inputOf({ decisions: decisions().reverse(), deterministic: true })));
    expect(backward).toBe(forward);
    expect(Object.keys(JSON.parse(forward) as object)).toEqual(['run', 'invoices', 'motives', 'channels', 'transfers', 'sla', 'invariants']);
    expect(forward.endsWith('}\n')).toBe(true);
  });
});

describe('run summary: signalements (rules.md §5.2)', () => {
  const withSignalements = (): Decision[] => [
    decisionOf({ sequence: 1, invoiceNumber: '1', claimedCents: c(900), motives: [motiveOf('TRANSMISSION_TARDIVE', 'Feuille de soins transmise après le délai réglementaire (…)')] }),
    decisionOf({ sequence: 2, invoiceNumber: '2', claimedCents: c(4000), motives: [motiveOf('TRANSMISSION_TARDIVE'), motiveOf('PLAFOND_PROCHE')] }),
    decisionOf({ sequence: 3, invoiceNumber: '3', claimedCents: c(500), paidCents: c(0), motives: [motiveOf('REGULARISATION')] }),
    decisionOf({ sequence: 4, invoiceNumber: '4', status: 'REJECTED', claimedCents: c(700), motives: [motiveOf('HORS_DELAI')] }),
  ];

  it('counts each signalement code of the paid invoices with what they were paid, beside the motives', () => {
    const list = withSignalements();
    const summary = buildSummary({ run, decisions: list, transfers: groupTransfers(list, { accountingDate: ACCOUNTING_DATE, returnRefOf: () => 'R' }), violations: [] });
    expect(summary.signalements).toEqual({
      PLAFOND_PROCHE: { noemie: 'N003', label: 'Plafond de garantie bientôt atteint', count: 1, paidCents: 4000 },
      REGULARISATION: { noemie: 'R002', label: 'Régularisation', count: 1, paidCents: 0 },
      TRANSMISSION_TARDIVE: { noemie: 'N001', label: 'Feuille de soins transmise après le délai réglementaire', count: 2, paidCents: 4900 },
    });
    expect(summary.invoices.paid.count).toBe(3);
    expect(Object.keys(summary.motives)).toEqual(['HORS_DELAI', 'PLAFOND_PROCHE', 'REGULARISATION', 'TRANSMISSION_TARDIVE']);
  });

  it('a day without a signalement has no signalements key: its summary keeps its bytes', () => {
    const summary = buildSummary(inputOf());
    expect('signalements' in summary).toBe(false);
    expect(serializeSummary(summary)).not.toContain('signalements');
  });
});
