import type { DecisionRow } from './fuzz-day.js';

/**
 * The untouched files' invoices, mutated run against clean run. Rows are matched by (file, line):
 * an invoice's line does not move when another file changes, while its sequence number does (it
 * counts every invoice committed before it), so `sequence` is the one column left out. Every other
 * column — lot, invoice number, practitioner, AMC, status, paid and claimed amounts, motives with
 * their labels, receipt and due dates — must be the same text.
 */
export interface DecisionDifference {
  file: string;
  line: string;
  clean: string | null;
  now: string | null;
}

export interface DecisionComparison {
  /** Untouched invoices of the clean run. */
  compared: number;
  /** Decided in the clean run, absent now. */
  lost: DecisionDifference[];
  /** Decided differently, or present now and not in the clean run. */
  changed: DecisionDifference[];
  /**
   * PAID in the clean run, now REJECTED only as a duplicate (DOUBLON, DOUBLON_FONCTIONNEL,
   * PEC_DEJA_UTILISEE) in a file after a touched one: what a mutated file that now holds an earlier
   * copy of the invoice legitimately causes. Reported, not counted as a failure.
   */
  excused: DecisionDifference[];
}

const DUPLICATE_MOTIVES = new Set(['DOUBLON', 'DOUBLON_FONCTIONNEL', 'PEC_DEJA_UTILISEE']);
const COMPARED_COLUMNS = ['lot', 'invoice_number', 'practitioner_id', 'amc_number', 'status', 'paid_amount', 'claimed_amount', 'motives', 'received_date', 'due_date'] as const;

const keyOf = (file: string, line: string): string => `${file}\u0000${line}`;
const textOf = (row: DecisionRow): string => COMPARED_COLUMNS.map((c) => `${c}=${row[c] ?? ''}`).join(' ');
const motiveCodes = (motives: string): string[] => (motives === '' ? [] : motives.split('|').map((m) => m.slice(0, m.indexOf(':') < 0 ? m.length : m.indexOf(':'))));

export function compareUntouched(
  clean: readonly DecisionRow[],
  now: readonly DecisionRow[],
  touched: readonly string[],
  renamed: Readonly<Record<string, string>>,
  /** File names of the mutated run in input order, to tell which files come after a touched one. */
  order: readonly string[],
): DecisionComparison {
  const skip = new Set(touched);
  const position = new Map(order.map((name, i) => [name, i] as const));
  const firstTouched = Math.min(...touched.map((t) => position.get(t) ?? Number.POSITIVE_INFINITY));
  const before = new Map<string, DecisionRow>();
  for (const row of clean) if (!skip.has(row.file!)) before.set(keyOf(row.file!, row.line!), row);
  const result: DecisionComparison = { compared: before.size, lost: [], changed: [], excused: [] };
  const seen = new Set<string>();
  for (const raw of now) {
    const file = renamed[raw.file!] ?? raw.file!;
    if (skip.has(raw.file!) || skip.has(file)) continue;
    const key = keyOf(file, raw.line!);
    seen.add(key);
    const was = before.get(key);
    if (was && textOf(was) === textOf(raw)) continue;
    const difference = { file, line: raw.line!, clean: was ? textOf(was) : null, now: textOf(raw) };
    const duplicateOnly =
      was !== undefined && was.status === 'PAID' && raw.status === 'REJECTED' && (position.get(raw.file!) ?? -1) > firstTouched &&
      motiveCodes(raw.motives ?? '').length > 0 && motiveCodes(raw.motives ?? '').every((c) => DUPLICATE_MOTIVES.has(c)) &&
      COMPARED_COLUMNS.every((c) => c === 'status' || c === 'paid_amount' || c === 'motives' || was[c] === raw[c]);
    (duplicateOnly ? result.excused : result.changed).push(difference);
  }
  for (const [key, row] of before) if (!seen.has(key)) result.lost.push({ file: row.file!, line: row.line!, clean: textOf(row), now: null });
  return result;
}
