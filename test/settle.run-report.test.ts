import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/domain/decision.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import type { RunDayTotals } from '../engine/ledger/run-record.js';
import { ReportTally } from '../engine/settle/report-tally.js';
import { buildRunReport, REPORT_HISTORY_DAYS, reportHistoryWindow, type ReportInputs } from '../engine/settle/run-report.js';
import { buildSummary } from '../engine/settle/summary.js';
import { groupTransfers } from '../engine/settle/transfers.js';
import { ACCOUNTING_DATE, decisionOf, motiveOf } from './support/decision-builder.js';
import { chartPoints, fieldText, rowsOf, sectionOf, shownText } from './support/report-reading.js';

const c = (n: number): Cents => n as Cents;
const run = { runId: 'TPLIQ-20261123-ABC', accountingDate: ACCOUNTING_DATE, executionDate: 20261124 as DateYmd, engineVersion: 'tpliq/0.1.0', snapshotId: 'snap' };
const NO_INPUTS: ReportInputs = { files: [], errors: [], rejected: [] };

interface ReportCase {
  decisions?: Decision[];
  history?: RunDayTotals[];
  inputs?: ReportInputs;
  amcName?: (amcNumber: string) => string | undefined;
  practitionerName?: (id: string) => string | undefined;
}

/** The report of a run of these decisions, as liquidation-run.ts builds it. */
function reportOf(day: ReportCase = {}): string {
  const decisions = day.decisions ?? [];
  const transfers = groupTransfers(decisions, { accountingDate: ACCOUNTING_DATE, returnRefOf: () => 'R' });
  const summary = buildSummary({ run, decisions, transfers, violations: [], deterministic: true });
  const tally = new ReportTally();
  for (const d of decisions) tally.add(d);
  const detail = tally.detail({ amcName: day.amcName ?? (() => undefined), practitionerName: day.practitionerName ?? (() => undefined) });
  return buildRunReport({ summary: { ...summary, inputs: day.inputs ?? NO_INPUTS }, detail, history: day.history ?? [] });
}

const dayOf = (accountingDate: number, invoiceCount: number, rejectedCount: number, paidCents: number): RunDayTotals => ({
  accountingDate: accountingDate as DateYmd, runCount: 1, invoiceCount, paidCount: invoiceCount - rejectedCount, paidCents, rejectedCount, transferCents: paidCents,
});

const someDay = (): Decision[] => [
  decisionOf({ sequence: 1, invoiceNumber: '000000001', practitionerId: '991023763', amcNumber: '0012345678', claimedCents: c(123_456_789), channel: 'B2_PS' }),
  decisionOf({ sequence: 2, invoiceNumber: '000000002', practitionerId: '991023763', amcNumber: '0012345678', status: 'REJECTED', claimedCents: c(1050), channel: 'DRE', motives: [motiveOf('DOUBLON')] }),
  decisionOf({ sequence: 3, invoiceNumber: '000000003', practitionerId: '100000001', amcNumber: '0099999999', claimedCents: c(5), channel: 'PAPER', dueDate: 20261120 as DateYmd }),
];

describe('report.html, built from the run summary and the ledger history', () => {
  it('shows the totals, per channel and per AMC, in euros from integer cents', () => {
    const doc = reportOf({ decisions: someDay(), amcName: (n) => (n === '0012345678' ? 'MUTUELLE A' : undefined) });
    expect(fieldText(doc, 'totals', 'paid-count')).toBe('2');
    expect(fieldText(doc, 'totals', 'paid-amount')).toBe('1 234 567,94 € paid');
    expect(fieldText(doc, 'totals', 'rejected-count')).toBe('1');
    expect(fieldText(doc, 'totals', 'rejected-amount')).toBe('10,50 € claimed');
    expect(fieldText(doc, 'totals', 'transfer-count')).toBe('2');
    expect(fieldText(doc, 'totals', 'transfer-amount')).toBe('1 234 567,94 € on 24/11/2026');
    expect(fieldText(doc, 'totals', 'rejection-rate')).toBe('33,33 %');
    expect(fieldText(doc, 'totals', 'sla-breach-count')).toBe('1');
    expect(fieldText(doc, 'sla', 'sla-sequences')).toBe('3');
    expect(rowsOf(doc, 'channels', 'channel').get('DRE')).toMatchObject({ 'invoice-count': '1', 'paid-count': '0', 'rejected-count': '1', 'rejected-amount': '10,50 €' });
    expect(rowsOf(doc, 'channels', 'channel').get('B2_PS')).toMatchObject({ 'paid-amount': '1 234 567,89 €' });
    const amcs = rowsOf(doc, 'amcs', 'amc');
    expect([...amcs.keys()]).toEqual(['0012345678', '0099999999']);
    expect(amcs.get('0012345678')).toEqual({ 'amc-number': '0012345678', name: 'MUTUELLE A', 'invoice-count': '2', 'paid-count': '1', 'paid-amount': '1 234 567,89 €', 'rejected-count': '1', 'rejected-amount': '10,50 €' });
    expect(amcs.get('0099999999')).toMatchObject({ name: '(unknown to the referential)', 'paid-amount': '0,05 €' });
    expect(rowsOf(doc, 'motives', 'motive').get('DOUBLON')).toEqual({ code: 'DOUBLON', noemie: 'D002', label: 'Facture déjà reçue', 'invoice-count': '1', 'claimed-amount': '10,50 €' });
    expect(rowsOf(doc, 'practitioners', 'practitioner').get('991023763')).toMatchObject({ 'rejected-count': '1', 'invoice-count': '2', 'rejection-rate': '50,00 %' });
  });

  it('escapes every name taken from an input: file, rejected entry, AMC and practitioner names cannot inject markup', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;\'';
    const doc = reportOf({
      decisions: [decisionOf({ status: 'REJECTED', amcNumber: '0012345678', practitionerId: '991023763' })],
      amcName: () => `AMC ${hostile}`,
      practitionerName: () => `DR ${hostile}`,
      inputs: { files: [{ name: `${hostile}.b2`, sizeBytes: 10, receivedDate: '2026-11-23' }], errors: [], rejected: [{ code: 'TPLIQ_INBOX_SYMLINK', name: `"${hostile}` }] },
    });
    expect(doc).not.toMatch(/<script|<img|onerror="/i);
    expect(rowsOf(doc, 'amcs', 'amc').get('0012345678')?.name).toBe(`AMC ${hostile}`);
    expect(rowsOf(doc, 'practitioners', 'practitioner').get('991023763')?.name).toBe(`DR ${hostile}`);
    expect(rowsOf(doc, 'inputs', 'file').get(`${hostile}.b2`)?.name).toBe(`${hostile}.b2`);
    expect(rowsOf(doc, 'inputs', 'rejected').get(`"${hostile}`)?.code).toBe('TPLIQ_INBOX_SYMLINK');
  });

  it('loads nothing: no script, no link, no URL, and a policy that forbids every load', () => {
    const doc = reportOf({ decisions: someDay(), history: [dayOf(20261120, 10, 1, 900)] });
    expect(doc).not.toMatch(/<script|<link|<img|<iframe|<object|\bsrc=|\bhref=|url\(|@import|https?:|\/\/[a-z]/i);
    expect(doc).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">');
  });

  it('shows an empty day with no transfer as zeros and says so in each table', () => {
    const doc = reportOf();
    for (const field of ['invoice-count', 'paid-count', 'rejected-count', 'transfer-count', 'sla-breach-count']) expect(fieldText(doc, 'totals', field)).toBe('0');
    expect(fieldText(doc, 'totals', 'transfer-amount')).toBe('0,00 € on 24/11/2026');
    expect(fieldText(doc, 'totals', 'rejection-rate')).toBe('0,00 %');
    expect(shownText(sectionOf(doc, 'channels'))).toContain('No invoice today.');
    expect(shownText(sectionOf(doc, 'motives'))).toContain('No invoice was rejected.');
    expect(shownText(sectionOf(doc, 'practitioners'))).toContain('No invoice was rejected.');
    expect(fieldText(doc, 'sla', 'sla-breaches')).toBe('No paid invoice was paid after its due date.');
    expect(shownText(sectionOf(doc, 'inputs'))).toContain('The inbox was empty.');
    expect(chartPoints(doc, 'chart-paid')).toEqual([{ date: '2026-11-23', value: 0 }]);
  });

  it('draws the accounting day alone when the ledger has no history', () => {
    const doc = reportOf({ decisions: someDay() });
    expect(fieldText(doc, 'history', 'history-days')).toBe('1 accounting day(s) with a run from 25/10/2026 to 23/11/2026, this run included (its bars in green).');
    expect(chartPoints(doc, 'chart-invoices')).toEqual([{ date: '2026-11-23', value: 3 }]);
    expect(chartPoints(doc, 'chart-paid')).toEqual([{ date: '2026-11-23', value: 123_456_794 }]);
    expect(chartPoints(doc, 'chart-rejection-rate')).toEqual([{ date: '2026-11-23', value: 3333 }]);
    expect([...rowsOf(doc, 'history', 'day').keys()]).toEqual(['2026-11-23']);
  });

  it('adds the run to the ledger days of its 30-day window, oldest first, and leaves out days outside it', () => {
    const window = reportHistoryWindow(ACCOUNTING_DATE);
    expect(window).toEqual({ fromDate: 20261025, beforeDate: 20261123 });
    const history = [dayOf(20261120, 200, 50, 90_000), dayOf(20261024, 1, 0, 1), dayOf(20261025, 100, 0, 10_000), dayOf(20261123, 9, 9, 0), dayOf(20261130, 9, 9, 0)];
    const doc = reportOf({ decisions: someDay(), history });
    expect(chartPoints(doc, 'chart-invoices')).toEqual([{ date: '2026-10-25', value: 100 }, { date: '2026-11-20', value: 200 }, { date: '2026-11-23', value: 3 }]);
    expect(chartPoints(doc, 'chart-rejection-rate').map((p) => p.value)).toEqual([0, 2500, 3333]);
    const days = rowsOf(doc, 'history', 'day');
    expect([...days.keys()]).toEqual(['2026-11-23', '2026-11-20', '2026-10-25']);
    expect(days.get('2026-11-20')).toEqual({ date: '20/11/2026', 'invoice-count': '200', 'paid-count': '150', 'paid-amount': '900,00 €', 'rejected-count': '50', 'rejection-rate': '25,00 %', 'transfer-amount': '900,00 €' });
    expect(REPORT_HISTORY_DAYS).toBe(30);
  });

  it('places each day by its date: the first day of the window at the left, the accounting day at the right', () => {
    const doc = reportOf({ decisions: someDay(), history: [dayOf(20261025, 100, 0, 10_000)] });
    const xs = [...sectionOf(doc, 'history').matchAll(/<rect class="bar[^"]*" data-date="([^"]+)"[^>]* x="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(xs.slice(0, 2)).toEqual([['2026-10-25', 107], ['2026-11-23', 107 + 29 * 20]]);
  });

  it('gives the same bytes for the same inputs, whatever order the decisions and the history came in', () => {
    const history = [dayOf(20261120, 200, 50, 90_000), dayOf(20261101, 100, 0, 10_000)];
    const once = reportOf({ decisions: someDay(), history });
    expect(reportOf({ decisions: someDay().reverse(), history: [...history].reverse() })).toBe(once);
  });
});
