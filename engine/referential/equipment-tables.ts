import type { EquipmentLimitCsvRow } from '../../codecs/csv/equipment-limits-csv.js';
import type { EquipmentMaximumCsvRow } from '../../codecs/csv/equipment-maxima-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import type { EquipmentLimitMessage, EquipmentMaximumMessage } from '../../codecs/proto/referential-proto.js';
import { checkedVersions, versionWording, type DatedVersion, type VersionRules } from './dated-versions.js';
import { centsCell } from './money-columns.js';
import { compareText } from './sorted-unique.js';

/**
 * The two equipment tables of the snapshot (small: hundreds of LPP codes, eight maxima), sorted by
 * (key, valid_from). As for guarantees, versions of one key must not overlap, so "the limit on day
 * D" has one answer and a replay of a past day finds the limits of that day.
 */

/** A row of either table, keyed by one column (the LPP code or the maximum's name). */
interface Dated extends DatedVersion {
  key: string;
}

/** Both tables name a version by its key alone: `2203240 from 2024-01-01 is already on line 7`. */
function checkedEquipmentVersions<T extends Dated>(entries: T[], file: string, keyColumn: string, issues: IssueSink): T[] {
  const rules: VersionRules<T> = {
    file,
    compareKey: (a, b) => compareText(a.key, b.key),
    keyColumns: keyColumn,
    wording: versionWording((entry) => entry.key),
  };
  return checkedVersions(entries, rules, issues);
}

export function equipmentLimitMessages(rows: readonly EquipmentLimitCsvRow[], file: string, issues: IssueSink): EquipmentLimitMessage[] {
  const entries: (Dated & { message: EquipmentLimitMessage })[] = [];
  for (const row of rows) {
    const priceLimitCents = centsCell({ file, line: row.line, column: 'price_limit', text: row.priceLimitText }, issues);
    if (priceLimitCents === undefined) continue;
    if (row.priceLimitText !== '' && priceLimitCents === 0) {
      // 0 is how the snapshot says "no limit": a zero PLV would silently lift the cap.
      issues.report('TPLIQ_REF_BAD_NUMBER', file, row.line, 'price_limit', 'a price limit must be above 0.00');
      continue;
    }
    entries.push({
      line: row.line,
      key: row.actCode,
      validFrom: row.validFrom,
      validTo: row.validTo,
      message: {
        actCode: row.actCode,
        kind: row.kind,
        santeClass: row.santeClass,
        lensGrade: row.lensGrade,
        priceLimitCents,
        validFrom: row.validFrom,
        validTo: row.validTo,
      },
    });
  }
  return checkedEquipmentVersions(entries, file, 'act_code', issues).map((entry) => entry.message);
}

export function equipmentMaximumMessages(rows: readonly EquipmentMaximumCsvRow[], file: string, issues: IssueSink): EquipmentMaximumMessage[] {
  const entries: (Dated & { message: EquipmentMaximumMessage })[] = [];
  for (const row of rows) {
    const maximumCents = centsCell({ file, line: row.line, column: 'maximum', text: row.maximumText }, issues);
    if (maximumCents === undefined) continue;
    entries.push({
      line: row.line,
      key: row.limit,
      validFrom: row.validFrom,
      validTo: row.validTo,
      message: { limit: row.limit, maximumCents, validFrom: row.validFrom, validTo: row.validTo },
    });
  }
  return checkedEquipmentVersions(entries, file, 'limit', issues).map((entry) => entry.message);
}
