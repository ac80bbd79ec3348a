import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeLiquidationResult, decodeLiquidationResultWithProtobufjs, encodeLiquidationResultWithProtobufjs } from '../codecs/proto/liquidation-codec.js';

/**
 * The engine reads worker results with its own decoder (liquidation-result-decoder.ts); the
 * properties in proto.result-encoder.test.ts hold it to protobufjs on any message. Here: what a
 * valid message may hold that the engine's encoder never writes.
 */
const LEN = 2;
const VARINT = 0;

describe('decodeLiquidationResult: proto3 as protobufjs reads it', () => {
  it('steps over unknown fields of every wire type, and keeps the last value of a repeated scalar', () => {
    const motive = protobuf.Writer.create().uint32((1 << 3) | LEN).string('DOUBLON').uint32((9 << 3) | 5).fixed32(7).uint32((2 << 3) | LEN).string('Facture déjà reçue').finish();
    const outcome = protobuf.Writer.create()
      .uint32((1 << 3) | VARINT).uint32(41)
      .uint32((99 << 3) | VARINT).uint64(2 ** 40) // unknown varint of more than 32 bits
      .uint32((98 << 3) | 1).fixed64(123) // unknown 64-bit
      .uint32((97 << 3) | LEN).string('inconnu') // unknown length-delimited
      .uint32((1 << 3) | VARINT).uint32(42) // the last sequence wins
      .uint32((10 << 3) | LEN).bytes(motive)
      .uint32((12 << 3) | 5).fixed32(0xfeedface)
      .uint32((20 << 3) | VARINT).uint32(4_000_000_000)
      .finish();
    const bytes = protobuf.Writer.create().uint32((2 << 3) | LEN).bytes(outcome).uint32((3 << 3) | VARINT).uint32(5).uint32((96 << 3) | 5).fixed32(1).finish();
    const decoded = decodeLiquidationResult(bytes);
    expect(decoded).toEqual(decodeLiquidationResultWithProtobufjs(bytes));
    expect(decoded.outcomes[0]).toMatchObject({ sequence: 42, functionalKeyHi: 0xfeedface, line: 4_000_000_000, motives: [{ code: 'DOUBLON', label: 'Facture déjà reçue' }] });
    expect(decoded.auditMismatches).toBe(5);
  });

  it('says so when the bytes are cut short or a length runs past the end', () => {
    const outcome = { sequence: 1, invoiceNumber: '000000001', amcNumber: '', birthRank: 0, careDate: 0, computedAmcCents: 0, claimedAmcCents: 0, motives: [], errors: [], functionalKeyHi: 0, functionalKeyLo: 0, pecNumber: '', pecCents: 0, duplicataOf: '', nature: '', refersTo: '', feeCents: 0, returnsTail: new Uint8Array(0), line: 0, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [] };
    const bytes = encodeLiquidationResultWithProtobufjs({ batch: 1, outcomes: [outcome], auditMismatches: 0 });
    expect(() => decodeLiquidationResult(bytes.subarray(0, bytes.length - 4))).toThrow(/liquidation result/);
    expect(() => decodeLiquidationResult(Uint8Array.of(0x08, 0x80))).toThrow(/cut short/);
  });
});
