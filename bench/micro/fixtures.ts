import { B2Framer } from '../../codecs/b2/framer.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../../codecs/fixed-width/load-layout.js';
import { readFileSync } from 'node:fs';
import type { Channel, Invoice } from '../../engine/domain/invoice.js';
import { InvoiceReader } from '../../engine/intake/invoice-reader.js';
import type { LotHeader } from '../../codecs/b2/frames.js';
import { BatchBuilder } from '../../engine/pipeline/batch-builder.js';
import type { LiquidationTask, LotRef } from '../../engine/pipeline/task.js';
import { listInbox } from '../../engine/run/inbox.js';
import { SHIPPED_PROFILES } from '../../engine/run/liquidation-run.js';
import { ensureDay, type BenchDay } from '../lib/day-cache.js';

/** Real invoices for the micro-benchmarks: framed from a small generated day (cached). */
export const MICRO_DAY_LINES = 20_000;

export interface FramedInvoice {
  /** The invoice's records, exactly recordCount × recordLength bytes (an owned copy). */
  bytes: Uint8Array;
  recordCount: number;
  line: number;
  byteOffset: number;
  lot: LotRef;
  layout: CompiledLayout;
}

const CHANNEL_OF_PROFILE: Record<string, Channel> = { 'b2-etablissements': 'B2_ETAB', 'b2-ps': 'B2_PS', dre: 'DRE' };

export const layouts = (): Map<string, CompiledLayout> => new Map(SHIPPED_PROFILES.map((p) => [p, loadLayout(p)] as const));

/** Frames every B2 / DRE invoice of the micro day, up to `max`, in inbox order. */
export async function framedInvoices(max = Number.POSITIVE_INFINITY): Promise<{ day: BenchDay; invoices: FramedInvoice[] }> {
  const day = await ensureDay(MICRO_DAY_LINES);
  const byName = layouts();
  const invoices: FramedInvoice[] = [];
  for (const file of listInbox(day.inbox, 'TARGET_AND_FR').files) {
    if (file.kind !== 'B2' || invoices.length >= max) continue;
    const framer = new B2Framer({ file: file.name, defaultLayout: byName.get('b2-etablissements')!, resolveLayout: (p) => byName.get(p) }, {
      invoice(frame) {
        if (invoices.length >= max) return;
        const profile = frame.lot.layout.profile;
        invoices.push({
          bytes: Uint8Array.from(frame.bytes), recordCount: frame.recordCount, line: frame.line, byteOffset: frame.byteOffset, layout: frame.lot.layout,
          lot: { file: file.name, lot: frame.lot.lotNumber, practitionerId: frame.lot.emitterId, profile, channel: CHANNEL_OF_PROFILE[profile] ?? 'B2_PS', receivedDate: file.receivedDate, sendDate: frame.lot.constitutionDate },
        });
      },
      lotClosed: () => undefined,
      fileClosed: () => undefined,
    });
    framer.push(readFileSync(file.path));
    framer.end();
  }
  if (invoices.length === 0) throw new Error('the micro day has no B2 invoice');
  return { day, invoices };
}

/** The engine's decode of each framed invoice (InvoiceReader, byte level). */
export function decodeAll(framed: readonly FramedInvoice[]): Invoice[] {
  const readers = new Map<string, InvoiceReader>();
  return framed.map((f, sequence) => {
    const key = `${f.layout.profile}/${f.lot.channel}`;
    let reader = readers.get(key);
    if (!reader) readers.set(key, (reader = new InvoiceReader(f.layout, f.lot.channel)));
    return reader.read(f.bytes, 0, f.recordCount, { sequence, practitionerId: f.lot.practitionerId, location: { file: f.lot.file, line: f.line, byteOffset: f.byteOffset, lot: f.lot.lot } }).invoice;
  });
}

/** Fails the suite when a contender computed something else, or nothing. */
export function assertSame(what: string, expected: number, actual: number): void {
  if (expected === 0) throw new Error(`${what}: the reference computed nothing (0): the benchmark would measure nothing`);
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

/**
 * Packs framed invoices into worker tasks of at most `invoicesPerTask` invoices, as the intake
 * does (BatchBuilder), with fresh buffers: a task's buffers are moved to the worker that runs it.
 */
export function tasksOf(framed: readonly FramedInvoice[], invoicesPerTask: number): LiquidationTask[] {
  const builder = new BatchBuilder({ batchBytesMax: 64 * 1024 * 1024, batchInvoicesMax: invoicesPerTask });
  const tasks: LiquidationTask[] = [];
  framed.forEach((f) => {
    const header: LotHeader = { index: 0, lotNumber: f.lot.lot, emitterId: f.lot.practitionerId, emitterKind: '', receiverId: '', constitutionDate: 0, line: f.line, layout: f.layout, fileNumber: '' };
    const ref = builder.lotRef(`${f.lot.file}#${f.lot.lot}`, f.lot);
    builder.addInvoice({ bytes: f.bytes, recordCount: f.recordCount, line: f.line, byteOffset: f.byteOffset, lot: header, errors: [] }, ref);
    if (builder.full()) tasks.push(builder.take().task);
  });
  if (builder.hasContent) tasks.push(builder.take().task);
  return tasks;
}
