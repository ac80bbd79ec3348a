import { createHash } from 'node:crypto';
import { B2Framer } from '../../codecs/b2/framer.js';
import type { FrameSink } from '../../codecs/b2/frames.js';
import type { CodecError } from '../../codecs/fixed-width/codec-error.js';
import type { CompiledLayout } from '../../codecs/fixed-width/compiled-layout.js';
import { LiquidationResultEncoder } from '../../codecs/proto/liquidation-codec.js';
import { rejectionOfReadError } from '../intake/inbox-rejection.js';
import { openRegularFile } from '../intake/open-regular-file.js';
import { framePaperFile, paperFileClose } from '../intake/paper-invoices.js';
import { lotCloseData, rejectedFileResult, type FileMarkerData, type FileTask, type FileTaskResult } from './file-task.js';
import type { BatchLiquidator } from './liquidate-batch.js';
import { lotRefOf, type LotSource } from './lot-ref.js';
import { WholeFileReader } from './whole-file-reader.js';
import { stageBlob } from '../history/input-archive.js';
import type { LotRef } from './task.js';

/**
 * A file task, in a worker: read the whole file, hash it, frame it with the very framer the main
 * thread streams with (so every framing error keeps its code and place), and liquidate each
 * invoice as it is framed, straight from the framer's scratch bytes — no batch is packed. Lot and
 * file closes are recorded between invoices exactly where BatchBuilder would have put them.
 */
export class FileLiquidator {
  /** The name each compiled layout has in `layouts`: lot closes cross threads with the name only. */
  private readonly profileOf = new Map<CompiledLayout, string>();
  /** Holds the file being liquidated, from one file to the next. */
  private readonly reader = new WholeFileReader();

  constructor(private readonly liquidator: BatchLiquidator, private readonly layouts: ReadonlyMap<string, CompiledLayout>) {
    for (const [name, layout] of layouts) if (!this.profileOf.has(layout)) this.profileOf.set(layout, name);
  }

  async liquidate(task: FileTask): Promise<FileTaskResult> {
    // Valid until the next task: nothing made from it outlives this one (the framer copies the
    // records it hands out, texts are copied out of it), and a worker runs one task at a time.
    let bytes: Buffer;
    try {
      bytes = this.reader.read(task.path, (path) => openRegularFile(path, task.followSymlinks));
    } catch (error) {
      // The file changed since the inbox was listed: it comes back as a rejection of this file,
      // in its place in the input order, instead of failing the task and with it the run.
      const rejection = rejectionOfReadError(error, task.name, task.followSymlinks);
      if (rejection === undefined) throw error;
      return rejectedFileResult(rejection);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stagedBlob = task.blobStaging === undefined ? undefined : stageBlob(task.blobStaging, sha256, bytes);
    const source: LotSource = { name: task.name, receivedDate: task.receivedDate, ...(task.channelOverride ? { channelOverride: task.channelOverride } : {}) };
    // Each outcome is encoded as soon as it is made (see LiquidationResultEncoder).
    const outcomes = new LiquidationResultEncoder();
    const lotOfInvoice: number[] = [];
    const lots: LotRef[] = [];
    // Lot order in the file → index in `lots` (a lot enters `lots` with its first invoice).
    const lotIdOfIndex = new Map<number, number>();
    const markers: Array<{ after: number; marker: FileMarkerData }> = [];
    const tally = { auditMismatches: 0 };
    const sink: FrameSink = {
      invoice: (frame) => {
        let id = lotIdOfIndex.get(frame.lot.index);
        if (id === undefined) {
          id = lots.length;
          lots.push(lotRefOf(source, frame.lot));
          lotIdOfIndex.set(frame.lot.index, id);
        }
        lotOfInvoice.push(id);
        outcomes.add(this.liquidator.liquidateInvoice(frame.bytes, 0, frame.recordCount, lots[id]!, frame.line, frame.byteOffset, frame.errors, tally));
      },
      lotClosed: (close) => {
        markers.push({ after: lotOfInvoice.length, marker: { kind: 'lot', close: lotCloseData(close, this.nameOf(close.lot.layout)) } });
      },
      fileClosed: (close) => {
        markers.push({ after: lotOfInvoice.length, marker: { kind: 'file', close } });
      },
    };
    let errors: CodecError[] = [];
    if (task.kind === 'B2') {
      const framer = new B2Framer({ file: task.name, defaultLayout: this.layout(task.defaultProfile), resolveLayout: (p) => this.layouts.get(p) }, sink);
      framer.push(bytes);
      framer.end();
    } else {
      const summary = await framePaperFile(bytes, task.name, this.layout(task.paperProfile), sink, () => undefined);
      errors = summary.errors;
      sink.fileClosed(paperFileClose(task.name, bytes.length, summary));
    }
    return {
      outcomes: outcomes.finish(0, tally.auditMismatches),
      lotOfInvoice: Uint32Array.from(lotOfInvoice),
      lots,
      markers,
      sha256,
      bytes: bytes.length,
      errors,
      ...(stagedBlob === undefined ? {} : { stagedBlob }),
    };
  }

  private layout(profile: string): CompiledLayout {
    const layout = this.layouts.get(profile);
    if (!layout) throw new Error(`no layout loaded for profile ${profile}`);
    return layout;
  }

  private nameOf(layout: CompiledLayout): string {
    const name = this.profileOf.get(layout);
    if (name === undefined) throw new Error(`layout ${layout.profile} is not one of the worker's layouts`);
    return name;
  }
}
