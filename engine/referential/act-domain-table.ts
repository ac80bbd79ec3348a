import type { ActDomainCsvRow } from '../../codecs/csv/act-domains-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import type { ActDomainMessage } from '../../codecs/proto/referential-proto.js';
import { compareText, sortedUnique } from './sorted-unique.js';

/** The act-domain table sorted by act code, one row per code (a small table: plain messages). */
export function actDomainMessages(rows: ActDomainCsvRow[], file: string, issues: IssueSink): ActDomainMessage[] {
  return sortedUnique(
    rows,
    (a, b) => compareText(a.actCode, b.actCode),
    (duplicate, original) =>
      issues.report('TPLIQ_REF_DUPLICATE_KEY', file, duplicate.line, 'act_code', `act code ${duplicate.actCode} is already on line ${original.line}`),
  ).map((row) => ({
    actCode: row.actCode,
    domain: row.domain,
    family: row.family,
    roReimbursable: row.roReimbursable,
    // protobufjs writes a field that is set, even false: set only when true, so a table that marks
    // no act compiles to the bytes (and snapshot id) it compiled to before the column existed.
    ...(row.needsAccordPrealable ? { needsAccordPrealable: true } : {}),
  }));
}
