import type { LimitCsvRow } from '../../codecs/csv/limits-csv.js';
import { formatYmd } from '../../codecs/csv/field-parsers.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import type { GuaranteeLimitMessage } from '../../codecs/proto/referential-proto.js';
import { centsCell } from './money-columns.js';
import { compareText, sortedUnique } from './sorted-unique.js';

/**
 * limits.csv as the snapshot keeps it, sorted by (contract, domain, valid_from). Versions of one
 * guarantee's limit must not overlap (one answer on a day, as for guarantees), and the rows of one
 * contract naming one `limit_id` must agree on the ceiling they share: two different ceilings on
 * one counter would make the answer depend on which line of the invoice came first.
 */
export function guaranteeLimitMessages(rows: readonly LimitCsvRow[], file: string, issues: IssueSink): GuaranteeLimitMessage[] {
  const entries: Array<{ line: number; message: GuaranteeLimitMessage }> = [];
  for (const row of rows) {
    const amountCents = row.amountText === '' ? 0 : centsCell({ file, line: row.line, column: 'amount', text: row.amountText }, issues);
    if (amountCents === undefined) continue;
    if (row.amountText !== '' && amountCents === 0) {
      // 0 is how the snapshot says "no amount ceiling".
      issues.report('TPLIQ_REF_BAD_NUMBER', file, row.line, 'amount', 'an amount ceiling must be above 0.00 (leave it empty for none)');
      continue;
    }
    entries.push({
      line: row.line,
      message: {
        contract: row.contract, domain: row.domain, limitId: row.limitId, amountCents, count: row.count,
        period: row.period, years: row.years, validFrom: row.validFrom, validTo: row.validTo,
      },
    });
  }
  const sorted = sortedUnique(
    entries,
    (a, b) => compareText(a.message.contract, b.message.contract) || compareText(a.message.domain, b.message.domain) || a.message.validFrom - b.message.validFrom,
    (duplicate, original) => issues.report('TPLIQ_REF_DUPLICATE_KEY', file, duplicate.line, 'contract+domain+valid_from', `already on line ${original.line}`),
  );
  let previous: { line: number; message: GuaranteeLimitMessage } | undefined;
  const byLimit = new Map<string, { line: number; message: GuaranteeLimitMessage }>();
  for (const entry of sorted) {
    const m = entry.message;
    if (previous !== undefined && previous.message.contract === m.contract && previous.message.domain === m.domain && m.validFrom <= previous.message.validTo) {
      issues.report('TPLIQ_REF_OVERLAPPING_PERIODS', file, entry.line, 'valid_from', `${m.contract}/${m.domain}: starts ${formatYmd(m.validFrom)}, while the limit on line ${previous.line} runs until ${formatYmd(previous.message.validTo)}`);
    }
    previous = entry;
    const key = `${m.contract}|${m.limitId}|${m.validFrom}`;
    const shared = byLimit.get(key);
    if (shared === undefined) byLimit.set(key, entry);
    else if (shared.message.amountCents !== m.amountCents || shared.message.count !== m.count || shared.message.period !== m.period || shared.message.years !== m.years || shared.message.validTo !== m.validTo) {
      issues.report('TPLIQ_REF_BAD_VALUE', file, entry.line, 'limit_id', `${m.contract}/${m.limitId} is defined differently on line ${shared.line}: rows sharing a limit share its ceiling, period and dates`);
    }
  }
  return sorted.map((entry) => entry.message);
}
