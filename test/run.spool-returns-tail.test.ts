import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packActLines, unpackActLines, type PackedActLine } from '../codecs/binary/packed-act-lines.js';
import { decodeLiquidationResult, LiquidationResultEncoder, type InvoiceOutcomeMessage } from '../codecs/proto/liquidation-codec.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { SpoolRowEncoder, SpoolRowReader } from '../engine/run/spool-row-codec.js';
import { ReturnsTailEncoder, returnsTailOf, type ReturnsTailFields } from '../engine/run/spool-returns-tail.js';
import { emptySpoolRowInput, type SpooledInvoice, type SpoolRowInput } from '../engine/run/spooled-invoice.js';
import { decisionOf } from './support/decision-builder.js';

/**
 * The returns tail is made by the worker and read back by the spool: what goes in on one side must
 * come out on the other, through the worker's result message and the main thread's copy, as the
 * five fields it replaced did.
 */
const FILES = ['inbox/a.b2'];
const CARE_DATE = 20261112;

/** A row carrying `tail`, written and read back by the spool's own codec. */
function readBack(tail: Uint8Array): SpooledInvoice {
  const row: SpoolRowInput = { ...emptySpoolRowInput(), decision: decisionOf({ sequence: 7, file: FILES[0]! }), careDate: CARE_DATE as DateYmd, returnsTail: tail, lotSendDate: 20261120 as DateYmd };
  return new SpoolRowReader(Buffer.from(new SpoolRowEncoder().encode(row, 0)), FILES).invoice();
}

/** The tail as it crosses from a worker: inside a result message, decoded by the main thread's reader. */
function throughResult(tail: Uint8Array): Uint8Array {
  const outcome: InvoiceOutcomeMessage = {
    sequence: 1, invoiceNumber: '000000001', amcNumber: '', birthRank: 1, careDate: CARE_DATE, computedAmcCents: 0, claimedAmcCents: 0, motives: [], errors: [],
    functionalKeyHi: 0, functionalKeyLo: 0, pecNumber: '', pecCents: 0, duplicataOf: '', nature: '', refersTo: '', feeCents: 0, returnsTail: tail, line: 1,
    c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [],
  };
  const encoder = new LiquidationResultEncoder();
  encoder.add(outcome);
  return decodeLiquidationResult(encoder.finish(0, 0)).outcomes[0]!.returnsTail;
}

const line = fc.record({
  actCode: fc.string({ maxLength: 13 }), actDate: fc.integer({ min: 20200101, max: 20291231 }), quantity: fc.nat(99), coefficientHundredths: fc.nat(100_000),
  baseCents: fc.nat(10_000_000), amoCents: fc.nat(10_000_000), computedAmcCents: fc.nat(10_000_000), declaredAmcCents: fc.nat(10_000_000),
});
const fields = fc.record({
  nir: fc.string({ unit: 'binary', maxLength: 20 }), nirKey: fc.string({ maxLength: 3 }), natureAssurance: fc.string({ unit: 'binary', maxLength: 3 }),
  amoCents: fc.integer({ min: 0, max: 0xffffffff }),
});

describe('the returns tail (spool format 5)', () => {
  it('comes back from the spool field for field, act lines as packActLines packs them, through the result message too (property)', () => {
    fc.assert(
      fc.property(fields, fc.array(line, { maxLength: 12 }), (f: ReturnsTailFields, lines: PackedActLine[]) => {
        const tail = new ReturnsTailEncoder().encode(f, lines, lines.length, CARE_DATE);
        for (const bytes of [tail, throughResult(tail)]) {
          const read = readBack(bytes);
          expect({ nir: read.nir, nirKey: read.nirKey, amoCents: read.amoCents, natureAssurance: read.natureAssurance }).toEqual(f);
          expect([...read.actLines]).toEqual([...packActLines(lines, CARE_DATE)]);
          expect(unpackActLines(read.actLines, CARE_DATE)).toEqual(lines);
          expect(read.lotSendDate).toBe(20261120);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps only the first lines asked for', () => {
    const lines: PackedActLine[] = [1, 2, 3].map((n) => ({ actCode: `C${n}`, actDate: CARE_DATE, quantity: 1, coefficientHundredths: 100, baseCents: 2500 * n, amoCents: 1750 * n, computedAmcCents: 750 * n, declaredAmcCents: 750 * n }));
    const encoder = new ReturnsTailEncoder();
    const two = encoder.encode({ nir: '1850775123456', nirKey: '08', amoCents: 5250, natureAssurance: '10' }, lines, 2, CARE_DATE);
    const none = encoder.encode({ nir: '2850775123456', nirKey: '09', amoCents: 0, natureAssurance: '' }, lines, 0, CARE_DATE);
    expect(unpackActLines(readBack(two).actLines, CARE_DATE)).toEqual(lines.slice(0, 2));
    expect(readBack(two).nir).toBe('1850775123456');
    expect(readBack(none)).toMatchObject({ nir: '2850775123456', nirKey: '09', amoCents: 0, natureAssurance: '' });
    expect(readBack(none).actLines).toHaveLength(0);
  });

  it('leaves every tail as it was made while later ones are written, past the end of a block', () => {
    const encoder = new ReturnsTailEncoder();
    const lines: PackedActLine[] = Array.from({ length: 30 }, (_, n) => ({ actCode: `ACT${n}`, actDate: CARE_DATE + (n % 3), quantity: 1 + n, coefficientHundredths: 100, baseCents: 1000 + n, amoCents: 700 + n, computedAmcCents: 300, declaredAmcCents: 300 + (n % 2) }));
    const made: Array<{ tail: Uint8Array; copy: number[]; n: number }> = [];
    // ≈ 400 bytes a tail: 2 000 of them fill several 64 KiB blocks.
    for (let n = 0; n < 2000; n++) {
      const tail = encoder.encode({ nir: String(1_850_775_000_000 + n), nirKey: String(n % 97).padStart(2, '0'), amoCents: n, natureAssurance: '10' }, lines, 1 + (n % 30), CARE_DATE);
      made.push({ tail, copy: [...tail], n });
    }
    for (const { tail, copy, n } of made) {
      expect([...tail]).toEqual(copy);
      const read = readBack(tail);
      expect(read.nir).toBe(String(1_850_775_000_000 + n));
      expect(unpackActLines(read.actLines, CARE_DATE)).toEqual(lines.slice(0, 1 + (n % 30)));
    }
    expect(new Set(made.map((m) => m.tail.buffer)).size).toBeGreaterThan(1);
  });

  it('carries the declared AMO part modulo 2^32, as the result message\'s uint32 field did before it', () => {
    for (const [declared, carried] of [[-1, 0xffffffff], [2 ** 32 + 5, 5], [2 ** 32, 0], [123_456, 123_456]] as const) {
      expect(readBack(returnsTailOf({ nir: '', nirKey: '', amoCents: declared, natureAssurance: '' })).amoCents).toBe(carried as Cents);
    }
  });

  it('reads an outcome that carried no tail as every field empty, and refuses a tail whose fields overrun its length', () => {
    expect(readBack(new Uint8Array(0))).toMatchObject({ nir: '', nirKey: '', amoCents: 0, natureAssurance: '', lotSendDate: 20261120 });
    const tail = returnsTailOf({ nir: '1850775123456', nirKey: '08', amoCents: 1, natureAssurance: '10' });
    // One byte more inside the block: its fields end before the length says.
    const padded = new Uint8Array(tail.length + 1);
    padded.set(tail);
    expect(() => readBack(padded)).toThrow(/returns' fields of row 7 end at byte/);
  });
});
