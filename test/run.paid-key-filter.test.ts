import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvoiceOutcomeMessage } from '../codecs/proto/liquidation-codec.js';
import { LEDGER_FILE_NAME, openLedger, type Ledger } from '../engine/ledger/ledger.js';
import type { PaidKeySource, RunMark } from '../engine/ledger/paid-key-source.js';
import type { LotRef } from '../engine/pipeline/task.js';
import { LedgerBatchLookups } from '../engine/run/ledger-batch-lookups.js';
import { openPaidKeyFilter, PAID_KEY_FILTER_FILE, paidKeyFilterHasRoomFor, savePaidKeyFilterAfterRun } from '../engine/run/paid-key-filter-file.js';
import type { PaidKeyFilter } from '../engine/run/paid-key-filter.js';
import { invoiceRecordOf, runRecordOf } from './support/ledger-fixtures.js';

/** These tests read the SQLite file's own source: the filter is not kept for a PostgreSQL ledger. */
const PRACTITIONER = '991023763';
const hex = (hi: number, lo: number): string => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

let dataDir: string | undefined;
let ledger: Ledger | undefined;
afterEach(() => {
  ledger?.close();
  ledger = undefined;
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

function openTempLedger(): { ledger: Ledger; dataDir: string } {
  dataDir = mkdtempSync(join(tmpdir(), 'tpliq-paid-keys-'));
  ledger = openLedger(dataDir);
  return { ledger, dataDir };
}

function sourceOf(l: Ledger): PaidKeySource {
  const source = l.paidKeySource();
  if (source === undefined) throw new Error('a SQLite ledger gives its paid keys');
  return source;
}

/** One run paying invoice numbers `first`…`first + count − 1`, functional key (n, n) each, and rejecting one more. */
function recordRun(l: Ledger, runId: string, first: number, count: number): void {
  const invoices = [];
  for (let n = first; n < first + count; n++) {
    invoices.push(invoiceRecordOf({ sequence: n, practitionerId: PRACTITIONER, invoiceNumber: String(n).padStart(9, '0') }, hex(n, n)));
  }
  const rejected = first + count;
  invoices.push(invoiceRecordOf({ sequence: rejected, practitionerId: PRACTITIONER, invoiceNumber: String(rejected).padStart(9, '0'), status: 'REJECTED' }, hex(rejected, rejected)));
  l.recordRun(runRecordOf({ runId, invoices }));
}

const number = (n: number): string => String(n).padStart(9, '0');

describe('the data folder\'s filter of paid keys', () => {
  it('holds every paid key of the ledger and none of the rejected ones, saved readable by its owner only', () => {
    const { ledger: l, dataDir: data } = openTempLedger();
    recordRun(l, 'RUN-1', 1, 50);
    const { filter, origin } = openPaidKeyFilter(data, sourceOf(l));
    expect(origin).toBe('rebuilt');
    for (let n = 1; n <= 50; n++) {
      expect(filter.mayHaveInvoice(PRACTITIONER, number(n))).toBe(true);
      expect(filter.mayHaveFunctionalKey(n, n)).toBe(true);
    }
    // 51 keys in room for a million: a false "maybe" here would be a one-in-10^20 event.
    expect(filter.mayHaveInvoice(PRACTITIONER, number(51))).toBe(false);
    expect(filter.mayHaveFunctionalKey(51, 51)).toBe(false);
    expect(filter.mayHaveInvoice('991023764', number(1))).toBe(false);
    expect(filter.counts).toEqual({ exact: 50, functional: 50 });
    expect(statSync(join(data, PAID_KEY_FILTER_FILE)).mode & 0o777).toBe(0o600);
  });

  it('is read back as saved, then caught up with the runs recorded since, and saved again', () => {
    const { ledger: l, dataDir: data } = openTempLedger();
    recordRun(l, 'RUN-1', 1, 10);
    openPaidKeyFilter(data, sourceOf(l));
    expect(openPaidKeyFilter(data, sourceOf(l)).origin).toBe('saved');
    recordRun(l, 'RUN-2', 100, 10);
    recordRun(l, 'RUN-3', 200, 10);
    const caughtUp = openPaidKeyFilter(data, sourceOf(l));
    expect(caughtUp.origin).toBe('caught-up');
    expect(caughtUp.filter.coveredRun?.runId).toBe('RUN-3');
    for (const n of [1, 10, 100, 109, 200, 209]) expect(caughtUp.filter.mayHaveInvoice(PRACTITIONER, number(n))).toBe(true);
    expect(caughtUp.filter.mayHaveFunctionalKey(205, 205)).toBe(true);
    expect(caughtUp.filter.counts).toEqual({ exact: 30, functional: 30 });
    const reread = openPaidKeyFilter(data, sourceOf(l));
    expect(reread.origin).toBe('saved');
    expect(reread.filter.mayHaveInvoice(PRACTITIONER, number(205))).toBe(true);
  });

  it('is rebuilt from the ledger when its file is damaged, truncated, of another ledger, or names a run the ledger no longer has', () => {
    const { ledger: l, dataDir: data } = openTempLedger();
    recordRun(l, 'RUN-1', 1, 10);
    const path = join(data, PAID_KEY_FILTER_FILE);
    openPaidKeyFilter(data, sourceOf(l));
    const good = readFileSync(path);

    // One bit of the words cleared: a key could then be missed, so the digest refuses the file.
    const damaged = Buffer.from(good);
    damaged[damaged.length - 1000]! ^= 0xff;
    writeFileSync(path, damaged);
    expect(openPaidKeyFilter(data, sourceOf(l)).origin).toBe('rebuilt');
    // Rebuilt to the same bytes (Buffer.equals: a deep comparison of 2 MiB takes seconds).
    expect(readFileSync(path).equals(good)).toBe(true);

    writeFileSync(path, good.subarray(0, good.length - 4));
    expect(openPaidKeyFilter(data, sourceOf(l)).origin).toBe('rebuilt');

    writeFileSync(path, 'not a filter');
    expect(openPaidKeyFilter(data, sourceOf(l)).origin).toBe('rebuilt');

    // Another ledger's filter (its id differs) is not this one's.
    const other = mkdtempSync(join(tmpdir(), 'tpliq-paid-keys-other-'));
    try {
      const otherLedger = openLedger(other);
      recordRun(otherLedger, 'RUN-1', 1, 10);
      openPaidKeyFilter(other, sourceOf(otherLedger));
      otherLedger.close();
      copyFileSync(join(other, PAID_KEY_FILTER_FILE), path);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    expect(openPaidKeyFilter(data, sourceOf(l)).origin).toBe('rebuilt');
  });

  it('is rebuilt when the ledger was restored from an older copy and recorded another run at the same row', () => {
    const { ledger: first, dataDir: data } = openTempLedger();
    recordRun(first, 'RUN-1', 1, 10);
    first.close();
    ledger = undefined;
    const backup = join(data, 'backup.sqlite');
    copyFileSync(join(data, LEDGER_FILE_NAME), backup);
    let l = openLedger(data);
    recordRun(l, 'RUN-2', 100, 10);
    expect(openPaidKeyFilter(data, sourceOf(l)).filter.coveredRun?.runId).toBe('RUN-2');
    l.close();
    // The older copy back, and another second run: the filter's RUN-2 is not the ledger's.
    copyFileSync(backup, join(data, LEDGER_FILE_NAME));
    rmSync(join(data, `${LEDGER_FILE_NAME}-wal`), { force: true });
    rmSync(join(data, `${LEDGER_FILE_NAME}-shm`), { force: true });
    l = openLedger(data);
    ledger = l;
    recordRun(l, 'RUN-2B', 500, 10);
    const reopened = openPaidKeyFilter(data, sourceOf(l));
    expect(reopened.origin).toBe('rebuilt');
    expect(reopened.filter.mayHaveInvoice(PRACTITIONER, number(505))).toBe(true);
    expect(reopened.filter.mayHaveInvoice(PRACTITIONER, number(105))).toBe(false);
  });

  it('answers maybe for every functional key while the ledger holds keys written as text (before schema version 2)', () => {
    const { ledger: l, dataDir: data } = openTempLedger();
    l.recordRun(runRecordOf({ invoices: [invoiceRecordOf({ sequence: 1, practitionerId: PRACTITIONER, invoiceNumber: number(1) }, 'legacy-text-key')] }));
    const { filter } = openPaidKeyFilter(data, sourceOf(l));
    expect(filter.functional).toBeUndefined();
    expect(filter.mayHaveFunctionalKey(12345, 67890)).toBe(true);
    expect(filter.mayHaveInvoice(PRACTITIONER, number(1))).toBe(true);
  });
});

/** An in-memory ledger's paid keys: run r pays invoice numbers r·1000 … r·1000 + perRun − 1. */
class RunsOfKeys implements PaidKeySource {
  runs = 0;
  constructor(private readonly perRun: number) {}
  ledgerId(): string {
    return 'f'.repeat(32);
  }
  lastRun(): RunMark | undefined {
    return this.runs === 0 ? undefined : { rowId: this.runs, runId: `RUN-${this.runs}` };
  }
  runIdAt(rowId: number): string | undefined {
    return rowId >= 1 && rowId <= this.runs ? `RUN-${rowId}` : undefined;
  }
  hasTextFunctionalKeys(): boolean {
    return false;
  }
  paidCount(afterRowId: number, throughRowId: number): number {
    return (throughRowId - afterRowId) * this.perRun;
  }
  forEachPaidKey(afterRowId: number, throughRowId: number, onExact: (p: string, n: string) => void, onFunctional: (hi: number, lo: number) => void): void {
    for (let run = afterRowId + 1; run <= throughRowId; run++) {
      for (let k = 0; k < this.perRun; k++) {
        onExact(PRACTITIONER, number(run * 1000 + k));
        onFunctional(run, k);
      }
    }
  }
}

describe('the filter\'s size', () => {
  it('is rebuilt twice as large as the keys when the runs since would overfill it, and no larger than its bound', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tpliq-paid-keys-size-'));
    const source = new RunsOfKeys(300);
    // 2 KiB at most: 2 048 keys at 8 bits; 256 keys at least. Sizes round up to 64-key blocks.
    const bounds = { minCapacityKeys: 256, maxFilterBytes: 2048 };
    const openAfter = (runs: number): ReturnType<typeof openPaidKeyFilter> => {
      source.runs = runs;
      return openPaidKeyFilter(dataDir!, source, bounds);
    };
    const sizes = (opened: ReturnType<typeof openPaidKeyFilter>): [string, number, number] => [opened.origin, opened.filter.exact.capacityKeys, opened.filter.counts.exact];
    expect(sizes(openAfter(1))).toEqual(['rebuilt', 640, 300]); // twice 300
    expect(sizes(openAfter(2))).toEqual(['caught-up', 640, 600]); // 600 fit
    expect(sizes(openAfter(3))).toEqual(['rebuilt', 1856, 900]); // 900 did not: twice 900
    expect(sizes(openAfter(7))).toEqual(['rebuilt', 2048, 2100]); // twice 2 100 wanted, the bound given
    // Past the bound: caught up in place, its "maybe" rate rising, never wrong.
    const tenth = openAfter(10);
    expect(sizes(tenth)).toEqual(['caught-up', 2048, 3000]);
    for (let run = 1; run <= 10; run++) {
      for (let k = 0; k < 300; k++) {
        expect(tenth.filter.mayHaveInvoice(PRACTITIONER, number(run * 1000 + k))).toBe(true);
        expect(tenth.filter.mayHaveFunctionalKey(run, k)).toBe(true);
      }
    }
  });
});

describe('the filter kept by the ledger thread', () => {
  it('takes each run\'s keys while it has room for the night, and is saved covering the run; overfilled, it is not saved', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tpliq-paid-keys-after-run-'));
    const source = new RunsOfKeys(300);
    const bounds = { minCapacityKeys: 256, maxFilterBytes: 2048 };
    source.runs = 1;
    const opened = openPaidKeyFilter(dataDir, source, bounds);
    expect(opened.filter.exact.capacityKeys).toBe(640);
    // What the ledger thread does as it records run r (RunsOfKeys pays the same keys), then after its commit.
    const recordRun = (filter: PaidKeyFilter, run: number): boolean => {
      source.forEachPaidKey(run - 1, run, (p, n) => filter.addInvoice(p, n), (hi, lo) => filter.addFunctionalKey(hi, lo));
      source.runs = run;
      return savePaidKeyFilterAfterRun(dataDir!, filter, { rowId: run, runId: `RUN-${run}` }, bounds);
    };
    const sizes = (filter: PaidKeyFilter): [number, number, string | undefined] => [filter.exact.capacityKeys, filter.counts.exact, filter.coveredRun?.runId];

    // Run 2 fits (600 keys in room for 640): the filter the run opened takes its keys.
    expect(paidKeyFilterHasRoomFor(opened.filter, 300, bounds)).toBe(true);
    expect(recordRun(opened.filter, 2)).toBe(true);
    const second = openPaidKeyFilter(dataDir, source, bounds);
    expect([second.origin, ...sizes(second.filter)]).toEqual(['saved', 640, 600, 'RUN-2']);

    // Run 3 may not (900): the filter is not given its keys; the run after it rebuilds it, twice as large.
    expect(paidKeyFilterHasRoomFor(second.filter, 300, bounds)).toBe(false);
    source.runs = 3;
    const third = openPaidKeyFilter(dataDir, source, bounds);
    expect([third.origin, ...sizes(third.filter)]).toEqual(['rebuilt', 1856, 900, 'RUN-3']);
    for (let k = 0; k < 300; k++) expect(third.filter.mayHaveInvoice(PRACTITIONER, number(3000 + k))).toBe(true);
    // As large as it may get, it has room for any night: it holds more keys, says "maybe" more often.
    expect(paidKeyFilterHasRoomFor(third.filter, 10_000, { minCapacityKeys: 256, maxFilterBytes: third.filter.exact.bytes })).toBe(true);

    // Given more keys than its room without that check, it is not saved: the next run rebuilds it.
    for (const run of [4, 5, 6, 7]) recordRun(third.filter, run);
    expect(savePaidKeyFilterAfterRun(dataDir, third.filter, { rowId: 7, runId: 'RUN-7' }, bounds)).toBe(false);
    const eighth = openPaidKeyFilter(dataDir, source, bounds);
    expect([eighth.origin, ...sizes(eighth.filter)]).toEqual(['rebuilt', 2048, 2100, 'RUN-7']);
  });
});

describe('LedgerBatchLookups with the filter', () => {
  const lot: LotRef = { file: 'b.b2', lot: '001', practitionerId: PRACTITIONER, profile: 'b2-ps', channel: 'B2_PS', receivedDate: 20261123, sendDate: 20261122 };
  function outcome(invoiceNumber: string, hi: number, lo: number): InvoiceOutcomeMessage {
    return {
      sequence: 0, invoiceNumber, amcNumber: '', birthRank: 1, careDate: 20261112, computedAmcCents: 0, claimedAmcCents: 0, motives: [], errors: [],
      functionalKeyHi: hi, functionalKeyLo: lo, pecNumber: '', pecCents: 0, duplicataOf: '', nature: '', refersTo: '', feeCents: 0, returnsTail: new Uint8Array(0), line: 1, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [],
    };
  }

  it('gives the same answers as the ledger alone, and asks the ledger only about the keys the filter may hold', () => {
    const { ledger: l, dataDir: data } = openTempLedger();
    recordRun(l, 'RUN-1', 1, 20);
    const asked = { invoices: 0, functional: 0 };
    // The real ledger, its two batched lookups counted.
    const counted: Ledger = Object.create(l) as Ledger;
    counted.paidInvoicesAmong = (invoices) => {
      const list = [...invoices];
      asked.invoices += list.length;
      return l.paidInvoicesAmong(list);
    };
    counted.paidFunctionalKeyIntegersAmong = (keys) => {
      asked.functional += keys.length;
      return l.paidFunctionalKeyIntegersAmong(keys);
    };
    const { filter } = openPaidKeyFilter(data, sourceOf(l));
    const batch = [outcome(number(5), 900, 900), outcome(number(900), 7, 7), outcome(number(901), 901, 901), outcome(number(902), 902, 902)];
    const filtered = new LedgerBatchLookups(counted, filter);
    const plain = new LedgerBatchLookups(l);
    filtered.prefetch(batch, () => lot);
    plain.prefetch(batch, () => lot);
    for (const o of batch) {
      expect(filtered.invoicePaid(PRACTITIONER, o.invoiceNumber)).toBe(plain.invoicePaid(PRACTITIONER, o.invoiceNumber));
      expect(filtered.functionalKeyPaid(o.functionalKeyHi, o.functionalKeyLo)).toBe(plain.functionalKeyPaid(o.functionalKeyHi, o.functionalKeyLo));
    }
    expect(filtered.invoicePaid(PRACTITIONER, number(5))).toBe(true);
    expect(filtered.functionalKeyPaid(7, 7)).toBe(true);
    // One paid invoice number and one paid functional key in the batch: the other three of each are never asked.
    expect(asked).toEqual({ invoices: 1, functional: 1 });
  });
});
