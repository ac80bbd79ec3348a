import b from 'benny';
import { availableParallelism } from 'node:os';
import { decodeLiquidationResult } from '../../codecs/proto/liquidation-codec.js';
import { createWorkerPool, transferListOf } from '../../engine/pipeline/worker-pool.js';
import { SHIPPED_PROFILES } from '../../engine/run/liquidation-run.js';
import { assertSame, framedInvoices, tasksOf } from './fixtures.js';
import { saveTo } from './save.js';

/**
 * Task batch size on a real Piscina pool of `cores` engine workers: the same invoices liquidated
 * as tasks of 1, 10, 100 and 1 000 invoices. A task costs tens of microseconds whatever its size
 * (message, wake-up, result), which is why the engine sends batches of hundreds of KiB. Every
 * op must get an outcome back for every invoice.
 */

const INVOICES_PER_OP = 2000;

export async function run(): Promise<void> {
  const { day, invoices } = await framedInvoices(INVOICES_PER_OP);
  const threads = availableParallelism();
  const pool = createWorkerPool({ threads, setup: { snapshotPath: day.snapshot, profiles: Object.fromEntries(SHIPPED_PROFILES.map((p) => [p, p])), auditArithmetic: false, startAttempt: 1 } });
  const liquidate = async (perTask: number): Promise<void> => {
    const tasks = tasksOf(invoices, perTask);
    const results = await Promise.all(tasks.map((task) => pool.run(task, { transferList: transferListOf(task) })));
    let outcomes = 0;
    for (const bytes of results) outcomes += decodeLiquidationResult(bytes).outcomes.length;
    assertSame(`outcomes with ${perTask} invoices per task`, invoices.length, outcomes);
  };
  await liquidate(100); // workers loaded and warm before timing
  try {
    await b.suite(
      `Task batch size — ${invoices.length} invoices per op on ${threads} worker threads`,
      ...[1, 10, 100, 1000].map((perTask) => b.add(`${perTask} invoice${perTask > 1 ? 's' : ''} per task`, () => liquidate(perTask))),
      b.cycle(),
      b.complete(),
      saveTo('batch-size'),
    );
  } finally {
    await pool.destroy();
  }
}
