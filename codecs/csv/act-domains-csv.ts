import { readCsvTable, type CsvSource, type CsvTableSummary } from './csv-table-reader.js';
import type { IssueSink } from './referential-issue.js';
import { DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL } from './referential-shapes.js';

export { ACT_CODE_PREFIX_MARK } from './referential-shapes.js';

/** `act-domains.csv`: which domain and family an act code belongs to. */
export const ACT_DOMAIN_CSV_COLUMNS = ['act_code', 'domain', 'family', 'ro_reimbursable'] as const;

/**
 * `accord_prealable` (0/1, empty = 0): the RO pays the act only after an accord préalable. Optional
 * so that tables written before it still load; a table without it marks no act.
 */
export const ACT_DOMAIN_CSV_OPTIONAL_COLUMNS = ['accord_prealable'] as const;

/** Act families: MEDECIN drives hors-parcours and OPTAM caps (rules.md §1.4, §2.5). */
export const ACT_FAMILIES = [
  'MEDECIN',
  'AUXILIAIRE',
  'BIOLOGIE',
  'PHARMACIE',
  'OPTIQUE',
  'DENTAIRE',
  'HOSPITALISATION',
  'TRANSPORT',
  'AUTRE',
] as const;

/**
 * A B2 letter key (G, AMI, PH7), a CCAM code (HBLD036) or an LPP code (2243304); a trailing '*'
 * makes the row a prefix entry (HBLD* covers every HBLD… CCAM code without its own row).
 */
export const ACT_CODE_SHAPE = /^[A-Z0-9]{1,13}\*?$/;

export interface ActDomainCsvRow {
  line: number;
  actCode: string;
  domain: string;
  family: (typeof ACT_FAMILIES)[number];
  roReimbursable: boolean;
  needsAccordPrealable: boolean;
}

export function readActDomainsCsv(
  source: CsvSource,
  issues: IssueSink,
  onRow: (row: ActDomainCsvRow) => void,
): Promise<CsvTableSummary> {
  return readCsvTable(source, ACT_DOMAIN_CSV_COLUMNS, issues, (row, col) => {
    const actCode = row.code(col.act_code, ACT_CODE_SHAPE, "an act code of 1 to 13 capitals or digits, optionally ending in '*'");
    const domain = row.code(col.domain, DOMAIN_SHAPE, DOMAIN_SHAPE_LABEL);
    const family = row.choice(col.family, ACT_FAMILIES);
    const roReimbursable = row.flag(col.ro_reimbursable);
    const needsAccordPrealable = row.optionalFlag(col.accord_prealable);
    if (!row.failed) onRow({ line: row.line, actCode, domain, family, roReimbursable, needsAccordPrealable });
  }, ACT_DOMAIN_CSV_OPTIONAL_COLUMNS);
}
