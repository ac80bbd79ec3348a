import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';

/**
 * `equipment-maxima.csv`: the regulatory maxima of R871-2 3° and 4° (rules.md §2.6, §2.7), in
 * euros including the AMO and the TM, effective-dated. The built-in table is
 * engine/referential/equipment-maxima.csv; a delivery may ship its own when the decree changes.
 */
export const EQUIPMENT_MAXIMUM_CSV_COLUMNS = ['limit', 'maximum', 'valid_from', 'valid_to'] as const;

/** (a)–(f) lens combinations, the frame, a classe II hearing aid: engine/domain/equipment.ts. */
export const EQUIPMENT_MAXIMUM_LIMITS = [
  'OPTIQUE_B_SIMPLE_SIMPLE',
  'OPTIQUE_B_SIMPLE_COMPLEXE',
  'OPTIQUE_B_COMPLEXE_COMPLEXE',
  'OPTIQUE_B_SIMPLE_TRES_COMPLEXE',
  'OPTIQUE_B_COMPLEXE_TRES_COMPLEXE',
  'OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE',
  'OPTIQUE_B_FRAME',
  'AUDIO_II_AID',
] as const;

export interface EquipmentMaximumCsvRow {
  line: number;
  limit: (typeof EQUIPMENT_MAXIMUM_LIMITS)[number];
  /** As written: parsed by engine/money. */
  maximumText: string;
  validFrom: number;
  validTo: number;
}

export function readEquipmentMaximaCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: EquipmentMaximumCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, EQUIPMENT_MAXIMUM_CSV_COLUMNS, issues, (row, col) => {
    const limit = row.choice(col.limit, EQUIPMENT_MAXIMUM_LIMITS);
    const maximumText = row.raw(col.maximum);
    if (maximumText === '') row.fail(col.maximum, 'TPLIQ_REF_MISSING_VALUE', 'a maximum in euros is required (e.g. 420.00)');
    const validFrom = row.date(col.valid_from);
    const validTo = row.endDate(col.valid_to);
    if (validFrom !== 0 && validTo !== 0 && validTo < validFrom) {
      row.fail(col.valid_to, 'TPLIQ_REF_BAD_PERIOD', 'the maximum ends before it starts');
    }
    if (row.failed) return;
    onRow({ line: row.line, limit, maximumText, validFrom, validTo });
  });
}
