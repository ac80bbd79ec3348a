import b from 'benny';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { decodeLiquidationResult, decodeLiquidationResultWithProtobufjs, encodeLiquidationResult, encodeLiquidationResultWithProtobufjs, type LiquidationResultMessage } from '../../codecs/proto/liquidation-codec.js';
import { BatchLiquidator } from '../../engine/pipeline/liquidate-batch.js';
import { loadSnapshot } from '../../engine/referential/load-snapshot.js';
import { assertSame, framedInvoices, layouts, tasksOf } from './fixtures.js';
import { saveTo } from './save.js';

/**
 * Worker result encode + decode, one batch of real outcomes: protobuf (what the worker sends, one
 * compact buffer moved to the main thread; the engine's hand-written encoder and decoder, then
 * protobufjs's own encoder and decoder) against JSON text and against V8's structured clone
 * (what postMessage does to a plain object). Each round trip must give back every outcome.
 */

const INVOICES_PER_BATCH = 1000;

function checksum(result: LiquidationResultMessage): number {
  let sum = 0;
  for (const o of result.outcomes) sum += o.computedAmcCents + o.motives.length + o.sequence;
  return sum;
}

export async function run(): Promise<void> {
  const { day, invoices } = await framedInvoices(INVOICES_PER_BATCH);
  const liquidator = new BatchLiquidator(loadSnapshot(readFileSync(day.snapshot), { verify: false }), layouts());
  const result = liquidator.liquidate(tasksOf(invoices, INVOICES_PER_BATCH)[0]!);
  const expected = checksum(result);
  const protobufBytes = encodeLiquidationResult(result).byteLength;
  const jsonBytes = Buffer.byteLength(JSON.stringify(result));
  const cloneBytes = serialize(result).byteLength;
  assertSame('protobuf round trip', expected, checksum(decodeLiquidationResult(encodeLiquidationResult(result))));
  await b.suite(
    `Worker result encode + decode — ${result.outcomes.length} outcomes per op (protobuf ${protobufBytes} B, JSON ${jsonBytes} B, structured clone ${cloneBytes} B)`,
    b.add('protobuf (the engine)', () => assertSame('protobuf', expected, checksum(decodeLiquidationResult(encodeLiquidationResult(result))))),
    b.add('protobuf, by protobufjs', () => assertSame('protobufjs', expected, checksum(decodeLiquidationResultWithProtobufjs(encodeLiquidationResultWithProtobufjs(result))))),
    b.add('JSON.stringify + JSON.parse', () => assertSame('JSON', expected, checksum(JSON.parse(JSON.stringify(result)) as LiquidationResultMessage))),
    b.add('structured clone (v8.serialize + deserialize)', () => assertSame('clone', expected, checksum(deserialize(serialize(result)) as LiquidationResultMessage))),
    b.cycle(),
    b.complete(),
    saveTo('result-codec'),
  );
}
