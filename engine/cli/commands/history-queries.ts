import { resolve } from 'node:path';
import { formatIso, isValidYmd } from '../../calendar/ymd.js';
import type { Cents, DateYmd } from '../../domain/units.js';
import { dayTransfers, type DayTransfer } from '../../history/day-transfers.js';
import { explainInvoice, type InvoiceDecision, type InvoiceExplanation } from '../../history/invoice-explanation.js';
import { readLedger } from '../../history/ledger-for-queries.js';
import { runDetail, type RunDetail } from '../../history/run-detail.js';
import { listRuns, type RunRange } from '../../history/run-listing.js';
import type { RunRow } from '../../history/run-row.js';
import { formatEuros } from '../../money/euros.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate, UsageError } from '../run-options.js';
import { keyValueLines, textTable } from '../text-table.js';

/**
 * The operator's questions to the ledger — `runs`, `runs show`, `explain`, `transfers` — answered
 * as text (aligned columns, euros with 2 decimals, days as yyyy-mm-dd) or as JSON (`--json`:
 * amounts in integer cents, days as yyyy-mm-dd). The answers come from engine/history/, which
 * reads the ledger without writing or locking anything. The tables read hold no NIR and no name.
 */
export interface HistoryQueryOptions {
  data?: string;
  json?: boolean;
}

/** `tpliq runs [--from D] [--to D]`. */
export async function runsCommand(options: HistoryQueryOptions & { from?: string; to?: string }): Promise<ExitCode> {
  const range: RunRange = {
    ...(options.from === undefined ? {} : { from: parseDate(options.from, '--from') }),
    ...(options.to === undefined ? {} : { to: parseDate(options.to, '--to') }),
  };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  const runs = readLedger(dataDirOf(options), (db) => listRuns(db, range));
  write(options.json === true ? { runs: runs.map(runRowJson) } : runsText(runs));
  return EXIT.OK;
}

/** `tpliq runs show RUN_ID`: its own --data and --json, or those given to `runs` before `show`. */
export async function runShowCommand(runId: string, options: HistoryQueryOptions, command?: { parent?: { opts(): HistoryQueryOptions } | null }): Promise<ExitCode> {
  const inherited = command?.parent?.opts() ?? {};
  const merged: HistoryQueryOptions = { data: options.data ?? inherited.data, json: options.json === true || inherited.json === true };
  const detail = readLedger(dataDirOf(merged), (db) => runDetail(db, runId.trim()));
  write(merged.json === true ? runDetailJson(detail) : runDetailText(detail));
  return EXIT.OK;
}

/** `tpliq explain --ps PS --invoice N`. */
export async function explainCommand(options: HistoryQueryOptions & { ps: string; invoice: string }): Promise<ExitCode> {
  const explanation = readLedger(dataDirOf(options), (db) => explainInvoice(db, options.ps.trim(), options.invoice.trim()));
  write(options.json === true ? explanationJson(explanation) : explanationText(explanation));
  return EXIT.OK;
}

/** `tpliq transfers --date D [--ps PS]`. */
export async function transfersCommand(options: HistoryQueryOptions & { date: string; ps?: string }): Promise<ExitCode> {
  const date = parseDate(options.date, '--date');
  const transfers = readLedger(dataDirOf(options), (db) => dayTransfers(db, date, options.ps?.trim()));
  const totalCents = transfers.reduce((sum, transfer) => sum + transfer.amountCents, 0);
  write(options.json === true ? { accountingDate: formatIso(date), count: transfers.length, totalCents, transfers } : transfersText(date, transfers, totalCents));
  return EXIT.OK;
}

function dataDirOf(options: HistoryQueryOptions): string {
  // Not a commander requiredOption: `runs --data D show X` gives it to `runs`, whose subcommand reads it.
  if (options.data === undefined) throw new UsageError("required option '--data <dir>' not specified");
  return resolve(options.data);
}

function write(answer: string | object): void {
  process.stdout.write(typeof answer === 'string' ? answer : `${JSON.stringify(answer, null, 2)}\n`);
}

const euros = (amountCents: number): string => formatEuros(amountCents as Cents);
const day = (date: DateYmd | null): string | null => (date === null ? null : formatIso(date));

function runRowJson(run: RunRow): object {
  return { ...run, accountingDate: day(run.accountingDate), purgedBefore: day(run.purgedBefore) };
}

const archiveText = (run: RunRow): string => (run.archived ? (run.replayable ? 'yes' : 'yes, detail purged') : run.purgedBefore === null ? 'no' : 'purged');
const statusText = (run: RunRow): string => (run.purgedBefore === null ? run.status : `purged before ${formatIso(run.purgedBefore)}`);

function runsText(runs: readonly RunRow[]): string {
  const lines = textTable(
    [
      { header: 'date' }, { header: 'run' }, { header: 'engine' }, { header: 'invoices', align: 'right' },
      { header: 'paid', align: 'right' }, { header: 'paid EUR', align: 'right' }, { header: 'rejected', align: 'right' }, { header: 'claimed EUR', align: 'right' },
      { header: 'transfers', align: 'right' }, { header: 'transfers EUR', align: 'right' }, { header: 'status' }, { header: 'archived' },
    ],
    runs.map((run) => [
      formatIso(run.accountingDate), run.runId, run.engineVersion, String(run.invoiceCount),
      String(run.paidCount), euros(run.paidCents), String(run.rejectedCount), euros(run.rejectedClaimedCents),
      String(run.transferCount), euros(run.transferCents), statusText(run), archiveText(run),
    ]),
  );
  return `${lines.join('\n')}\n`;
}

/** A parameter as text: days as yyyy-mm-dd, objects flattened by the caller. */
function parameterText(key: string, value: unknown): string {
  if (key.endsWith('Date') && typeof value === 'number' && isValidYmd(value)) return formatIso(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The run's parameters as `key value` rows, nested ones as `operator.name`. */
function parameterRows(values: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) rows.push(...parameterRows(value as Record<string, unknown>, `${prefix}${key}.`));
    else rows.push([`${prefix}${key}`, parameterText(key, value)]);
  }
  return rows;
}

function parametersJson(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value)
      ? parametersJson(value as Record<string, unknown>)
      : key.endsWith('Date') && typeof value === 'number' && isValidYmd(value) ? formatIso(value) : value;
  }
  return out;
}

function runDetailJson(detail: RunDetail): object {
  return {
    ...runRowJson(detail),
    parameters: { from: detail.parameters.from, values: parametersJson(detail.parameters.values) },
    files: detail.files.map((file) => ({ ...file, receivedDate: formatIso(file.receivedDate) })),
  };
}

function runDetailText(d: RunDetail): string {
  const out: string[] = [`run ${d.runId}`];
  out.push(...keyValueLines([
    ['accounting date', formatIso(d.accountingDate)],
    ['status', `${statusText(d)}${d.purgedBefore === null ? '' : ' (rejected invoices, lots, transfers, output digests and archived inputs removed by retention)'}`],
    ['archived', d.archived ? (d.replayable ? 'yes: parameters and inputs kept (replayable)' : 'yes, but the detail is purged') : d.purgedBefore === null ? 'no (recorded before the run archive)' : 'no longer (purged with the detail)'],
    ['engine', d.engineVersion],
    ['snapshot', d.snapshotId],
    ['output folder', `${d.outDir ?? '(not recorded)'}${d.released ? '' : ' (outputs not confirmed there yet: the next run on this data folder releases them)'}`],
    ['invoices', `${d.invoiceCount}  ${euros(d.claimedCents)} EUR claimed`],
    ['paid', `${d.paidCount}  ${euros(d.paidCents)} EUR`],
    ['rejected', `${d.rejectedCount}  ${euros(d.rejectedClaimedCents)} EUR claimed`],
    ['transfers', `${d.transferCount}  ${euros(d.transferCents)} EUR`],
    ['lots', `${d.lots.count}${d.lots.negativeArl === 0 ? '' : ` (${d.lots.negativeArl} with a negative ARL)`}`],
  ], '  '));
  out.push(`parameters (${d.parameters.from === 'archive' ? 'every one, from the run archive' : 'the few the run row keeps: the run was not archived'})`);
  out.push(...keyValueLines(parameterRows(d.parameters.values), '  '));
  out.push(`input files: ${d.files.length}`);
  if (d.files.length > 0) {
    out.push(...textTable(
      [{ header: 'name' }, { header: 'sha256' }, { header: 'bytes', align: 'right' }, { header: 'received' }, { header: 'receipt instant' }, { header: 'dated by' }],
      d.files.map((file) => [file.name, file.sha256, String(file.sizeBytes), formatIso(file.receivedDate), file.receipt?.at ?? '', file.receipt?.from ?? '']),
      '  ',
    ));
  }
  if (d.refused.length > 0) {
    out.push(`refused: ${d.refused.length}`);
    out.push(...textTable([{ header: 'name' }, { header: 'code' }, { header: 'when' }, { header: 'why' }], d.refused.map((r) => [r.name, r.code, r.when, r.message]), '  '));
  }
  if (d.manifestProblems.length > 0) {
    out.push(`manifest problems: ${d.manifestProblems.length}`);
    for (const problem of d.manifestProblems) out.push(`  ${problem.code}${problem.entry === undefined ? '' : ` ${problem.entry}`}: ${problem.message}`);
  }
  // Last: a large run has one NOEMIE return per practitioner, thousands of lines.
  out.push(`outputs: ${d.outputs.length}`);
  if (d.outputs.length > 0) {
    out.push(...textTable([{ header: 'path' }, { header: 'sha256' }, { header: 'bytes', align: 'right' }], d.outputs.map((o) => [o.path, o.sha256, String(o.sizeBytes)]), '  '));
  }
  return `${out.join('\n')}\n`;
}

function explanationJson(explanation: InvoiceExplanation): object {
  return {
    ...explanation,
    decisions: explanation.decisions.map((decision) => ({
      ...decision,
      accountingDate: formatIso(decision.accountingDate),
      ...(decision.transfer === undefined ? {} : { transfer: { ...decision.transfer, executionDate: day(decision.transfer.executionDate) } }),
    })),
  };
}

function explanationText(explanation: InvoiceExplanation): string {
  const n = explanation.decisions.length;
  const out = [`invoice ${explanation.invoiceNumber} of practitioner ${explanation.practitionerId}: ${n} decision${n === 1 ? '' : 's'}, oldest first`];
  const blocks = explanation.decisions.map((decision) => ({ decision, rows: decisionRows(decision) }));
  // One width for every block: the decisions read as one table, down the page.
  const keyWidth = Math.max(...blocks.flatMap(({ rows }) => rows.map(([key]) => key.length)));
  for (const { decision, rows } of blocks) out.push('', `${formatIso(decision.accountingDate)}  run ${decision.runId}`, ...keyValueLines(rows, '  ', keyWidth));
  return `${out.join('\n')}\n`;
}

function decisionRows(d: InvoiceDecision): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['invoice', `${d.invoiceNumber} in ${d.file}, lot ${d.lot}, sequence ${d.sequence}`],
    ['status', d.status],
    ['paid', `${euros(d.paidCents)} EUR of ${euros(d.claimedCents)} EUR claimed`],
  ];
  for (const motive of d.motives) rows.push(['motive', `${motive.code}  ${motive.label}${d.motiveLabels === 'generic' ? ' (label without its values: recorded before they were kept)' : ''}`]);
  if (d.transfer !== undefined) {
    const execution = d.transfer.executionDate === null ? '' : `, execution date ${formatIso(d.transfer.executionDate)}`;
    rows.push(['transfer', `${d.transfer.endToEndId}  ${euros(d.transfer.amountCents)} EUR (the practitioner's whole day)${execution}`]);
  }
  return rows;
}

function transfersText(date: DateYmd, transfers: readonly DayTransfer[], totalCents: number): string {
  const head = `transfers of ${formatIso(date)}: ${transfers.length}, ${euros(totalCents)} EUR`;
  if (transfers.length === 0) return `${head} (the day's run paid nobody)\n`;
  const lines = textTable(
    [{ header: 'practitioner' }, { header: 'amount EUR', align: 'right' }, { header: 'end-to-end id' }, { header: 'run' }, { header: 'paid invoices', align: 'right' }],
    transfers.map((t) => [t.practitionerId, euros(t.amountCents), t.endToEndId, t.runId, String(t.paidInvoiceCount)]),
  );
  return `${[head, ...lines].join('\n')}\n`;
}
