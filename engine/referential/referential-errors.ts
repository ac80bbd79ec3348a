import { formatReferentialIssue, type ReferentialIssue } from '../../codecs/csv/referential-issue.js';

/**
 * The two ways a referential can fail an operator. Both stop the command (there is nothing to
 * liquidate against), so they are thrown, but each carries stable codes and places as data for the
 * CLI to print and for tests to assert on.
 */

/** How many issues the message lists; `issues` holds them all (up to the per-file bound). */
const ISSUES_IN_MESSAGE_MAX = 50;

/** The CSV delivery has defects: every one found, with file, line and column. */
export class ReferentialImportError extends Error {
  readonly code = 'TPLIQ_REF_INVALID';

  constructor(readonly issues: readonly ReferentialIssue[]) {
    const listed = issues.slice(0, ISSUES_IN_MESSAGE_MAX).map(formatReferentialIssue);
    const more = issues.length > ISSUES_IN_MESSAGE_MAX ? [`… and ${issues.length - ISSUES_IN_MESSAGE_MAX} more`] : [];
    super([`TPLIQ_REF_INVALID: the referential has ${issues.length} issue(s); nothing was compiled`, ...listed, ...more].join('\n'));
    this.name = 'ReferentialImportError';
  }
}

export type SnapshotErrorCode =
  | 'TPLIQ_REF_SNAPSHOT_FORMAT'
  | 'TPLIQ_REF_SNAPSHOT_VERSION'
  | 'TPLIQ_REF_SNAPSHOT_HASH'
  | 'TPLIQ_REF_SNAPSHOT_CORRUPT';

/** A snapshot file that is not one, is of another layout version, or does not match its id. */
export class ReferentialSnapshotError extends Error {
  constructor(
    readonly code: SnapshotErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'ReferentialSnapshotError';
  }
}
