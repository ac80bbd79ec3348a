import type { ChildReport } from './child-protocol.js';

/** The middle value (the mean of the two middle ones for an even count): one noisy run moves it least. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The run of median wall time (of an odd count), shown as the contender's row. */
export function medianByWall(reports: readonly ChildReport[]): ChildReport {
  if (reports.length % 2 === 0) throw new RangeError(`the median run of an even count (${reports.length}) is not one run`);
  return [...reports].sort((a, b) => a.wallMs - b.wallMs)[(reports.length - 1) / 2]!;
}
