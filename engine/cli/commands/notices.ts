import { resolve } from 'node:path';
import { parseIsoMonth } from '../../calendar/calendar-month.js';
import { writeMonthlyNotices, type MonthlyNoticesReport } from '../../history/monthly-notices.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { UsageError } from '../run-options.js';

export interface MonthlyNoticesOptions {
  month: string;
  data: string;
  out: string;
  snapshot?: string;
  json?: boolean;
}

/**
 * `tpliq notices monthly --month aaaa-mm --data D --out O`: the month's complete paper notices
 * (engine/history/monthly-notices.ts). Says how many were written and where, by billing id only:
 * no name on the terminal or in a log.
 */
export async function monthlyNoticesCommand(options: MonthlyNoticesOptions): Promise<ExitCode> {
  const month = parseIsoMonth(options.month);
  if (month === undefined) throw new UsageError(`--month must be a month as aaaa-mm, got "${options.month}"`);
  const report = writeMonthlyNotices({
    dataDir: resolve(options.data), month, outDir: resolve(options.out),
    ...(options.snapshot === undefined ? {} : { snapshotPath: resolve(options.snapshot) }),
  });
  process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return EXIT.OK;
}

function reportText(r: MonthlyNoticesReport): string {
  const head = `monthly notices of ${r.month} (accounting days up to ${r.throughDate}): ${r.notices.length} written to ${r.folder}\n`;
  return head + r.notices.map((n) => `  ${n.billingId}  paid ${n.paid}, rejected ${n.rejected}\n`).join('');
}
