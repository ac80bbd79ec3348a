import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileClose, LotClose } from '../codecs/b2/frames.js';
import type { CodecError } from '../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeRecord } from '../codecs/fixed-width/record-codec.js';
import { CommitStep, type CommittedInvoice } from '../engine/commit/commit-step.js';
import { EMPTY_LEDGER } from '../engine/commit/ledger-lookups.js';
import type { DateYmd } from '../engine/domain/units.js';
import { PAPER_COLUMNS } from '../engine/intake/paper-invoices.js';
import { readSharedFile } from '../engine/pipeline/shared-file.js';
import { createWorkerPool, type WorkerPool } from '../engine/pipeline/worker-pool.js';
import { writeSnapshot } from '../engine/referential/compile-snapshot.js';
import { listInbox, type InboxFile } from '../engine/run/inbox.js';
import { runIntake, type IntakeTotals } from '../engine/run/intake.js';
import { SHIPPED_PROFILES } from '../engine/run/liquidation-run.js';
import { generateDay } from '../scripts/generate/index.js';
import { etab, fileRecords, invoiceRecords, lotRecords } from './support/b2-file.js';
import { poolExecutor } from '../engine/pipeline/task-executor.js';

/**
 * Files up to the size bound are read, hashed, framed and liquidated whole in a worker; larger
 * ones are streamed and framed on the main thread. Whatever path a file takes, the commit step
 * must see the same invoices, numbered the same, with the same framing errors (code, line,
 * column, lot, invoice), and the same lot and file closes.
 */
const DATE = '2026-11-23';
let dir: string;
let inbox: string;
let files: InboxFile[];
let pool: WorkerPool;
const layouts = new Map<string, CompiledLayout>(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));

interface Seen {
  decisions: Array<CommittedInvoice['decision'] & { errors: CommittedInvoice['outcome']['errors'] }>;
  lots: Array<{ file: string; close: Omit<LotClose, 'lot'> & { lot: Record<string, unknown> } }>;
  files: Array<{ name: string; sha256: string; close: FileClose | null; errors: CodecError[] }>;
  progress: number[];
  totals: IntakeTotals;
}

/** One intake over the test inbox, recording everything its callbacks are told, in order. */
async function intake(fileTaskBytesMax: number): Promise<Seen> {
  const seen: Omit<Seen, 'totals'> = { decisions: [], lots: [], files: [], progress: [] };
  const commit = new CommitStep({ accountingDate: 20261123 as DateYmd, calendar: 'TARGET_AND_FR', ledger: EMPTY_LEDGER }, (c) => {
    seen.decisions.push({ ...c.decision, errors: c.outcome.errors });
  });
  const totals = await runIntake({
    files, executor: poolExecutor(pool), commit, layouts, fileTaskBytesMax,
    limits: { batchBytesMax: 64 * 1024, batchInvoicesMax: 256 },
    inFlightMax: 3,
    readChunkBytes: 4096,
    defaultProfile: 'b2-etablissements', paperProfile: 'b2-ps',
    onLot: (file, close) => {
      // The layout is compared by the profile it reads; it must be one of the main thread's own.
      expect(layouts.get(close.lot.layout.profile)).toBe(close.lot.layout);
      const { layout, ...lot } = close.lot;
      seen.lots.push({ file, close: { ...close, lot: { ...lot, profile: layout.profile } } });
    },
    onFile: (file, sha256, close, errors) => seen.files.push({ name: file.name, sha256, close, errors }),
    onProgress: (bytes) => seen.progress.push(bytes),
    followSymlinks: false,
    onRejected: (file, rejection) => expect.unreachable(`${file.name} rejected: ${rejection.code}`),
  });
  return { ...seen, totals };
}

const inboxBytes = (): number => files.reduce((sum, f) => sum + f.sizeBytes, 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tpliq-file-tasks-'));
  await generateDay({ outDir: join(dir, 'day'), seed: 11, targetLines: 5000, accountingDate: DATE, anomalyRate: 0.12 });
  inbox = join(dir, 'day', 'inbox');
  const lotA = lotRecords('001', ['000000011', '000000012', '000000013']);
  const lotB = lotRecords('002', ['000000014', '000000015'], { invoiceCount: 5 }); // trailer counts 5 invoices, 2 sent
  // A record cut short (line 7, in invoice 000000012) and one a character too long (line 15, in 000000014).
  const wrongLengths = fileRecords([lotA, lotB]);
  wrongLengths[6] = wrongLengths[6]!.slice(0, 100);
  wrongLengths[14] = wrongLengths[14]! + 'X';
  writeFileSync(join(inbox, 'zz-malformed-lengths.b2'), wrongLengths.join('\r\n') + '\r\n', 'latin1');
  // Truncated delivery: the last record has no newline, the lot and file trailers never came.
  const truncated = [
    encodeRecord(etab, '0', { emitterId: '750712184', receiverId: '98532005', creationDate: 20261120, fileNumber: '00002', normVersion: 'B2', profile: 'B2-ETABLISSEMENTS' }),
    encodeRecord(etab, '1', { lotNumber: '003', emitterId: '750712184', emitterKind: 'E', receiverId: '98532005', constitutionDate: 20261120 }),
    ...invoiceRecords('000000021'),
    ...invoiceRecords('000000022'),
  ];
  writeFileSync(join(inbox, 'zz-malformed-truncated.b2'), truncated.join('\n').slice(0, -40), 'latin1');
  // Paper: a row with a column missing, an amount that is not one.
  const row = (invoice: string, amc: string): string => {
    const values: Record<string, string> = {
      practitioner_id: '991023763', invoice_number: invoice, nir: '1850775123456', nir_key: '08', birth_date: '1985-07-15', birth_rank: '1',
      act_date: '2026-11-12', act_code: 'C', quantity: '1', coefficient: '1', unit_price: '30', base: '30', amo_rate: '70', amo: '21', fee: '30', amc,
    };
    return PAPER_COLUMNS.map((c) => values[c] ?? '').join(',');
  };
  writeFileSync(join(inbox, 'paper', 'zz-malformed.csv'), [PAPER_COLUMNS.join(','), row('900000001', '9.00'), '991023763,900000002,short', row('900000003', '9.0x')].join('\n') + '\n');
  files = listInbox(inbox, 'TARGET_AND_FR').files;
  const snapshot = join(dir, 'ref.snapshot');
  await writeSnapshot(join(dir, 'day', 'referential'), snapshot);
  pool = createWorkerPool({ threads: 2, setup: { snapshotPath: snapshot, snapshotBytes: readSharedFile(snapshot), profiles: Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p])), auditArithmetic: false, startAttempt: 1 } });
});

afterAll(async () => {
  await pool?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('intake: files framed in workers (file tasks) or streamed on the main thread', () => {
  let inWorkers: Seen;
  let streamed: Seen;

  beforeAll(async () => {
    inWorkers = await intake(Number.MAX_SAFE_INTEGER);
    streamed = await intake(-1);
  });

  it('sends every file to a worker whole when all are within the bound, and streams all of them with no bound', () => {
    expect(inWorkers.totals).toMatchObject({ fileTasks: files.length, batches: 0, bytesRead: inboxBytes() });
    expect(streamed.totals.fileTasks).toBe(0);
    expect(streamed.totals.batches).toBeGreaterThan(files.length / 2);
    expect(streamed.totals.bytesRead).toBe(inboxBytes());
    expect(inWorkers.totals.invoices).toBe(inWorkers.decisions.length);
  });

  it('a file framed in a worker reports the same framing errors (codes, lines, columns) as the main-thread path', () => {
    const mine = (name: string) => (d: { file: string }): boolean => d.file === name;
    for (const name of ['zz-malformed-lengths.b2', 'zz-malformed-truncated.b2', 'paper/zz-malformed.csv']) {
      expect(inWorkers.decisions.filter(mine(name))).toEqual(streamed.decisions.filter(mine(name)));
      expect(inWorkers.lots.filter(mine(name))).toEqual(streamed.lots.filter(mine(name)));
      expect(inWorkers.files.filter((f) => f.name === name)).toEqual(streamed.files.filter((f) => f.name === name));
    }
    // …and those errors are there, where the files put them.
    const invoice = (n: string) => inWorkers.decisions.find((d) => d.invoiceNumber === n)!;
    // The framer's error first, then what the reader met in the blank-padded record.
    expect(invoice('000000012').errors[0]).toEqual({ code: 'TPLIQ_B2_RECORD_LENGTH', message: 'record is 100 characters, expected 128', line: 7, column: 101 });
    expect(invoice('000000012').motives.map((m) => m.code)).toEqual(['STRUCTURE_INVALIDE']);
    expect(invoice('000000014').errors.map((e) => [e.code, e.line, e.column])).toEqual([['TPLIQ_B2_RECORD_LENGTH', 15, 129]]);
    const lotB = inWorkers.lots.find((l) => l.file === 'zz-malformed-lengths.b2' && l.close.lot.lotNumber === '002')!;
    expect(lotB.close.errors).toEqual([
      expect.objectContaining({ code: 'TPLIQ_B2_LOT_COUNT_MISMATCH', file: 'zz-malformed-lengths.b2', line: 20, lot: '002' }),
    ]);
    expect(invoice('000000015').motives.map((m) => m.code)).toContain('LOT_INVALIDE');
    const truncated = inWorkers.files.find((f) => f.name === 'zz-malformed-truncated.b2')!;
    expect(truncated.close!.errors.map((e) => e.code)).toEqual(['TPLIQ_B2_FILE_TRAILER_MISSING']);
    // The cut record is the last invoice's trailer (line 8, 88 of 128 characters): it ends that invoice.
    expect(invoice('000000022').errors[0]).toMatchObject({ code: 'TPLIQ_B2_TRUNCATED_RECORD', line: 8, column: 89 });
    expect(invoice('000000021').errors).toEqual([]);
    const lot3 = inWorkers.lots.find((l) => l.file === 'zz-malformed-truncated.b2')!;
    expect(lot3.close.errors.map((e) => [e.code, e.line, e.lot])).toEqual([['TPLIQ_B2_LOT_UNTERMINATED', 8, '003']]);
    expect(invoice('000000021').motives[0]!.code).toBe('LOT_INVALIDE');
    const paper = inWorkers.files.find((f) => f.name === 'paper/zz-malformed.csv')!;
    expect(paper.close).toBeNull();
    expect(paper.errors).toEqual([expect.objectContaining({ code: 'TPLIQ_B2_RECORD_LENGTH', file: 'paper/zz-malformed.csv', line: 3 })]);
    expect(inWorkers.decisions.find((d) => d.invoiceNumber === '900000003')!.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['TPLIQ_B2_BAD_NUMBER', 4, PAPER_COLUMNS.indexOf('amc') + 1],
    ]);
  });

  it('commits the same invoices, lots and files in the same order, numbered in input order, on either path', () => {
    expect(inWorkers.decisions.length).toBeGreaterThan(1000);
    expect(inWorkers.decisions).toEqual(streamed.decisions);
    expect(inWorkers.decisions.map((d) => d.sequence)).toEqual(inWorkers.decisions.map((_, n) => n));
    expect(inWorkers.lots).toEqual(streamed.lots);
    expect(inWorkers.files).toEqual(streamed.files);
    expect(inWorkers.files.map((f) => f.name)).toEqual(files.map((f) => f.name));
  });

  it('a file above the size bound still goes through the streaming path, with the same decisions', async () => {
    // A bound between the file sizes: large files are streamed, small ones are file tasks, interleaved.
    const sizes = files.map((f) => f.sizeBytes).sort((a, b) => a - b);
    const bound = sizes[Math.floor(sizes.length / 2)]!;
    const mixed = await intake(bound);
    const above = files.filter((f) => f.sizeBytes > bound).length;
    expect(above).toBeGreaterThan(0);
    expect(mixed.totals.fileTasks).toBe(files.length - above);
    expect(mixed.totals.batches).toBeGreaterThanOrEqual(above);
    expect(mixed.decisions).toEqual(inWorkers.decisions);
    expect(mixed.lots).toEqual(inWorkers.lots);
    expect(mixed.files).toEqual(inWorkers.files);
  });

  it('reports progress up to every byte of the inbox, never going back', () => {
    for (const seen of [inWorkers, streamed]) {
      expect(seen.progress.at(-1)).toBe(inboxBytes());
      expect(seen.progress.every((b, i) => i === 0 || b >= seen.progress[i - 1]!)).toBe(true);
    }
  });
});
