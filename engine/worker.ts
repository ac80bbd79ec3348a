/**
 * The Piscina worker entry: loads the referential snapshot and the layouts once per thread, then
 * liquidates batches. Results go back as one protobuf buffer, moved (not copied) to the main thread.
 */
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import type { CompiledLayout } from '../codecs/fixed-width/compiled-layout.js';
import { loadLayout } from '../codecs/fixed-width/load-layout.js';
import { encodeLiquidationResult } from '../codecs/proto/liquidation-codec.js';
import { BatchLiquidator } from './pipeline/liquidate-batch.js';
import type { LiquidationTask, WorkerSetup } from './pipeline/task.js';
import { loadSnapshot } from './referential/load-snapshot.js';

const setup = workerData as WorkerSetup;
// The main thread verified the snapshot's hash before starting the pool, and shares its bytes.
const referential = loadSnapshot(setup.snapshotBytes ?? readFileSync(setup.snapshotPath), { verify: false });
const layouts = new Map<string, CompiledLayout>(Object.entries(setup.profiles).map(([name, path]) => [name, loadLayout(path)]));
const liquidator = new BatchLiquidator(referential, layouts, setup.auditArithmetic);

export default function liquidateTask(task: LiquidationTask): unknown {
  const bytes = encodeLiquidationResult(liquidator.liquidate(task));
  // A fresh buffer of exactly the message, so the transfer moves nothing else.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return move(owned);
}
