import type { GuaranteeCsvRow, GuaranteeFormulaCode } from '../../codecs/csv/guarantees-csv.js';
import type { IssueSink } from '../../codecs/csv/referential-issue.js';
import type { GuaranteeTableMessage } from '../../codecs/proto/referential-proto.js';
import { byteColumn, intColumn } from './column-builders.js';
import { checkedVersions, versionWording, type VersionRules } from './dated-versions.js';
import { centsCell, rateCell } from './money-columns.js';
import { codeOf, FORMULA_CODES } from './snapshot-codes.js';
import { compareText } from './sorted-unique.js';

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
  const rules: VersionRules<GuaranteeEntry> = {
    file,
    compareKey: (a, b) => compareText(a.contract, b.contract) || compareText(a.domain, b.domain),
    keyColumns: 'contract+domain',
    wording: versionWording((entry) => `contract ${entry.contract}, domain ${entry.domain}`),
  };
  return checkedVersions(entries, rules, issues);
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
