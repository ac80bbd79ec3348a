import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import { CODE_SHAPE, CODE_SHAPE_LABEL, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL } from './referential-shapes.js';

/** `guarantees.csv`: what each contract pays per domain, effective-dated. */
export const GUARANTEE_CSV_COLUMNS = [
  'contract',
  'domain',
  'formula',
  'rate',
  'amount',
  'pec_required',
  'responsable',
  'valid_from',
  'valid_to',
] as const;

/** Operator formula codes, rules.md §2.2 (engine/domain/referential.ts `Formula`). */
export const GUARANTEE_FORMULAS = [
  'TM',
  'BR_INCL_AMO',
  'BR_EXCL_AMO',
  'FR',
  'UNIT',
  'FORFAIT',
  'PEC',
  'NOT_COVERED',
  'EQUIPMENT_FORFAIT',
] as const;
export type GuaranteeFormulaCode = (typeof GUARANTEE_FORMULAS)[number];

/** Formulas that apply a percentage and so need a rate. */
export const RATE_FORMULAS: readonly GuaranteeFormulaCode[] = ['TM', 'BR_INCL_AMO', 'BR_EXCL_AMO', 'FR'];
/** Formulas that pay a fixed amount and so need one. */
export const AMOUNT_FORMULAS: readonly GuaranteeFormulaCode[] = ['UNIT', 'FORFAIT', 'EQUIPMENT_FORFAIT'];

export interface GuaranteeCsvRow {
  line: number;
  contract: string;
  domain: string;
  formula: GuaranteeFormulaCode;
  /**
   * The rate and amount as written ('' when empty). They are money, and money is parsed in one
   * place only (engine/money), so the engine turns them into RatePpm and cents.
   */
  rateText: string;
  amountText: string;
  pecRequired: boolean;
  responsable: boolean;
  validFrom: number;
  /** 99991231 when open-ended. */
  validTo: number;
}

export function readGuaranteesCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: GuaranteeCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, GUARANTEE_CSV_COLUMNS, issues, (row, col) => {
    const contract = row.code(col.contract, CODE_SHAPE, CODE_SHAPE_LABEL);
    const domain = row.code(col.domain, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL);
    const formula = row.choice(col.formula, GUARANTEE_FORMULAS);
    const rateText = row.raw(col.rate);
    const amountText = row.raw(col.amount);
    if (!row.failed && rateText === '' && RATE_FORMULAS.includes(formula)) {
      row.fail(col.rate, 'TPLIQ_REF_MISSING_VALUE', `formula ${formula} needs a rate (percent, e.g. 100 or 90.5)`);
    }
    if (!row.failed && amountText === '' && AMOUNT_FORMULAS.includes(formula)) {
      row.fail(col.amount, 'TPLIQ_REF_MISSING_VALUE', `formula ${formula} needs an amount in euros (e.g. 25.00)`);
    }
    const pecRequired = row.flag(col.pec_required);
    const responsable = row.flag(col.responsable);
    const validFrom = row.date(col.valid_from);
    const validTo = row.endDate(col.valid_to);
    if (validFrom !== 0 && validTo !== 0 && validTo < validFrom) {
      row.fail(col.valid_to, 'TPLIQ_REF_BAD_PERIOD', 'the guarantee ends before it starts');
    }
    if (row.failed) return;
    onRow({ line: row.line, contract, domain, formula, rateText, amountText, pecRequired, responsable, validFrom, validTo });
  });
}
