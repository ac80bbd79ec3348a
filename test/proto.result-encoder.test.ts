import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLiquidationResult,
  decodeLiquidationResultWithProtobufjs,
  encodeLiquidationResult,
  encodeLiquidationResultWithProtobufjs,
  LiquidationResultEncoder,
  type InvoiceOutcomeMessage,
} from '../codecs/proto/liquidation-codec.js';
import { returnsTailOf } from '../engine/run/spool-returns-tail.js';

/**
 * A worker encodes each outcome as it is made, by hand. The bytes may differ from protobufjs's
 * encoding of the whole message (field order, zeros left off), but protobufjs must decode them to
 * the very same result: protobufjs's own encoder, from the .proto, is the reference.
 */
function outcomeOf(n: number, overrides: Partial<InvoiceOutcomeMessage> = {}): InvoiceOutcomeMessage {
  return {
    sequence: n, invoiceNumber: String(100000000 + n), amcNumber: '0012345678', birthRank: 1,
    careDate: 20261112, computedAmcCents: 900 + n, claimedAmcCents: 900, motives: [], errors: [], functionalKeyHi: 0xdeadbeef,
    functionalKeyLo: n, pecNumber: '', pecCents: 0, duplicataOf: '', nature: 'INITIALE', refersTo: '', feeCents: 3000, returnsTail: returnsTailOf({ nir: '1850775123456', nirKey: '08', amoCents: 2100, natureAssurance: '10' }), line: 3 + 3 * n, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [],
    ...overrides,
  };
}

function encodeOneByOne(outcomes: readonly InvoiceOutcomeMessage[], batch: number, auditMismatches: number): Uint8Array {
  const encoder = new LiquidationResultEncoder();
  for (const o of outcomes) encoder.add(o);
  return encoder.finish(batch, auditMismatches);
}

describe('LiquidationResultEncoder: outcomes encoded one at a time', () => {
  it('decodes to the same result as the message encoded at once, motives and errors included', () => {
    const outcomes = [
      outcomeOf(0),
      outcomeOf(1, { motives: [{ code: 'STRUCTURE_INVALIDE', label: 'Facture mal formée: TPLIQ_B2_RECORD_LENGTH ligne 7, colonne 101' }], errors: [{ code: 'TPLIQ_B2_RECORD_LENGTH', message: 'record is 100 characters, expected 128', line: 7, column: 101 }] }),
      outcomeOf(2, { computedAmcCents: 0, claimedAmcCents: 0, functionalKeyHi: 0, invoiceNumber: '' }),
      outcomeOf(3, { pecNumber: 'PEC0001', pecCents: 4_294_967_295, functionalKeyLo: 0xffffffff }),
    ];
    const atOnce = decodeLiquidationResult(encodeLiquidationResultWithProtobufjs({ batch: 300, outcomes, auditMismatches: 2 }));
    const oneByOne = decodeLiquidationResult(encodeOneByOne(outcomes, 300, 2));
    expect(oneByOne).toEqual(atOnce);
    expect(oneByOne.outcomes[1]!.errors[0]).toEqual({ code: 'TPLIQ_B2_RECORD_LENGTH', message: 'record is 100 characters, expected 128', line: 7, column: 101 });
    expect(oneByOne).toMatchObject({ batch: 300, auditMismatches: 2 });
  });

  it('writes an empty result, and grows past its first buffer for a large file', () => {
    expect(decodeLiquidationResult(encodeOneByOne([], 0, 0))).toEqual({ batch: 0, outcomes: [], auditMismatches: 0 });
    const many = Array.from({ length: 5000 }, (_, n) => outcomeOf(n));
    const bytes = encodeOneByOne(many, 0, 0);
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024);
    // Exactly the message: the buffer can be moved to another thread without dragging spare room.
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(decodeLiquidationResult(bytes).outcomes).toEqual(many);
  });

  it('agrees with the one-shot encoder on any outcomes and counters (property)', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const outcome = fc.record({ n: fc.nat(1000), computedAmcCents: u32, functionalKeyHi: u32, line: u32, returnsTail: fc.uint8Array({ maxLength: 200 }), label: fc.string() });
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 20 }), u32, u32, (rows, batch, audit) => {
        const outcomes = rows.map((r) => outcomeOf(r.n, { computedAmcCents: r.computedAmcCents, functionalKeyHi: r.functionalKeyHi, line: r.line, returnsTail: r.returnsTail, motives: r.label ? [{ code: 'X', label: r.label }] : [] }));
        expect(decodeLiquidationResult(encodeOneByOne(outcomes, batch, audit))).toEqual(decodeLiquidationResult(encodeLiquidationResultWithProtobufjs({ batch, outcomes, auditMismatches: audit })));
      }),
    );
  });
  it('agrees with protobufjs on every field, any text: accents, emoji, lone surrogates, lengths past one varint byte (property)', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 200 }), fc.constant(''));
    const motive = fc.record({ code: text, label: text });
    const error = fc.record({ code: text, message: text, line: u32, column: u32 });
    const claim = fc.record({
      key: text, fromDate: u32, toDate: u32, amountCeilingCents: u32, countCeiling: u32, rawCents: u32, acts: u32, declaredCents: u32, careDate: u32, kind: text, label: text,
    });
    const outcome = fc.record({
      sequence: u32, invoiceNumber: text, amcNumber: text, birthRank: u32, careDate: u32,
      computedAmcCents: u32, claimedAmcCents: u32, motives: fc.array(motive, { maxLength: 4 }), errors: fc.array(error, { maxLength: 3 }),
      functionalKeyHi: u32, functionalKeyLo: u32, pecNumber: text, pecCents: u32, duplicataOf: text, nature: text, refersTo: text,
      feeCents: u32, returnsTail: fc.uint8Array({ maxLength: 200 }), line: u32, c2sDueDate: u32, c2sFormalNoticeDate: u32, claims: fc.array(claim, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 8 }), u32, u32, (outcomes, batch, audit) => {
        // protobufjs on both sides is the reference; the engine's encoder and decoder must each agree with it.
        const reference = decodeLiquidationResultWithProtobufjs(encodeLiquidationResultWithProtobufjs({ batch, outcomes, auditMismatches: audit }));
        expect(decodeLiquidationResultWithProtobufjs(encodeLiquidationResult({ batch, outcomes, auditMismatches: audit }))).toEqual(reference);
        expect(decodeLiquidationResult(encodeLiquidationResultWithProtobufjs({ batch, outcomes, auditMismatches: audit }))).toEqual(reference);
        expect(decodeLiquidationResult(encodeLiquidationResult({ batch, outcomes, auditMismatches: audit }))).toEqual(reference);
        expect(decodeLiquidationResult(encodeOneByOne(outcomes, batch, audit))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a message longer than 127 bytes with its length in two bytes, its content moved intact', () => {
    const long = outcomeOf(7, { motives: [{ code: 'M', label: 'é'.repeat(400) }], errors: [{ code: 'E', message: 'x'.repeat(20_000), line: 1, column: 2 }] });
    const bytes = encodeLiquidationResult({ batch: 1, outcomes: [long], auditMismatches: 0 });
    expect(bytes.byteLength).toBeGreaterThan(20_800);
    expect(decodeLiquidationResult(bytes).outcomes).toEqual([long]);
  });

  it('hands its grown buffer to the next encoder: each message stays intact, and a finished encoder refuses more', () => {
    // A first result large enough to grow the buffer past its 64 KiB start, then a small one and
    // one made while another encoder holds the spare buffer: each decodes to exactly its outcomes.
    const large = Array.from({ length: 40 }, (_, n) => outcomeOf(n, { errors: [{ code: 'E', message: 'x'.repeat(3_000), line: n, column: 1 }] }));
    const first = new LiquidationResultEncoder();
    for (const o of large) first.add(o);
    const firstBytes = first.finish(1, 0);
    expect(firstBytes.byteLength).toBeGreaterThan(64 * 1024);
    expect(() => first.add(outcomeOf(99))).toThrow(/used after finish/);
    expect(() => first.finish(1, 0)).toThrow(/used after finish/);

    const second = new LiquidationResultEncoder();
    const third = new LiquidationResultEncoder();
    second.add(outcomeOf(100));
    third.add(outcomeOf(200));
    second.add(outcomeOf(101));
    const secondBytes = second.finish(2, 0);
    const thirdBytes = third.finish(3, 1);
    expect(decodeLiquidationResult(firstBytes)).toEqual({ batch: 1, outcomes: large, auditMismatches: 0 });
    expect(decodeLiquidationResult(secondBytes)).toEqual({ batch: 2, outcomes: [outcomeOf(100), outcomeOf(101)], auditMismatches: 0 });
    expect(decodeLiquidationResult(thirdBytes)).toEqual({ batch: 3, outcomes: [outcomeOf(200)], auditMismatches: 1 });
  });
});
