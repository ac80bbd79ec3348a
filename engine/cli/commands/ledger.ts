import { resolve } from 'node:path';
import { formatIso } from '../../calendar/ymd.js';
import { purgeDataFolder, type PurgeReport } from '../../history/purge-data-folder.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDate, UsageError } from '../run-options.js';

export interface LedgerPurgeOptions {
  data: string;
  before?: string;
  retentionDays?: string;
  force?: boolean;
  json?: boolean;
}

export async function ledgerPurgeCommand(options: LedgerPurgeOptions): Promise<ExitCode> {
  if (options.before !== undefined && options.retentionDays !== undefined) {
    throw new UsageError('--before and --retention-days both set the cut-off: give one');
  }
  const before = options.before === undefined ? undefined : parseDate(options.before, '--before');
  const retentionDays = options.retentionDays === undefined ? undefined : wholeDays(options.retentionDays);
  const report = purgeDataFolder({
    dataDir: resolve(options.data),
    ...(before === undefined ? {} : { before }),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    force: options.force === true,
  });
  process.stdout.write(options.json === true ? `${JSON.stringify(purgeJson(report))}\n` : purgeText(report));
  return EXIT.OK;
}

function wholeDays(text: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new UsageError(`--retention-days must be a whole number of days, got "${text}"`);
  return Number(text);
}

/** The report with its days as ISO dates (null when the ledger had no run to count back from). */
function purgeJson(report: PurgeReport): Record<string, string | number | null> {
  const { cutoff, latestAccountingDate, ...counts } = report;
  return {
    cutoff: cutoff === undefined ? null : formatIso(cutoff),
    latestAccountingDate: latestAccountingDate === undefined ? null : formatIso(latestAccountingDate),
    ...counts,
  };
}

function purgeText(r: PurgeReport): string {
  const head = r.cutoff === undefined
    ? 'nothing to purge: the ledger has no run\n'
    : `purged before ${formatIso(r.cutoff)} (latest accounting day ${r.latestAccountingDate === undefined ? 'none' : formatIso(r.latestAccountingDate)})\n`;
  const rows: Array<[string, string]> = [
    ['runs purged (their rows stay, as history)', `${r.runs}`],
    ['rejected invoices removed', `${r.invoicesRemoved}`],
    ['motive labels cleared (paid invoices stay, as duplicate keys)', `${r.labelsCleared}`],
    ['lots, transfers, output digests removed', `${r.lots}, ${r.transfers}, ${r.outputs}`],
    ['archive records removed (runs, inputs)', `${r.archives}, ${r.inputBlobs}`],
    ['archive blobs removed', `${r.blobsRemoved} (${r.bytesFreed} bytes freed)`],
    ['archive temporaries removed', `${r.temporariesRemoved}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return head + rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}\n`).join('');
}
