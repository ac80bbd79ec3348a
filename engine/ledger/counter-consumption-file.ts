import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { CounterConsumption } from '../domain/counter-consumption.js';

/**
 * The run's counter consumptions on their way to the ledger: one line each, in input order, in a
 * staging file the ledger thread reads at commit. Held in memory they cost ≈ 150 MiB per million
 * counted invoices (bench/counter-memory.ts); the run writes them as it decides instead.
 * Tab-separated: keys, dates, amounts, billing ids and invoice numbers hold no tab or newline.
 */
export function counterConsumptionLine(c: CounterConsumption): string {
  return `${c.key}\t${c.careDate}\t${c.cents}\t${c.acts}\t${c.practitionerId}\t${c.invoiceNumber}\t${c.originalInvoice}\n`;
}

/** Every consumption of the file, in order, read in chunks: memory does not grow with the file. */
export function* counterConsumptionsIn(path: string, chunkBytes = 1 << 20): Generator<CounterConsumption> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      const text = rest + (n === 0 ? decoder.end() : decoder.write(chunk.subarray(0, n)));
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) yield consumptionOf(line);
      if (n === 0) break;
    }
    if (rest !== '') throw new Error(`${path}: last counter line is cut short`);
  } finally {
    closeSync(fd);
  }
}

function consumptionOf(line: string): CounterConsumption {
  const [key, careDate, cents, acts, practitionerId, invoiceNumber, originalInvoice, ...extra] = line.split('\t');
  if (originalInvoice === undefined || extra.length > 0) throw new Error(`counter line "${line}" does not have 7 fields`);
  return { key: key!, careDate: Number(careDate), cents: Number(cents), acts: Number(acts), practitionerId: practitionerId!, invoiceNumber: invoiceNumber!, originalInvoice };
}
