import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { OFFSET_STATUS } from '../../codecs/csv/decisions-writer.js';
/**
 * Checks a run's decisions.csv against the generator's expected.csv, invoice by invoice: same
 * status, same amount paid, and for a rejection the same set of motive codes. Invoices are matched
 * by (file, practitioner, invoice number) in order of appearance, so a duplicate sent twice is
 * matched first-to-first.
 */
export interface ExpectationCheck {
  total: number;
  matched: number;
  mismatches: string[];
}

export function compareWithExpected(expectedCsv: string, decisionsCsv: string): ExpectationCheck {
  // Both files are streamed and the expectations kept as one short string each: a 1 M-line day has
  // 600 000 of them, and the demo runs under the main thread's heap budget (heap-budget.ts).
  const queue = new Map<string, string[]>();
  let total = 0;
  for (const e of csvRecords(expectedCsv)) {
    total++;
    const key = `${e.file}|${e.practitioner_id}|${e.invoice_number}`;
    const codes = (e.expected_motives ?? '').split('|').filter((m) => m !== '').sort().join('|');
    const packed = [e.expected_status, e.expected_amount, codes, e.category].join('\t');
    const list = queue.get(key);
    if (list) list.push(packed);
    else queue.set(key, [packed]);
  }
  const mismatches: string[] = [];
  let matched = 0;
  for (const d of csvRecords(decisionsCsv)) {
    // Debts recovered by set-off are no invoices: the expected outcomes list invoices only.
    if (d.status === OFFSET_STATUS) continue;
    const key = `${d.file}|${d.practitioner_id}|${d.invoice_number}`;
    const packed = queue.get(key)?.shift();
    const where = `${d.file} line ${d.line} invoice ${d.invoice_number} (PS ${d.practitioner_id})`;
    if (packed === undefined) {
      mismatches.push(`${where}: decided but not expected`);
      continue;
    }
    const [expectedStatus, expectedAmount, expectedCodes, category] = packed.split('\t');
    const actualCodes = (d.motives ?? '').split('|').filter((m) => m !== '').map((m) => m.split(':')[0]).sort().join('|');
    const problems: string[] = [];
    if (d.status !== expectedStatus) problems.push(`status ${d.status}, expected ${expectedStatus}`);
    if (d.paid_amount !== expectedAmount) problems.push(`paid ${d.paid_amount}, expected ${expectedAmount}`);
    if (actualCodes !== expectedCodes) problems.push(`motives [${actualCodes}], expected [${expectedCodes}]`);
    if (problems.length === 0) matched++;
    else mismatches.push(`${where} (${category}): ${problems.join('; ')}`);
  }
  for (const [key, rest] of queue) for (const packed of rest) mismatches.push(`${key}: expected (${packed.split('\t')[3]}) but not decided`);
  return { total, matched, mismatches };
}

/** A small RFC 4180 reader for our own CSV outputs (quoted fields, doubled quotes, CRLF or LF). */
export function readCsv(path: string): Array<Record<string, string>> {
  return [...csvRecords(path)];
}

/** readCsv one record at a time, reading the file in chunks: memory does not grow with the file. */
export function* csvRecords(path: string, chunkBytes = 1 << 20): Generator<Record<string, string>> {
  let header: string[] | undefined;
  const recordOf = (r: string[]): Record<string, string> => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']));
  let row: string[] = [];
  let field = '';
  let quoted = false;
  // A quote or a CR at the end of a chunk is decided with the next one.
  let pending = '';
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(chunkBytes);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      const text = pending + (n === 0 ? decoder.end() : decoder.write(chunk.subarray(0, n)));
      pending = '';
      const last = n === 0 ? text.length : text.length - 1;
      let i = 0;
      for (; i < last; i++) {
        const c = text[i]!;
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (c === '"') quoted = false;
          else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(field);
          field = '';
        } else if (c === '\n' || c === '\r') {
          if (c === '\r' && text[i + 1] === '\n') i++;
          row.push(field);
          field = '';
          if (row.length > 1 || row[0] !== '') {
            if (header === undefined) header = row;
            else yield recordOf(row);
          }
          row = [];
        } else field += c;
      }
      if (i < text.length) pending = text.slice(i);
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    if (header === undefined) header = row;
    else yield recordOf(row);
  }
}
