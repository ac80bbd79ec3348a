/**
 * The ledger floor: the day's invoices recorded in the ledger and nothing else — no input read,
 * no rule, no output file. It uses the engine's own ledger code (openLedger, RunWriter), with the
 * ledger writer thread's page cache, one transaction, the rows in the ledger thread's order
 * (practitioner by practitioner, invoice number ascending), a 64-bit functional key for every
 * paid invoice and one transfer per practitioner at the commit.
 *
 * Why it is in the benchmark: every run records each invoice it decides (README, "Ledger"), in
 * one SQLite transaction, which one thread writes. No run that does so can take less wall time
 * than this, however the rest of it is arranged. Its time therefore bounds what the issue's
 * throughput ratios can reach on the machine the benchmark runs on.
 */
import { rmSync } from 'node:fs';
import { functionalKeyIntegerOf } from '../../engine/ledger/functional-key-column.js';
import { openLedger } from '../../engine/ledger/ledger.js';
import type { FileRecord, TransferRecord } from '../../engine/ledger/run-record.js';
import type { Cents, DateYmd } from '../../engine/domain/units.js';
import { WRITER_PAGE_CACHE_KIB } from '../../engine/run/ledger-thread-protocol.js';

export interface LedgerFloorDay {
  /** Invoices to record, of which `paidCount` paid, spread over `practitioners`. */
  invoices: number;
  paidCount: number;
  practitioners: number;
  /** Input files the invoices are spread over (the run's file rows). */
  files: number;
  accountingDate: DateYmd;
}

/** One invoice of the floor's day, as both the ledger floor and the bare table record it. */
export interface FloorInvoice {
  fileIndex: number;
  sequence: number;
  practitionerId: string;
  invoiceNumber: string;
  rejected: boolean;
  claimedCents: number;
  functionalKeyHi: number;
  functionalKeyLo: number;
}

/**
 * The day's invoices, practitioner by practitioner, invoice number ascending (the ledger thread's
 * order), every k-th one rejected so that the paid ones are spread evenly. The same sequence for
 * the same day: both baselines write the same rows.
 */
export function* floorInvoices(day: LedgerFloorDay): Generator<FloorInvoice> {
  if (day.invoices < 1 || day.practitioners < 1 || day.files < 1 || day.paidCount > day.invoices) throw new RangeError(`ledger floor: impossible day ${JSON.stringify(day)}`);
  const rejectEvery = day.paidCount === day.invoices ? 0 : day.invoices / (day.invoices - day.paidCount);
  let random = 0x2545f491;
  const next = (): number => (random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0);
  let written = 0;
  for (let p = 0; p < day.practitioners; p++) {
    const practitionerId = String(100_000_000 + p * 37);
    const upTo = Math.round(((p + 1) * day.invoices) / day.practitioners);
    for (let n = 0; written < upTo; n++, written++) {
      const rejected = rejectEvery > 0 && Math.floor((written + 1) / rejectEvery) !== Math.floor(written / rejectEvery);
      const claimedCents = 500 + (next() % 20_000);
      yield { fileIndex: written % day.files, sequence: written, practitionerId, invoiceNumber: String(100_000_000 + n), rejected, claimedCents, functionalKeyHi: next(), functionalKeyLo: next() };
    }
  }
}

/** The floor's input files: their rows in the run's header, and the names its invoices refer to. */
export function floorFiles(day: LedgerFloorDay): FileRecord[] {
  return Array.from({ length: day.files }, (_, f) => ({ sha256: f.toString(16).padStart(64, '0'), name: `file-${f}.b2`, sizeBytes: 1, receivedDate: day.accountingDate }));
}

/**
 * Records the day in a fresh ledger under `dataDir` (removed first), or in the PostgreSQL ledger
 * `ledgerUrl` names (an empty database: bench/ledger-postgres.ts); returns the rows written.
 */
export function recordDayAlone(dataDir: string, day: LedgerFloorDay, ledgerUrl?: string): { invoices: number; paidCount: number } {
  const invoices = floorInvoices(day);
  rmSync(dataDir, { recursive: true, force: true });
  const ledger = openLedger(dataDir, { pageCacheKib: WRITER_PAGE_CACHE_KIB, statementJournalsInMemory: true, url: ledgerUrl });
  try {
    const files = floorFiles(day);
    const writer = ledger.beginRun({ runId: 'LEDGER-FLOOR', accountingDate: day.accountingDate, parameters: {}, snapshotId: 'none', engineVersion: 'bench', files, lots: [] });
    const transfers: TransferRecord[] = [];
    let practitionerId = '';
    let paidCents = 0;
    const transferOfPractitioner = (): void => {
      if (paidCents > 0) transfers.push({ practitionerId, accountingDate: day.accountingDate, amountCents: paidCents as Cents, endToEndId: `FLOOR-${practitionerId}` });
    };
    for (const invoice of invoices) {
      if (invoice.practitionerId !== practitionerId) {
        transferOfPractitioner();
        practitionerId = invoice.practitionerId;
        paidCents = 0;
      }
      writer.addInvoiceRowWithKey(
        {
          file: files[invoice.fileIndex]!.name, lot: '001', sequence: invoice.sequence, practitionerId, invoiceNumber: invoice.invoiceNumber,
          status: invoice.rejected ? 'REJECTED' : 'PAID', paidCents: invoice.rejected ? 0 : invoice.claimedCents, claimedCents: invoice.claimedCents,
          motiveCodes: invoice.rejected ? 'B004' : '', careDate: day.accountingDate,
        },
        functionalKeyIntegerOf(invoice.functionalKeyHi, invoice.functionalKeyLo),
      );
      if (!invoice.rejected) paidCents += invoice.claimedCents;
    }
    transferOfPractitioner();
    const totals = writer.commit({ transfers, pecsConsumed: [] });
    return { invoices: totals.invoiceCount, paidCount: totals.paidCount };
  } finally {
    ledger.close();
  }
}
