import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FileClose, LotClose } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import { decisionCsvLineBytesMax, writeDecisionCsvLine } from '../../codecs/csv/decision-csv-bytes.js';
import { decisionCsvLine, DECISIONS_CSV_HEADER, offsetCsvLine } from '../../codecs/csv/decisions-writer.js';
import type { CommittedInvoice } from '../commit/commit-step.js';
import type { LotRef } from '../pipeline/task.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { FileRecord } from '../ledger/run-record.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files.js';
import { DecisionTally, type InvariantViolation, type NoemieTotal } from '../settle/invariants.js';
import { ReportTally } from '../settle/report-tally.js';
import { SummaryTally } from '../settle/summary.js';
import { TransferGrouper, type Transfer } from '../settle/transfers.js';
import { setOff, type SetOff } from '../settle/set-off.js';
import type { Debt, DebtOffset, OpenDebt } from '../domain/regularisation.js';
import { counterConsumptionLine } from '../ledger/counter-consumption-file.js';
import { DecisionSpool } from './decision-spool.js';
import { emptySpoolRowInput, type SpoolRowInput } from './spooled-invoice.js';
import { FileAppendBuffer } from './file-append-buffer.js';
import type { InboxFile } from './inbox.js';
import { LotRecordLog } from './lot-record-log.js';
import { RegularisationLog, type RegularisedInvoice } from './regularisation-log.js';
import { arlInputOf, writeArlBytes, type LotTally } from './run-outputs.js';
import type { RunParameters } from './run-parameters.js';

/**
 * decisions.csv is written when this many bytes wait, about a thousand lines a write. The text
 * waits as bytes, off the heap (FileAppendBuffer); as a string it was a rope of a few nodes per
 * line (≈ 3 MiB of nodes at 1 Mi characters, seen in a heap snapshot of the 10 M-line intake).
 */
const DECISIONS_CSV_BUFFER_BYTES = 1 << 18;
/** Counter consumptions are few next to decisions: a smaller buffer. */
const COUNTER_LINES_BUFFER_BYTES = 1 << 16;

/**
 * Everything the run keeps of its invoices as the commit step decides them, in input order:
 * decisions.csv, the spool by practitioner (for the returns and the ledger thread), the tallies of
 * transfers, summary and invariants (so the run never reads its decisions back for them), and
 * per lot and per file what the ARLs and the ledger's header need. `committed` is the intake's hot
 * path: once per invoice, nothing more than appends and counters.
 */
export class DayBook {
  readonly invoicesIn = { count: 0, claimedCents: 0 };
  readonly lotRecords = new LotRecordLog();
  readonly fileRecords: FileRecord[] = [];
  readonly fileErrors: CodecError[] = [];
  /** Files whose content an earlier run already received: the run that did. */
  readonly alreadyReceived = new Map<string, string>();
  readonly spool: DecisionSpool;
  private readonly transferGrouper: TransferGrouper;
  private readonly summaryTally: SummaryTally;
  /** Per AMC and per practitioner, for report.html. */
  readonly reportTally = new ReportTally();
  private readonly decisionTally = new DecisionTally();
  private readonly lotTallies = new Map<string, LotTally>();
  /** The lot of the last invoice committed, and its tally. */
  private tallyLot: LotRef | undefined;
  private tallyOfLot: LotTally | undefined;
  private readonly spoolRow: SpoolRowInput = emptySpoolRowInput();
  private readonly decisionsFd: number;
  private readonly decisionsCsv: FileAppendBuffer;
  /** The day's accepted rectificatives and annulations, and the debts they create: on disk until the intake is over. */
  private readonly regularisations: RegularisationLog;
  /** What the paid invoices took from the counters (renewal periods, ceilings), for the ledger thread. */
  readonly counterConsumptionsPath: string;
  private readonly counterConsumptionsFd: number;
  private readonly counterConsumptions: FileAppendBuffer;

  constructor(
    private readonly params: RunParameters,
    private readonly staging: string,
    readonly spoolDir: string,
    private readonly stage: (relativePath: string, content: string | Uint8Array) => void,
  ) {
    this.spool = new DecisionSpool(spoolDir);
    this.transferGrouper = new TransferGrouper({ accountingDate: params.accountingDate, returnRefOf: (ps) => `RSP${params.accountingDate}${ps}` });
    this.summaryTally = new SummaryTally(params.accountingDate, params.executionDate);
    // decisions.csv is written as the commit step decides, in input order.
    stage('decisions.csv', DECISIONS_CSV_HEADER.join(',') + '\r\n');
    this.decisionsFd = openSync(join(staging, 'decisions.csv'), 'a', PRIVATE_FILE_MODE);
    const fd = this.decisionsFd;
    this.decisionsCsv = new FileAppendBuffer(() => fd, DECISIONS_CSV_BUFFER_BYTES);
    // Beside the spool, not among the outputs: removed with it before the release.
    ensurePrivateDir(spoolDir);
    this.counterConsumptionsPath = join(spoolDir, 'counter-consumptions.tsv');
    const countersFd = (this.counterConsumptionsFd = openSync(this.counterConsumptionsPath, 'a', PRIVATE_FILE_MODE));
    this.counterConsumptions = new FileAppendBuffer(() => countersFd, COUNTER_LINES_BUFFER_BYTES);
    this.regularisations = new RegularisationLog(join(spoolDir, 'regularisations.jsonl'), params.accountingDate);
  }

  /** The day's accepted rectificatives and annulations, in input order: once the intake is over. */
  get regularised(): readonly RegularisedInvoice[] {
    return this.regularisations.read().regularised;
  }

  /** The debts they created, in input order: once the intake is over. */
  get debtsCreated(): readonly Debt[] {
    return this.regularisations.read().debtsCreated;
  }

  /** One invoice decided, in input order. */
  readonly committed = (c: CommittedInvoice): void => {
    const d = c.decision;
    this.invoicesIn.count++;
    this.invoicesIn.claimedCents += d.claimedCents;
    this.transferGrouper.add(d);
    this.summaryTally.add(d);
    this.reportTally.add(d);
    this.decisionTally.add(d);
    if (!this.decisionsCsv.appendWritten(decisionCsvLineBytesMax(d), writeDecisionCsvLine, d)) this.decisionsCsv.append(decisionCsvLine(d));
    const o = c.outcome;
    if (c.consumptions !== undefined) for (const consumption of c.consumptions) this.counterConsumptions.append(counterConsumptionLine(consumption));
    if (d.regularisation !== undefined) this.regularisations.add(d.sequence, d.practitionerId, d.amcNumber, d.invoiceNumber, d.regularisation);
    // One object, filled again for each invoice: the spool encodes it at once and keeps nothing of it.
    const row = this.spoolRow;
    row.decision = d; row.channel = c.lot.channel; row.birthRank = o.birthRank; row.careDate = o.careDate as DateYmd;
    row.functionalKeyHi = o.functionalKeyHi; row.functionalKeyLo = o.functionalKeyLo; row.pecNumber = o.pecNumber; row.pecCents = o.pecCents as Cents;
    row.returnsTail = o.returnsTail; row.lotSendDate = c.lot.sendDate as DateYmd;
    row.lateBankingDays = c.lateBankingDays;
    this.spool.add(row);
    if (c.lot.channel !== 'PAPER') {
      // A lot's invoices come one after the other: its tally is found once, not by a key made for each.
      let tally = c.lot === this.tallyLot ? this.tallyOfLot : undefined;
      if (tally === undefined) {
        const key = `${c.lot.file}#${c.lot.lot}`;
        tally = this.lotTallies.get(key);
        if (!tally) this.lotTallies.set(key, (tally = { received: 0, amountCents: 0, invoiceErrors: [] }));
        this.tallyLot = c.lot;
        this.tallyOfLot = tally;
      }
      tally.received++;
      tally.amountCents += d.claimedCents;
      if (o.errors.length > 0) {
        const e = o.errors[0]!;
        tally.invoiceErrors.push({ level: 'invoice', code: e.code, invoiceNumber: /^\d{9}$/.test(d.invoiceNumber) ? d.invoiceNumber : '000000000', line: e.line || null, label: e.message });
      }
    }
  };

  /** A lot closed, after its invoices: its ARL, and its row for the ledger. */
  lotClosed(fileName: string, close: LotClose, file: InboxFile): void {
    const key = `${fileName}#${close.lot.lotNumber}`;
    const tally = this.lotTallies.get(key) ?? { received: 0, amountCents: 0, invoiceErrors: [] };
    this.lotTallies.delete(key);
    this.tallyLot = undefined;
    this.tallyOfLot = undefined;
    if (close.lot.lotNumber === 'PAPIER') return;
    const arl = arlInputOf(close, tally, { fileNumber: close.lot.fileNumber, receiverId: this.params.operator.id, receivedDate: file.receivedDate });
    this.stage(`arl/${safeName(fileName)}-lot${arl.lotNumber}-${close.lot.index}.arl`, writeArlBytes(arl));
    // A repeat of a lot already received from this file has its negative ARL, but is not a lot of
    // its own for the ledger (one row per file and lot number).
    if (!close.errors.some((e) => e.code === 'TPLIQ_B2_LOT_REPEATED')) this.lotRecords.add({ file: fileName, lotNumber: close.lot.lotNumber, arlPositive: arl.status === 'P' });
  }

  /** A file read whole: its record, its errors, and the earlier run that received the same content, if any. */
  fileRead(file: InboxFile, sha256: string, close: FileClose | null, errors: CodecError[], earlierRunId: string | undefined): void {
    this.fileRecords.push({ sha256, name: file.name, sizeBytes: file.sizeBytes, receivedDate: file.receivedDate });
    if (earlierRunId !== undefined) this.alreadyReceived.set(file.name, earlierRunId);
    this.fileErrors.push(...(close?.errors ?? []), ...errors);
  }

  /** The intake is over: decisions.csv and the spool are on disk. */
  closeIntake(): void {
    this.decisionsCsv.flush();
    closeSync(this.decisionsFd);
    this.counterConsumptions.flush();
    closeSync(this.counterConsumptionsFd);
    this.regularisations.close();
    this.spool.flushAll();
  }

  /**
   * The debts the day's transfers recovered, as rows after every invoice of decisions.csv (the
   * audit trail shows what the transfer pays less, and why).
   */
  appendOffsets(offsets: readonly DebtOffset[]): void {
    if (offsets.length === 0) return;
    const fd = openSync(join(this.staging, 'decisions.csv'), 'a', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, offsets.map(offsetCsvLine).join(''));
    } finally {
      closeSync(fd);
    }
  }

  /** The intake failed: let go of the files without writing more. */
  abandon(): void {
    this.spool.close();
    closeSync(this.counterConsumptionsFd);
    this.regularisations.abandon();
  }

  /**
   * The day's settlement: the debts recovered from what the day pays (oldest first, the ledger's
   * open ones then the day's), and one transfer per practitioner for the rest, in a fixed order.
   */
  settle(openBefore: readonly OpenDebt[]): DaySettlement {
    const debts = setOff(this.transferGrouper.grossByPayer(), openBefore, this.debtsCreated);
    return { transfers: this.transferGrouper.transfers(debts.recoveredByPractitioner), debts, openBefore };
  }

  /**
   * The invariants (invoices in = paid + rejected, each transfer = its NOEMIE total = Σ its paid
   * invoices less its offsets, debts open after = open before + created − recovered…).
   */
  violations(settlement: DaySettlement, noemieTotals: readonly NoemieTotal[]): InvariantViolation[] {
    const { count, claimedCents } = this.invoicesIn;
    return this.decisionTally.check({
      invoicesIn: { count, claimedCents: claimedCents as Cents }, transfers: settlement.transfers, noemieTotals: [...noemieTotals], accountingDate: this.params.accountingDate,
      debts: { openBefore: settlement.openBefore, created: this.debtsCreated, offsets: settlement.debts.offsets, openAfter: settlement.debts.openAfter },
    });
  }

  get summaryOfDecisions(): SummaryTally {
    return this.summaryTally;
  }
}

export type { RegularisedInvoice };

/** What the day pays and recovers. */
export interface DaySettlement {
  transfers: Transfer[];
  debts: SetOff;
  /** The ledger's debts open before the run, as set-off started from them. */
  openBefore: readonly OpenDebt[];
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
