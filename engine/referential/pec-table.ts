import type { PecCsvRow } from '../../codecs/csv/pecs-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import { BILLING_ID_WIDTH, NIR_WIDTH } from '../../codecs/csv/referential-shapes.js';
import type { PecTableMessage } from '../../codecs/proto/referential-proto.js';
import { asciiColumn, intColumn, stringColumn } from './column-builders.js';
import { centsCell } from './money-columns.js';
import { compareText, sortedUnique } from './sorted-unique.js';

export interface PecEntry {
  line: number;
  pecNumber: string;
  amcNumber: string;
  nir: string;
  practitionerId: string;
  domain: string;
  grantedCents: number;
  validFrom: number;
  validTo: number;
}

/** PECs with the amount granted parsed, sorted by PEC number, one row per number. */
export function buildPecs(rows: readonly PecCsvRow[], file: string, issues: IssueSink): PecEntry[] {
  const entries: PecEntry[] = [];
  for (const row of rows) {
    const grantedCents = centsCell({ file, line: row.line, column: 'granted', text: row.grantedText }, issues);
    if (grantedCents === undefined) continue;
    entries.push({
      line: row.line,
      pecNumber: row.pecNumber,
      amcNumber: row.amcNumber,
      nir: row.nir,
      practitionerId: row.practitionerId,
      domain: row.domain,
      grantedCents,
      validFrom: row.validFrom,
      validTo: row.validTo,
    });
  }
  return sortedUnique(
    entries,
    (a, b) => compareText(a.pecNumber, b.pecNumber),
    (duplicate, original) =>
      issues.report('TPLIQ_REF_DUPLICATE_KEY', file, duplicate.line, 'pec_number', `PEC ${duplicate.pecNumber} is already on line ${original.line}`),
  );
}

export function pecTableMessage(
  sorted: readonly PecEntry[],
  amcIndex: ReadonlyMap<string, number>,
  domainIndex: ReadonlyMap<string, number>,
): PecTableMessage {
  return {
    count: sorted.length,
    pecNumber: stringColumn(sorted.map((entry) => entry.pecNumber)),
    amc: intColumn(
      sorted.map((entry) => amcIndex.get(entry.amcNumber) ?? 0),
      true,
    ),
    nir: asciiColumn(
      sorted.map((entry) => entry.nir),
      NIR_WIDTH,
    ),
    practitionerId: asciiColumn(
      sorted.map((entry) => entry.practitionerId),
      BILLING_ID_WIDTH,
    ),
    domain: intColumn(
      sorted.map((entry) => domainIndex.get(entry.domain) ?? 0),
      true,
    ),
    grantedCents: intColumn(sorted.map((entry) => entry.grantedCents)),
    validFrom: intColumn(sorted.map((entry) => entry.validFrom)),
    validTo: intColumn(sorted.map((entry) => entry.validTo)),
  };
}
