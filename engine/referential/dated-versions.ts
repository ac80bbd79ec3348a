import { formatYmd } from '../../codecs/csv/field-parsers.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { sortedUnique } from './sorted-unique.js';

/**
 * The effective-dated tables of the snapshot (guarantees, limits, equipment limits and maxima)
 * keep several versions of one key, each valid over a period. Versions of one key must not
 * overlap: "the terms in force on day D" then has one answer, and a replay of a past day finds
 * the terms of that day. This is the check they share, with each table's words for its key.
 */

export interface DatedVersion {
  /** 1-based physical line of the row in its file. */
  readonly line: number;
  readonly validFrom: number;
  readonly validTo: number;
}

/** What an issue about two versions says, in the table's own words. */
export interface VersionWording<T> {
  duplicate(duplicate: T, original: T): string;
  overlap(current: T, earlier: T): string;
}

export interface VersionRules<T extends DatedVersion> {
  file: string;
  /** Orders the keys; 0 when two versions are of one key (valid_from is added here). */
  compareKey(a: T, b: T): number;
  /** The CSV column(s) of the key, joined by '+', as a duplicate issue names them before `+valid_from`. */
  keyColumns: string;
  wording: VersionWording<T>;
  /**
   * A further check of each kept version, run in the same walk as the overlap check so a row's
   * issues are reported together, in sorted order (the order decides which are kept past the
   * per-file bound).
   */
  alsoCheck?: (version: T) => void;
}

/** The standard wording: `<key> from <date> is already on line N`, `<key>: this version starts …`. */
export function versionWording<T extends DatedVersion>(describeKey: (version: T) => string): VersionWording<T> {
  return {
    duplicate: (duplicate, original) => `${describeKey(duplicate)} from ${formatYmd(duplicate.validFrom)} is already on line ${original.line}`,
    overlap: (current, earlier) =>
      `${describeKey(current)}: this version starts ${formatYmd(current.validFrom)}, while the one on line ${earlier.line} runs until ${formatYmd(earlier.validTo)}`,
  };
}

/**
 * The versions sorted by (key, valid_from), a second row with the same key and valid_from
 * dropped as a duplicate, and every version that starts before an earlier one of its key has
 * ended reported. An overlapping version stays in the result: any issue fails the import, and
 * the checks that follow still see every row.
 */
export function checkedVersions<T extends DatedVersion>(entries: T[], rules: VersionRules<T>, issues: IssueSink): T[] {
  const { file, compareKey, wording } = rules;
  const sorted = sortedUnique(
    entries,
    (a, b) => compareKey(a, b) || a.validFrom - b.validFrom,
    (duplicate, original) => issues.report('TPLIQ_REF_DUPLICATE_KEY', file, duplicate.line, `${rules.keyColumns}+valid_from`, wording.duplicate(duplicate, original)),
  );
  let earlier: T | undefined;
  for (const current of sorted) {
    if (earlier === undefined || compareKey(earlier, current) !== 0) {
      earlier = current;
    } else {
      if (current.validFrom <= earlier.validTo) {
        issues.report('TPLIQ_REF_OVERLAPPING_PERIODS', file, current.line, 'valid_from', wording.overlap(current, earlier));
      }
      // Held to the version of its key that runs latest so far, not only the one just before: a
      // version that starts after a short one but inside a long one before it still overlaps.
      if (current.validTo > earlier.validTo) earlier = current;
    }
    rules.alsoCheck?.(current);
  }
  return sorted;
}
