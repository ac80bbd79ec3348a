import { nirKey } from '../identifiers/nir.js';
import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import {
  AMC_NUMBER_SHAPE,
  BILLING_ID_SHAPE,
  CODE_SHAPE,
  CODE_SHAPE_LABEL,
  DOMAIN_SHAPE,
  DOMAIN_SHAPE_LABEL,
  padAmcNumber,
} from './referential-shapes.js';

/** `pecs.csv`: prises en charge granted ahead of care (optique, dentaire, audio, hospital). */
export const PEC_CSV_COLUMNS = [
  'pec_number',
  'amc_number',
  'nir',
  'practitioner_id',
  'domain',
  'granted',
  'valid_from',
  'valid_to',
] as const;

export interface PecCsvRow {
  line: number;
  pecNumber: string;
  /** 10 digits, zero-filled on the left. */
  amcNumber: string;
  /** 13 characters (no key: the beneficiary's row carries it). */
  nir: string;
  practitionerId: string;
  domain: string;
  /** Euros as written: parsed to cents by the engine (engine/money). */
  grantedText: string;
  validFrom: number;
  validTo: number;
}

export function readPecsCsv(source: CsvSource, issues: IssueSink, onRow: (row: PecCsvRow) => void): Promise<CsvTableSummary> {
  return readCsvTable(source, PEC_CSV_COLUMNS, issues, (row, col) => {
    const pecNumber = row.code(col.pec_number, CODE_SHAPE, CODE_SHAPE_LABEL);
    const amcNumber = padAmcNumber(row.code(col.amc_number, AMC_NUMBER_SHAPE, 'an AMC number of 1 to 10 digits'));
    const nir = row.raw(col.nir).toUpperCase();
    if (nir === '') row.fail(col.nir, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
    else if (nirKey(nir) === undefined) {
      row.fail(col.nir, 'TPLIQ_REF_BAD_NIR', `not a NIR (${nir.length} characters): 13 characters, digits, 2A or 2B allowed as the department`);
    }
    const practitionerId = row.raw(col.practitioner_id).toUpperCase();
    if (practitionerId === '') row.fail(col.practitioner_id, 'TPLIQ_REF_MISSING_VALUE', 'a value is required');
    else if (!BILLING_ID_SHAPE.test(practitionerId)) {
      row.fail(col.practitioner_id, 'TPLIQ_REF_BAD_IDENTIFIER', `"${practitionerId}" is not a 9-character billing id`);
    }
    const domain = row.code(col.domain, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL);
    const grantedText = row.raw(col.granted);
    if (grantedText === '') row.fail(col.granted, 'TPLIQ_REF_MISSING_VALUE', 'the amount granted (euros) is required');
    const validFrom = row.date(col.valid_from);
    const validTo = row.endDate(col.valid_to);
    if (validFrom !== 0 && validTo !== 0 && validTo < validFrom) {
      row.fail(col.valid_to, 'TPLIQ_REF_BAD_PERIOD', 'the PEC ends before it starts');
    }
    if (row.failed) return;
    onRow({ line: row.line, pecNumber, amcNumber, nir, practitionerId, domain, grantedText, validFrom, validTo });
  });
}
