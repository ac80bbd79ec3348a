/**
 * Canonical order and key uniqueness for the referential's tables. Rows are sorted by key, then by
 * line so that of two rows with the same key the first in the file is kept as the original and the
 * later one is reported as its duplicate.
 */
export function sortedUnique<T extends { line: number }>(
  rows: T[],
  compareKey: (a: T, b: T) => number,
  onDuplicate: (duplicate: T, original: T) => void,
): T[] {
  rows.sort((a, b) => compareKey(a, b) || a.line - b.line);
  const unique: T[] = [];
  for (const row of rows) {
    const previous = unique[unique.length - 1];
    if (previous !== undefined && compareKey(previous, row) === 0) onDuplicate(row, previous);
    else unique.push(row);
  }
  return unique;
}

/** Plain code-unit order: for the ASCII keys of the referential, the same as byte order. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted distinct values, and each one's position: the dictionaries the columns refer to. */
export function dictionary(values: Iterable<string>): { values: string[]; indexOf: Map<string, number> } {
  const sorted = [...new Set(values)].sort(compareText);
  return { values: sorted, indexOf: new Map(sorted.map((value, index) => [value, index])) };
}
