import { checkNir, nirKey as nirKeyOf } from '../identifiers/nir.js';
import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { ParsedPeriod } from './field-parsers.js';
import type { IssueSink } from './referential-issue.js';
import { AMC_NUMBER_SHAPE, CODE_SHAPE, CODE_SHAPE_LABEL, NAME_LENGTH_MAX, padAmcNumber } from './referential-shapes.js';

/** `beneficiaries.csv`: one row per beneficiary per tiers-payant card. */
export const BENEFICIARY_CSV_COLUMNS = [
  'amc_number',
  'member_number',
  'nir',
  'nir_key',
  'birth_date',
  'birth_rank',
  'name',
  'card_from',
  'card_to',
  'contract',
  'c2s',
  'vitale_opposition_date',
  'rights',
] as const;

export interface BeneficiaryCsvRow {
  line: number;
  /** 10 digits, zero-filled on the left. */
  amcNumber: string;
  memberNumber: string;
  /** 13 characters, capitals (2A / 2B). */
  nir: string;
  /** 2 digits, checked against the NIR. */
  nirKey: string;
  /** yyyymmdd; month and day may be 00 ("lunar" dates). */
  birthDate: number;
  birthRank: number;
  name: string;
  cardFrom: number;
  /** 99991231 when open-ended. */
  cardTo: number;
  contract: string;
  c2s: boolean;
  /** 0 when none. */
  vitaleOppositionDate: number;
  /** Sorted, non-overlapping; empty when the rights are closed. */
  rights: ParsedPeriod[];
}

const NIR_KEY_SHAPE = /^\d{1,2}$/;
const BIRTH_RANK_MAX = 9;

export function readBeneficiariesCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: BeneficiaryCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, BENEFICIARY_CSV_COLUMNS, issues, (row, col) => {
    const amcNumber = padAmcNumber(row.code(col.amc_number, AMC_NUMBER_SHAPE, 'an AMC number of 1 to 10 digits'));
    const memberNumber = row.code(col.member_number, CODE_SHAPE, CODE_SHAPE_LABEL);
    const nir = row.raw(col.nir).toUpperCase();
    const nirKeyText = row.code(col.nir_key, NIR_KEY_SHAPE, 'a NIR key of 2 digits');
    // Spreadsheets drop the leading zero of a key such as "08".
    const nirKey = nirKeyText.padStart(2, '0');
    if (nir === '') {
      row.fail(col.nir, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
    } else if (nirKeyOf(nir) === undefined) {
      // Never the value itself: a NIR, even mistyped, identifies a person (a value of n characters is said instead).
      row.fail(col.nir, 'TPLIQ_REF_BAD_NIR', `not a NIR (${nir.length} characters): 13 characters, digits, 2A or 2B allowed as the department`);
    } else if (nirKeyText !== '') {
      const check = checkNir(nir, nirKey);
      if (!check.ok) row.fail(col.nir_key, 'TPLIQ_REF_BAD_NIR_KEY', check.reason);
    }
    const birthDate = row.birthDate(col.birth_date);
    const birthRank = row.integer(col.birth_rank, 1, BIRTH_RANK_MAX);
    const name = row.text(col.name, NAME_LENGTH_MAX);
    const cardFrom = row.date(col.card_from);
    const cardTo = row.endDate(col.card_to);
    if (cardFrom !== 0 && cardTo !== 0 && cardTo < cardFrom) {
      row.fail(col.card_to, 'TPLIQ_REF_BAD_PERIOD', 'the card ends before it starts');
    }
    const contract = row.code(col.contract, CODE_SHAPE, CODE_SHAPE_LABEL);
    const c2s = row.flag(col.c2s);
    const vitaleOppositionDate = row.optionalDate(col.vitale_opposition_date);
    const rights = row.periods(col.rights);
    if (row.failed) return;
    onRow({
      line: row.line,
      amcNumber,
      memberNumber,
      nir,
      nirKey,
      birthDate,
      birthRank,
      name,
      cardFrom,
      cardTo,
      contract,
      c2s,
      vitaleOppositionDate,
      rights,
    });
  });
}
