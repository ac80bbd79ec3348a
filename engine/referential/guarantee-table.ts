import type { GuaranteeCsvRow, GuaranteeFormulaCode } from '../../codecs/csv/guarantees-csv.js';
import { formatYmd } from '../../codecs/csv/field-parsers.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import type { GuaranteeTableMessage } from '../../codecs/proto/referential-proto.js';
import { byteColumn, intColumn } from './column-builders.js';
import { centsCell, rateCell } from './money-columns.js';
import { codeOf, FORMULA_CODES } from './snapshot-codes.js';
import { compareText, sortedUnique } from './sorted-unique.js';

export interface GuaranteeEntry {
  line: number;
  contract: string;
  domain: string;
  formula: GuaranteeFormulaCode;
  ratePpm: number;
  amountCents: number;
  pecRequired: boolean;
  responsable: boolean;
  validFrom: number;
  validTo: number;
}

const compareKey = (a: GuaranteeEntry, b: GuaranteeEntry): number =>
  compareText(a.contract, b.contract) || compareText(a.domain, b.domain) || a.validFrom - b.validFrom;

/**
 * Guarantees with their money parsed, sorted by (contract, domain, valid_from). Two versions of
 * one (contract, domain) must not overlap: "the guarantee in force on that day" has one answer,
 * so a replay of any past day finds exactly the terms of that day.
 */
export function buildGuarantees(rows: readonly GuaranteeCsvRow[], file: string, issues: IssueSink): GuaranteeEntry[] {
  const entries: GuaranteeEntry[] = [];
  for (const row of rows) {
    const ratePpm = rateCell({ file, line: row.line, column: 'rate', text: row.rateText }, issues);
    const amountCents = centsCell({ file, line: row.line, column: 'amount', text: row.amountText }, issues);
    if (ratePpm === undefined || amountCents === undefined) continue;
    entries.push({
      line: row.line,
      contract: row.contract,
      domain: row.domain,
      formula: row.formula,
      ratePpm,
      amountCents,
      pecRequired: row.pecRequired,
      responsable: row.responsable,
      validFrom: row.validFrom,
      validTo: row.validTo,
    });
  }
  const sorted = sortedUnique(entries, compareKey, (duplicate, original) =>
    issues.report(
      'TPLIQ_REF_DUPLICATE_KEY',
      file,
      duplicate.line,
      'contract+domain+valid_from',
      `contract ${duplicate.contract}, domain ${duplicate.domain} from ${formatYmd(duplicate.validFrom)} is already on line ${original.line}`,
    ),
  );
  // Within one (contract, domain), the version reaching furthest so far: a later version must
  // start after it, not only after its immediate predecessor.
  let reach: GuaranteeEntry | undefined;
  for (const current of sorted) {
    if (reach === undefined || reach.contract !== current.contract || reach.domain !== current.domain) {
      reach = current;
      continue;
    }
    if (current.validFrom <= reach.validTo) {
      issues.report(
        'TPLIQ_REF_OVERLAPPING_PERIODS',
        file,
        current.line,
        'valid_from',
        `contract ${current.contract}, domain ${current.domain}: this version starts ${formatYmd(current.validFrom)}, ` +
          `while the one on line ${reach.line} runs until ${formatYmd(reach.validTo)}`,
      );
    }
    if (current.validTo > reach.validTo) reach = current;
  }
  return sorted;
}

export function guaranteeTableMessage(
  sorted: readonly GuaranteeEntry[],
  contractIndex: ReadonlyMap<string, number>,
  domainIndex: ReadonlyMap<string, number>,
): GuaranteeTableMessage {
  const indexIn = (index: ReadonlyMap<string, number>, value: string): number => {
    const found = index.get(value);
    if (found === undefined) throw new Error(`${value} missing from its dictionary`);
    return found;
  };
  return {
    count: sorted.length,
    contract: intColumn(
      sorted.map((entry) => indexIn(contractIndex, entry.contract)),
      true,
    ),
    domain: intColumn(
      sorted.map((entry) => indexIn(domainIndex, entry.domain)),
      true,
    ),
    formula: byteColumn(sorted.map((entry) => codeOf(FORMULA_CODES, entry.formula))),
    ratePpm: intColumn(sorted.map((entry) => entry.ratePpm)),
    amountCents: intColumn(sorted.map((entry) => entry.amountCents)),
    pecRequired: byteColumn(sorted.map((entry) => (entry.pecRequired ? 1 : 0))),
    responsable: byteColumn(sorted.map((entry) => (entry.responsable ? 1 : 0))),
    validFrom: intColumn(sorted.map((entry) => entry.validFrom)),
    validTo: intColumn(sorted.map((entry) => entry.validTo)),
  };
}
