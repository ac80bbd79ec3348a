import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';

/**
 * `equipment-limits.csv`: the 100 % Santé classification of LPP / CCAM codes (rules.md §2.6–2.8),
 * effective-dated. Meaning of the values: engine/domain/equipment.ts.
 */
export const EQUIPMENT_LIMIT_CSV_COLUMNS = ['act_code', 'kind', 'class', 'lens_grade', 'price_limit', 'valid_from', 'valid_to'] as const;

export const EQUIPMENT_KINDS = ['LENS', 'FRAME', 'HEARING_AID', 'DENTAL_PROSTHESIS'] as const;
export const SANTE_CLASSES = ['A', 'B', 'I', 'II', '100S', 'OTHER'] as const;
export const LENS_GRADES = ['SIMPLE', 'COMPLEXE', 'TRES_COMPLEXE'] as const;

type Kind = (typeof EQUIPMENT_KINDS)[number];
type SanteClassCode = (typeof SANTE_CLASSES)[number];

/** Each kind has its 100 % Santé class and its free one; any other pairing is a mistake. */
const CLASSES_OF_KIND: Readonly<Record<Kind, readonly SanteClassCode[]>> = {
  LENS: ['A', 'B'],
  FRAME: ['A', 'B'],
  HEARING_AID: ['I', 'II'],
  DENTAL_PROSTHESIS: ['100S', 'OTHER'],
};

/** The classes paid up to a price limit (PLV or HLF), which the row must therefore give. */
const PRICE_LIMITED: readonly SanteClassCode[] = ['A', 'I', '100S'];

/** An exact LPP (7 digits) or CCAM code as invoices carry it; no prefix entries here. */
export const EQUIPMENT_ACT_CODE_SHAPE = /^[A-Z0-9]{1,13}$/;

export interface EquipmentLimitCsvRow {
  line: number;
  actCode: string;
  kind: Kind;
  santeClass: SanteClassCode;
  /** '' unless the row is a classe B lens. */
  lensGrade: (typeof LENS_GRADES)[number] | '';
  /** As written: money is parsed by engine/money only. '' when the class has no price limit. */
  priceLimitText: string;
  validFrom: number;
  /** 99991231 when open-ended. */
  validTo: number;
}

export function readEquipmentLimitsCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: EquipmentLimitCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, EQUIPMENT_LIMIT_CSV_COLUMNS, issues, (row, col) => {
    const actCode = row.code(col.act_code, EQUIPMENT_ACT_CODE_SHAPE, 'an LPP or CCAM code of 1 to 13 capitals or digits');
    const kind = row.choice(col.kind, EQUIPMENT_KINDS);
    const santeClass = row.choice(col.class, SANTE_CLASSES);
    const gradeText = row.raw(col.lens_grade);
    const priceLimitText = row.raw(col.price_limit);
    if (row.failed) return;
    if (!CLASSES_OF_KIND[kind].includes(santeClass)) {
      row.fail(col.class, 'TPLIQ_REF_EQUIPMENT_CLASS', `class ${santeClass} is not a class of ${kind} (${CLASSES_OF_KIND[kind].join(' or ')})`);
    }
    const gradedLens = kind === 'LENS' && santeClass === 'B';
    let lensGrade: EquipmentLimitCsvRow['lensGrade'] = '';
    if (gradedLens) {
      lensGrade = row.choice(col.lens_grade, LENS_GRADES);
    } else if (gradeText !== '') {
      row.fail(col.lens_grade, 'TPLIQ_REF_EQUIPMENT_CLASS', 'only a classe B lens has a grade (its maximum depends on it)');
    }
    const priceLimited = PRICE_LIMITED.includes(santeClass);
    if (priceLimited && priceLimitText === '') {
      row.fail(col.price_limit, 'TPLIQ_REF_MISSING_VALUE', `class ${santeClass} is paid up to its price limit (PLV or HLF, euros): give it`);
    } else if (!priceLimited && priceLimitText !== '') {
      row.fail(col.price_limit, 'TPLIQ_REF_EQUIPMENT_CLASS', `class ${santeClass} has no price limit: leave the cell empty`);
    }
    const validFrom = row.date(col.valid_from);
    const validTo = row.endDate(col.valid_to);
    if (validFrom !== 0 && validTo !== 0 && validTo < validFrom) {
      row.fail(col.valid_to, 'TPLIQ_REF_BAD_PERIOD', 'the classification ends before it starts');
    }
    if (row.failed) return;
    onRow({ line: row.line, actCode, kind, santeClass, lensGrade, priceLimitText, validFrom, validTo });
  });
}
