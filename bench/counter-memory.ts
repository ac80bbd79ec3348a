/**
 * What the counters cost the commit step's memory (issue: "state the memory the counters take per
 * million beneficiaries"): one million beneficiaries each with one paid invoice under a ceiling,
 * judged and recorded by the CounterBook as a run does (the consumptions themselves go to a
 * staging file, not the heap: engine/ledger/counter-consumption-file.ts). Measured as the growth of
 * the V8 heap after full collections, so it counts what stays reachable, not what the loop
 * churned. KEEP_LIST=1 also keeps the consumption objects, as the run did before it wrote them out.
 *
 *   npm run build && node --expose-gc dist/bench/counter-memory.js [beneficiaries]
 */
import { createHash } from 'node:crypto';
import type { CounterClaimMessage } from '../codecs/proto/liquidation-codec.js';
import { CounterBook } from '../engine/commit/counter-book.js';
import { EMPTY_LEDGER } from '../engine/commit/ledger-lookups.js';
import type { CounterConsumption } from '../engine/domain/counter-consumption.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with node --expose-gc');
const gc: () => void = collect;

const beneficiaries = Number(process.argv[2] ?? 1_000_000);
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const before = heapAfterGc();
const book = new CounterBook(EMPTY_LEDGER);
const consumptions: CounterConsumption[] = [];
for (let i = 0; i < beneficiaries; i++) {
  // The same key shape as a run's: limit, then a 20-hex digest of the beneficiary.
  const who = createHash('sha256').update(String(i)).digest('hex').slice(0, 20);
  const claim: CounterClaimMessage = {
    key: `PLAFOND|OSTEO-40|OSTEO|${who}`, fromDate: 20260101, toDate: 20261231, amountCeilingCents: 16_000, countCeiling: 0,
    rawCents: 4000, acts: 1, declaredCents: 4000, careDate: 20261115, kind: 'CEILING', label: 'en 2026',
  };
  const judged = book.judge([claim], { practitionerId: '504746942', invoiceNumber: String(i).padStart(9, '0'), originalInvoice: String(i).padStart(9, '0'), regularising: false });
  book.record(judged.consumptions);
  if (process.env.KEEP_LIST) consumptions.push(...judged.consumptions);
}
const after = heapAfterGc();
const perMillion = ((after - before) / beneficiaries) * 1_000_000;
process.stdout.write(`${beneficiaries} beneficiaries with one counted invoice each: heap +${((after - before) / 2 ** 20).toFixed(1)} MiB (${(perMillion / 2 ** 20).toFixed(1)} MiB per million), ${consumptions.length} consumptions kept\n`);
book.clear();
