import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SqlConnection } from '../ledger/sql/sql-connection.js';
import { isPayeeIdFormat } from '../../codecs/identifiers/payee-id.js';
import { compactMonth, firstDayOfMonth, isoMonth, lastDayOfMonth, type CalendarMonth } from '../calendar/calendar-month.js';
import { formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import { PaperNoticeLines } from '../ledger/paper-notice-lines.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, ensurePrivateDir } from '../private-files.js';
import { loadPayeeDirectory } from '../referential/payee-directory.js';
import { DEFAULT_OPERATOR } from '../run/run-parameters.js';
import { hasNoticeAddress } from '../settle/mail-notices.js';
import { monthlyNoticeFolder, monthlyNoticePath, monthlyNoticeText } from '../settle/monthly-notice.js';
import { HistoryError } from './history-error.js';
import { InputArchive } from './input-archive.js';
import { openLedgerForReading } from './ledger-for-queries.js';
import type { ArchivedParameters } from './run-archive-record.js';

/**
 * `tpliq notices monthly`: the complete monthly notices of a calendar month (protocol §8-3, P10),
 * from the ledger alone — every practitioner without an e-mail address who had a paper invoice
 * decided by a run of the month, each notice the whole month (monthly-notice.ts). Whom to write
 * to and their names come from the referential the month's latest run used (its archived
 * snapshot), or from `--snapshot`; the operator's name from that run's archived parameters. So a
 * practitioner's notice is byte for byte the one the month's latest run wrote, when that run
 * decided paper invoices of theirs. Reads without a lock, as the history queries do.
 */
export interface MonthlyNoticesRequest {
  dataDir: string;
  month: CalendarMonth;
  /** Where `monthly/<aaaamm>/` is written; it must not hold that month's folder yet. */
  outDir: string;
  /** A compiled referential instead of the archived one of the month's latest run. */
  snapshotPath?: string;
}

export interface MonthlyNoticesReport {
  month: string;
  /** The month's latest accounting day a run liquidated: the notices go up to it. */
  throughDate: string;
  /** The folder the notices were written to. */
  folder: string;
  notices: Array<{ billingId: string; path: string; paid: number; rejected: number }>;
}

interface MonthRun {
  rowId: number;
  runId: string;
  accountingDate: number;
  purgedBefore: number | null;
  parametersJson: string | null;
}

export function writeMonthlyNotices(request: MonthlyNoticesRequest): MonthlyNoticesReport {
  const { month } = request;
  const folder = join(request.outDir, monthlyNoticeFolder(month));
  // Checked first: a refusal leaves nothing behind.
  if (existsSync(folder)) throw new HistoryError('TPLIQ_NOTICES_OUTPUT_EXISTS', `${folder} exists already: the command never writes over notices (move it away, or give another --out)`);
  const db = openLedgerForReading(request.dataDir);
  try {
    const fromDate = firstDayOfMonth(month);
    const toDate = lastDayOfMonth(month);
    const runs = db
      .prepare<[number, number], MonthRun>(
        `SELECT runs.id AS rowId, run_id AS runId, accounting_date AS accountingDate, purged_before AS purgedBefore, run_archives.parameters_json AS parametersJson
           FROM runs LEFT JOIN run_archives ON run_archives.run = runs.id
          WHERE accounting_date BETWEEN ? AND ? ORDER BY accounting_date, runs.id`,
      )
      .all(fromDate, toDate);
    const latest = runs.at(-1);
    if (latest === undefined) throw new HistoryError('TPLIQ_HISTORY_NOTHING', `no run liquidated an accounting day of ${isoMonth(month)} in this ledger (tpliq runs lists them)`);
    // Purge keeps the month's rejected paper invoices while its cut-off is in the month
    // (Ledger.purge): a cut-off after the month's last day has taken them.
    const purged = runs.find((run) => run.purgedBefore !== null && run.purgedBefore > toDate);
    if (purged !== undefined) {
      throw new HistoryError('TPLIQ_NOTICES_MONTH_PURGED', `the control data of ${isoMonth(month)} was purged (retention, before ${formatIso(purged.purgedBefore as DateYmd)}): its rejected invoices are gone, so its notices can no longer be written whole`);
    }
    const payees = loadPayeeDirectory(readFileSync(request.snapshotPath ?? archivedSnapshotOf(db, request.dataDir, latest, month)));
    const operatorName = latest.parametersJson === null ? DEFAULT_OPERATOR.name : (JSON.parse(latest.parametersJson) as ArchivedParameters).operator.name;
    const lines = new PaperNoticeLines(db, () => '');
    const throughDate = latest.accountingDate as DateYmd;
    const notices: MonthlyNoticesReport['notices'] = [];
    // Each notice goes to disk as it is made (a month of many practitioners is not held in
    // memory), into a folder beside the month's, renamed into place once whole.
    const staging = stagingFolder(request.outDir, month);
    try {
      for (const billingId of lines.practitionersBetween(fromDate, toDate)) {
        // As the run's returns (write-returns.ts): an id refused at decode names no one to write to,
        // and must never name a file.
        if (!isPayeeIdFormat(billingId)) continue;
        const practitioner = payees.practitioner(billingId);
        if (hasNoticeAddress(practitioner)) continue;
        const own = lines.of(billingId, fromDate, toDate);
        const path = monthlyNoticePath(month, billingId);
        writeFileSync(join(staging, `${billingId}.txt`), monthlyNoticeText({ billingId, practitioner, month, throughDate, lines: own, operatorName }), { mode: PRIVATE_FILE_MODE });
        notices.push({ billingId, path, paid: own.filter((l) => l.status === 'PAID').length, rejected: own.filter((l) => l.status === 'REJECTED').length });
      }
      mkdirSync(dirname(folder), { recursive: true, mode: PRIVATE_DIR_MODE });
      renameSync(staging, folder);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    return { month: isoMonth(month), throughDate: formatIso(throughDate), folder, notices };
  } finally {
    db.close();
  }
}

/** The snapshot blob the month's latest run read, from the data folder's archive. */
function archivedSnapshotOf(db: SqlConnection, dataDir: string, latest: MonthRun, month: CalendarMonth): string {
  const sha256 = db
    .prepare<[number], string>("SELECT sha256 FROM run_input_blobs WHERE run = ? AND role = 'snapshot'")
    .pluck()
    .get(latest.rowId);
  const ledgerId = db.prepare('SELECT ledger_id FROM ledger_identity').pluck().get() as string;
  const archive = InputArchive.ifPresent(dataDir, ledgerId);
  if (sha256 === undefined || archive === undefined || !existsSync(archive.blobPath(sha256))) {
    throw new HistoryError('TPLIQ_NOTICES_NO_REFERENTIAL', `run ${latest.runId}, the latest of ${isoMonth(month)}, has no archived referential snapshot (recorded before the archive, or purged): give the referential with --snapshot`);
  }
  return archive.blobPath(sha256);
}

/** An empty private folder beside the month's, where its notices are written before the rename. */
function stagingFolder(outDir: string, month: CalendarMonth): string {
  ensurePrivateDir(outDir);
  const staging = join(outDir, `.notices-${compactMonth(month)}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: PRIVATE_DIR_MODE });
  return staging;
}
