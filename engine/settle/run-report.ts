import { addDays, daysBetween, formatFr, formatIso, parseIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import type { RunDayTotals } from '../ledger/run-record.js';
import { chartSvg, type ChartPoint } from './report-charts.js';
import { formatAmount, formatBasisPoints, formatCount, shareBasisPoints } from './report-format.js';
import { escapeHtml, figure, html, page, section, table, type Column, type Row } from './report-html.js';
import type { ReportDetail } from './report-tally.js';
import type { RunSummary } from './summary.js';

/**
 * report.html: the run as a person looks at it the morning after — the day's totals, per channel
 * and per AMC, the motives, the transfers, the SLA breaches, the practitioners with the most
 * rejections, and the last 30 days from the ledger as charts. One self-contained file (inline
 * style, inline SVG, no script, nothing loaded), built by this pure function from what the run
 * already counted: same inputs, same bytes, whatever the thread count.
 *
 * Private by construction: it is built from summary.json, the per-AMC / per-practitioner tallies
 * and the ledger's run totals, none of which holds a NIR, a beneficiary's name or a birth date.
 * Every text from an input (file names, AMC and practitioner names) is escaped.
 */

/** How far back the charts look: the accounting day and the 29 days before it. */
export const REPORT_HISTORY_DAYS = 30;

/** The ledger days the report asks for (Ledger.runDays): the window, the accounting day excepted (the run is not recorded yet). */
export function reportHistoryWindow(accountingDate: DateYmd): { fromDate: DateYmd; beforeDate: DateYmd } {
  return { fromDate: addDays(accountingDate, -(REPORT_HISTORY_DAYS - 1)), beforeDate: accountingDate };
}

/** What summary.json adds to the RunSummary about the run's inputs (liquidation-run.ts), as far as the report shows it. */
export interface ReportInputs {
  files: ReadonlyArray<{ name: string; sizeBytes: number; receivedDate: string; alreadyReceivedInRun?: string }>;
  errors: ReadonlyArray<{ code: string }>;
  rejected: ReadonlyArray<{ code: string; name: string }>;
}

export interface RunReportInput {
  summary: RunSummary & { inputs?: ReportInputs };
  detail: ReportDetail;
  /** Earlier days from the ledger (reportHistoryWindow); days outside the window are left out. */
  history: readonly RunDayTotals[];
}

/** Inputs and SLA breaches can run to thousands: the report lists this many, and counts them all. */
const LISTED_MAX = 200;

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  B2_ETAB: 'B2, establishments',
  B2_PS: 'B2, practitioners',
  DRE: 'DRE',
  PAPER: 'Paper invoices',
  C2S: 'C2S claims of AMO funds',
  UNKNOWN: 'Channel not recorded',
};

export function buildRunReport(input: RunReportInput): string {
  const { summary } = input;
  const accountingDate = parseIso(summary.run.accountingDate);
  const executionDate = parseIso(summary.run.executionDate);
  if (accountingDate === undefined || executionDate === undefined) {
    throw new RangeError(`summary dates ${summary.run.accountingDate} / ${summary.run.executionDate} are not yyyy-mm-dd`);
  }
  const subtitle = html(
    `<p class="run">Run <code>${escapeHtml(summary.run.runId)}</code> · transfers executed ${escapeHtml(formatFr(executionDate))} · engine ${escapeHtml(summary.run.engineVersion)} · referential <code>${escapeHtml(summary.run.snapshotId)}</code></p>\n` +
      (summary.invariants.ok
        ? '<p class="status ok" data-field="invariants">Run invariants hold</p>'
        : `<p class="status broken" data-field="invariants">${formatCount(summary.invariants.violations.length)} run invariant(s) broken</p>`),
  );
  const body = [
    totalsSection(summary, executionDate),
    channelsSection(summary),
    ...(summary.c2s === undefined ? [] : [c2sSection(summary.c2s)]),
    amcsSection(input.detail),
    motivesSection(summary),
    practitionersSection(input.detail),
    slaSection(summary),
    historySection(accountingDate, summary, input.history),
    inputsSection(summary.inputs),
  ].join('\n');
  const day = formatFr(accountingDate);
  return page(`tpliq run report ${day}`, `Run report — accounting day ${day}`, subtitle, body);
}

function totalsSection(summary: RunSummary, executionDate: DateYmd): string {
  const { invoices, transfers, sla } = summary;
  const figures = [
    figure('Invoices', 'invoice-count', formatCount(invoices.count), { field: 'claimed-amount', text: `${formatAmount(invoices.claimedCents)} claimed` }),
    figure('Paid', 'paid-count', formatCount(invoices.paid.count), { field: 'paid-amount', text: `${formatAmount(invoices.paid.paidCents)} paid` }),
    figure('Rejected', 'rejected-count', formatCount(invoices.rejected.count), { field: 'rejected-amount', text: `${formatAmount(invoices.rejected.claimedCents)} claimed` }),
    figure('Rejection rate', 'rejection-rate', formatBasisPoints(shareBasisPoints(invoices.rejected.count, invoices.count))),
    figure('Transfers', 'transfer-count', formatCount(transfers.count), { field: 'transfer-amount', text: `${formatAmount(transfers.totalCents)} on ${formatFr(executionDate)}` }),
    figure('SLA breaches', 'sla-breach-count', formatCount(sla.breachCount), { field: 'sla-note', text: 'paid after their due date' }),
  ];
  return section('totals', 'Totals', `<dl class="figures">\n${figures.join('\n')}\n</dl>`);
}

/** The counts both the per-channel and the per-AMC tables give, in this order. */
const COUNT_COLUMNS: readonly Column[] = [
  { heading: 'Invoices', field: 'invoice-count', numeric: true },
  { heading: 'Paid', field: 'paid-count', numeric: true },
  { heading: 'Amount paid', field: 'paid-amount', numeric: true },
  { heading: 'Rejected', field: 'rejected-count', numeric: true },
  { heading: 'Rejected, claimed', field: 'rejected-amount', numeric: true },
];

function channelsSection(summary: RunSummary): string {
  const rows: Row[] = Object.entries(summary.channels).map(([channel, tally]) => ({
    key: { name: 'channel', value: channel },
    cells: [
      channel, CHANNEL_NAMES[channel] ?? '', formatCount(tally.count), formatCount(tally.paid.count), formatAmount(tally.paid.paidCents),
      formatCount(tally.rejected.count), formatAmount(tally.rejected.claimedCents),
    ],
  }));
  return section('channels', 'Per channel', table('Invoices by the channel they came by', [
    { heading: 'Channel', field: 'channel' },
    { heading: 'Description', field: 'description' },
    ...COUNT_COLUMNS,
  ], rows, 'No invoice today.'));
}

/** The AMO funds' C2S claims (summary `c2s`), on a day with one: what each fund was paid, late, and increased by 10 %. */
function c2sSection(funds: NonNullable<RunSummary['c2s']>): string {
  const rows: Row[] = Object.entries(funds).map(([fund, tally]) => ({
    key: { name: 'fund', value: fund },
    cells: [
      fund, formatCount(tally.claims), formatCount(tally.paid.count), formatAmount(tally.paid.paidCents), formatCount(tally.late.count),
      formatCount(tally.increased.count), formatAmount(tally.increased.increaseCents), formatCount(tally.rejected.count),
    ],
  }));
  return section('c2s', 'C2S claims of AMO funds', table('Claims per fund: paid (increases included), paid after their due date, increased by 10 % (late or under formal notice)', [
    { heading: 'Fund', field: 'fund' },
    { heading: 'Claims', field: 'claim-count', numeric: true },
    { heading: 'Paid', field: 'paid-count', numeric: true },
    { heading: 'Amount paid', field: 'paid-amount', numeric: true },
    { heading: 'Late', field: 'late-count', numeric: true },
    { heading: 'Increased', field: 'increased-count', numeric: true },
    { heading: 'Increases', field: 'increase-amount', numeric: true },
    { heading: 'Rejected', field: 'rejected-count', numeric: true },
  ], rows, 'No claim today.'));
}

function amcsSection(detail: ReportDetail): string {
  const rows: Row[] = detail.amcs.map((amc) => ({
    key: { name: 'amc', value: amc.amcNumber },
    cells: [
      amc.amcNumber === '' ? '(none)' : amc.amcNumber, amc.name ?? '(unknown to the referential)', formatCount(amc.invoiceCount),
      formatCount(amc.paidCount), formatAmount(amc.paidCents), formatCount(amc.rejectedCount), formatAmount(amc.rejectedClaimedCents),
    ],
  }));
  return section('amcs', 'Per AMC', table('Invoices by the AMC they name', [
    { heading: 'AMC', field: 'amc-number' },
    { heading: 'Name', field: 'name' },
    ...COUNT_COLUMNS,
  ], rows, 'No invoice today.'));
}

function motivesSection(summary: RunSummary): string {
  // Most frequent first; ties in code order (the summary's keys are sorted).
  const motives = Object.entries(summary.motives).sort(([, a], [, b]) => b.count - a.count);
  const rows: Row[] = motives.map(([code, tally]) => ({
    key: { name: 'motive', value: code },
    cells: [code, tally.noemie, tally.label, formatCount(tally.count), formatAmount(tally.claimedCents)],
  }));
  return section('motives', 'Motives', table('Rejection motives, and the signalements of paid invoices, most frequent first (an invoice with two motives counts under both)', [
    { heading: 'Motive', field: 'code' },
    { heading: 'NOEMIE', field: 'noemie' },
    { heading: 'Libellé', field: 'label' },
    { heading: 'Invoices', field: 'invoice-count', numeric: true },
    { heading: 'Claimed', field: 'claimed-amount', numeric: true },
  ], rows, 'No invoice was rejected.'));
}

function practitionersSection(detail: ReportDetail): string {
  const rows: Row[] = detail.rejectedPractitioners.map((p) => ({
    key: { name: 'practitioner', value: p.practitionerId },
    cells: [
      p.practitionerId, p.name ?? '(unknown to the referential)', formatCount(p.rejectedCount), formatCount(p.invoiceCount),
      formatBasisPoints(shareBasisPoints(p.rejectedCount, p.invoiceCount)), formatAmount(p.rejectedClaimedCents),
    ],
  }));
  const listed = detail.rejectedPractitioners.length;
  const note = `<p class="note" data-field="practitioners-with-rejections">${formatCount(detail.practitionersWithRejections)} practitioner(s) had rejected invoices today${listed < detail.practitionersWithRejections ? `; the ${formatCount(listed)} with the most are listed` : ''}.</p>`;
  return section('practitioners', 'Practitioners with the most rejections', note + '\n' + table('Most rejected invoices first; ties by billing id', [
    { heading: 'Billing id', field: 'practitioner-id' },
    { heading: 'Name', field: 'name' },
    { heading: 'Rejected', field: 'rejected-count', numeric: true },
    { heading: 'Invoices', field: 'invoice-count', numeric: true },
    { heading: 'Rejection rate', field: 'rejection-rate', numeric: true },
    { heading: 'Rejected, claimed', field: 'rejected-amount', numeric: true },
  ], rows, 'No invoice was rejected.'));
}

function slaSection(summary: RunSummary): string {
  const { breachCount, breachSequences } = summary.sla;
  if (breachCount === 0) return section('sla', 'SLA breaches', '<p class="note" data-field="sla-breaches">No paid invoice was paid after its due date.</p>');
  const listed = breachSequences.slice(0, LISTED_MAX);
  const more = breachCount - listed.length;
  return section('sla', 'SLA breaches', [
    `<p class="note" data-field="sla-breaches">${formatCount(breachCount)} paid invoice(s) were paid after their due date (P10, P11). Their sequence numbers in decisions.csv:</p>`,
    `<p><code data-field="sla-sequences">${listed.join(', ')}</code>${more > 0 ? ` and ${formatCount(more)} more (summary.json lists up to ${formatCount(10_000)})` : ''}</p>`,
  ].join('\n'));
}

/** One day of the charts: the ledger's totals for an earlier day, the run's own for today. */
interface HistoryDay {
  date: DateYmd;
  invoiceCount: number;
  paidCount: number;
  paidCents: number;
  rejectedCount: number;
  transferCents: number;
}

function historySection(accountingDate: DateYmd, summary: RunSummary, ledgerDays: readonly RunDayTotals[]): string {
  const { fromDate, beforeDate } = reportHistoryWindow(accountingDate);
  const days: HistoryDay[] = ledgerDays
    .filter((d) => d.accountingDate >= fromDate && d.accountingDate < beforeDate)
    .map((d) => ({ date: d.accountingDate, invoiceCount: d.invoiceCount, paidCount: d.paidCount, paidCents: d.paidCents, rejectedCount: d.rejectedCount, transferCents: d.transferCents }))
    .sort((a, b) => a.date - b.date);
  days.push({
    date: accountingDate, invoiceCount: summary.invoices.count, paidCount: summary.invoices.paid.count,
    paidCents: summary.invoices.paid.paidCents, rejectedCount: summary.invoices.rejected.count, transferCents: summary.transfers.totalCents,
  });
  const pointsOf = (valueOf: (d: HistoryDay) => number, text: (value: number) => string): ChartPoint[] =>
    days.map((d) => ({ dayIndex: daysBetween(fromDate, d.date), isoDate: formatIso(d.date), value: valueOf(d), tooltip: `${formatFr(d.date)}: ${text(valueOf(d))}` }));
  const rateOf = (d: HistoryDay): number => shareBasisPoints(d.rejectedCount, d.invoiceCount);
  // A label a week apart, and the accounting day last.
  const dayLabels = [0, 7, 14, 21, REPORT_HISTORY_DAYS - 1].map((dayIndex) => ({ dayIndex, text: formatFr(addDays(fromDate, dayIndex)).slice(0, 5) }));
  const common = { windowDays: REPORT_HISTORY_DAYS, dayLabels };
  const charts = [
    chartSvg({ ...common, id: 'chart-invoices', title: 'Invoices per accounting day', kind: 'bars', points: pointsOf((d) => d.invoiceCount, (n) => `${formatCount(n)} invoices`), formatValue: formatCount }),
    chartSvg({ ...common, id: 'chart-paid', title: 'Amount paid per accounting day', kind: 'bars', points: pointsOf((d) => d.paidCents, (c) => `${formatAmount(c)} paid`), formatValue: formatAmount }),
    chartSvg({ ...common, id: 'chart-rejection-rate', title: 'Rejection rate per accounting day', kind: 'line', points: pointsOf(rateOf, (bp) => `${formatBasisPoints(bp)} rejected`), formatValue: formatBasisPoints }),
  ];
  const rows: Row[] = [...days].reverse().map((d) => ({
    key: { name: 'day', value: formatIso(d.date) },
    cells: [formatFr(d.date), formatCount(d.invoiceCount), formatCount(d.paidCount), formatAmount(d.paidCents), formatCount(d.rejectedCount), formatBasisPoints(rateOf(d)), formatAmount(d.transferCents)],
  }));
  const note = `<p class="note" data-field="history-days">${formatCount(days.length)} accounting day(s) with a run from ${formatFr(fromDate)} to ${formatFr(accountingDate)}, this run included (its bars in green).</p>`;
  return section('history', `Last ${REPORT_HISTORY_DAYS} days`, [
    note,
    `<div class="charts">\n${charts.join('\n')}\n</div>`,
    table('The same days, most recent first', [
      { heading: 'Accounting day', field: 'date' },
      { heading: 'Invoices', field: 'invoice-count', numeric: true },
      { heading: 'Paid', field: 'paid-count', numeric: true },
      { heading: 'Amount paid', field: 'paid-amount', numeric: true },
      { heading: 'Rejected', field: 'rejected-count', numeric: true },
      { heading: 'Rejection rate', field: 'rejection-rate', numeric: true },
      { heading: 'Transfers', field: 'transfer-amount', numeric: true },
    ], rows, 'No run.'),
  ].join('\n'));
}

function inputsSection(inputs: ReportInputs | undefined): string {
  if (inputs === undefined) return '';
  const files = inputs.files.slice(0, LISTED_MAX);
  const fileRows: Row[] = files.map((f) => ({
    key: { name: 'file', value: f.name },
    cells: [f.name, formatCount(f.sizeBytes), frenchDayOf(f.receivedDate), f.alreadyReceivedInRun ?? ''],
  }));
  const filesNote = files.length < inputs.files.length ? `<p class="note">${formatCount(inputs.files.length)} files; the first ${formatCount(files.length)} are listed (all are in summary.json).</p>` : '';
  const errorCounts = new Map<string, number>();
  for (const e of inputs.errors) errorCounts.set(e.code, (errorCounts.get(e.code) ?? 0) + 1);
  const errorRows: Row[] = [...errorCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, count]) => ({ key: { name: 'error', value: code }, cells: [code, formatCount(count)] }));
  const rejectedRows: Row[] = inputs.rejected.slice(0, LISTED_MAX).map((r) => ({ key: { name: 'rejected', value: r.name }, cells: [r.name, r.code] }));
  const rejectedNote = rejectedRows.length < inputs.rejected.length ? `<p class="note">${formatCount(inputs.rejected.length)} entries not taken; the first ${formatCount(rejectedRows.length)} are listed (all are in summary.json).</p>` : '';
  return section('inputs', 'Inputs', [
    filesNote,
    table('Files read', [
      { heading: 'File', field: 'name' },
      { heading: 'Bytes', field: 'size-bytes', numeric: true },
      { heading: 'Received', field: 'received-date' },
      { heading: 'Already received in run', field: 'earlier-run' },
    ], fileRows, 'The inbox was empty.'),
    table('File-level problems by code (places and messages in summary.json)', [
      { heading: 'Code', field: 'code' },
      { heading: 'Occurrences', field: 'count', numeric: true },
    ], errorRows, 'No file-level problem.'),
    rejectedNote,
    table('Inbox entries not taken', [
      { heading: 'Entry', field: 'name' },
      { heading: 'Code', field: 'code' },
    ], rejectedRows, 'Every inbox entry was taken.'),
  ].filter((part) => part !== '').join('\n'));
}

/** yyyy-mm-dd as the rest of the page writes days (dd/mm/yyyy); left as it is if it is not a day. */
function frenchDayOf(isoDate: string): string {
  const day = parseIso(isoDate);
  return day === undefined ? isoDate : formatFr(day);
}
