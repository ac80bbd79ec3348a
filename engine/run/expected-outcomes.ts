import { readFileSync } from 'node:fs';

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
  const expected = readCsv(expectedCsv);
  const decisions = readCsv(decisionsCsv);
  const queue = new Map<string, Array<Record<string, string>>>();
  for (const e of expected) {
    const key = `${e.file}|${e.practitioner_id}|${e.invoice_number}`;
    let list = queue.get(key);
    if (!list) queue.set(key, (list = []));
    list.push(e);
  }
  const mismatches: string[] = [];
  let matched = 0;
  for (const d of decisions) {
    const key = `${d.file}|${d.practitioner_id}|${d.invoice_number}`;
    const e = queue.get(key)?.shift();
    const where = `${d.file} line ${d.line} invoice ${d.invoice_number} (PS ${d.practitioner_id})`;
    if (!e) {
      mismatches.push(`${where}: decided but not expected`);
      continue;
    }
    const actualCodes = (d.motives ?? '').split('|').filter((m) => m !== '').map((m) => m.split(':')[0]).sort().join('|');
    const expectedCodes = (e.expected_motives ?? '').split('|').filter((m) => m !== '').sort().join('|');
    const problems: string[] = [];
    if (d.status !== e.expected_status) problems.push(`status ${d.status}, expected ${e.expected_status}`);
    if (d.paid_amount !== e.expected_amount) problems.push(`paid ${d.paid_amount}, expected ${e.expected_amount}`);
    if (actualCodes !== expectedCodes) problems.push(`motives [${actualCodes}], expected [${expectedCodes}]`);
    if (problems.length === 0) matched++;
    else mismatches.push(`${where} (${e.category}): ${problems.join('; ')}`);
  }
  for (const [key, rest] of queue) for (const e of rest) mismatches.push(`${key}: expected (${e.category}) but not decided`);
  return { total: expected.length, matched, mismatches };
}

/** A small RFC 4180 reader for our own CSV outputs (quoted fields, doubled quotes, CRLF or LF). */
export function readCsv(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
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
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift() ?? [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
