import type { PractitionerCsvRow } from '../../codecs/csv/practitioners-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { BILLING_ID_WIDTH } from '../../codecs/csv/referential-shapes.js';
import type { PractitionerTableMessage } from '../../codecs/proto/referential-proto.js';
import { asciiColumn, byteColumn, intColumn, stringColumn } from './column-builders.js';
import { CHANNEL_CODES, codeOf, PRACTITIONER_KIND_CODES } from './snapshot-codes.js';
import { compareText, sortedUnique } from './sorted-unique.js';

/** Practitioners sorted by billing id, one row per id (snapshot key: billing_id). */
export function sortPractitioners(rows: PractitionerCsvRow[], file: string, issues: IssueSink): PractitionerCsvRow[] {
  return sortedUnique(
    rows,
    (a, b) => compareText(a.billingId, b.billingId),
    (duplicate, original) =>
      issues.report(
        'TPLIQ_REF_DUPLICATE_KEY',
        file,
        duplicate.line,
        'billing_id',
        `billing id ${duplicate.billingId} is already on line ${original.line}`,
      ),
  );
}

export function practitionerTableMessage(sorted: readonly PractitionerCsvRow[]): PractitionerTableMessage {
  return {
    count: sorted.length,
    billingId: asciiColumn(
      sorted.map((row) => row.billingId),
      BILLING_ID_WIDTH,
    ),
    kind: byteColumn(sorted.map((row) => codeOf(PRACTITIONER_KIND_CODES, row.kind))),
    name: stringColumn(sorted.map((row) => row.name)),
    address: stringColumn(sorted.map((row) => row.address)),
    iban: stringColumn(sorted.map((row) => row.iban)),
    bic: stringColumn(sorted.map((row) => row.bic)),
    email: stringColumn(sorted.map((row) => row.email)),
    optam: byteColumn(sorted.map((row) => (row.optam ? 1 : 0))),
    // Fixed width: an establishment without a specialty is stored as two spaces.
    specialty: asciiColumn(
      sorted.map((row) => row.specialty.padEnd(2, ' ')),
      2,
    ),
    channel: byteColumn(sorted.map((row) => codeOf(CHANNEL_CODES, row.channel))),
    conventionFrom: intColumn(sorted.map((row) => row.conventionFrom)),
    conventionTo: intColumn(sorted.map((row) => row.conventionTo)),
  };
}
