import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActDomainsCsv, type ActDomainCsvRow } from '../../codecs/csv/act-domains-csv.js';
import { readAmcCsv, type AmcCsvRow } from '../../codecs/csv/amc-csv.js';
import { readEquipmentLimitsCsv, type EquipmentLimitCsvRow } from '../../codecs/csv/equipment-limits-csv.js';
import { readEquipmentMaximaCsv, type EquipmentMaximumCsvRow } from '../../codecs/csv/equipment-maxima-csv.js';
import { readBeneficiariesCsv } from '../../codecs/csv/beneficiaries-csv.js';
import type { CsvSource, CsvTableSummary } from '../../codecs/csv/csv-table-reader.js';
import { readGuaranteesCsv, type GuaranteeCsvRow } from '../../codecs/csv/guarantees-csv.js';
import { readPecsCsv, type PecCsvRow } from '../../codecs/csv/pecs-csv.js';
import { readPractitionersCsv, type PractitionerCsvRow } from '../../codecs/csv/practitioners-csv.js';
import { IssueSink, type ReferentialIssue } from '../../codecs/csv/referential-issue.js';
import type { ReferentialMessage, SourceFileMessage } from '../../codecs/proto/referential-proto.js';
import { actDomainMessages } from './act-domain-table.js';
import { buildAmcTable } from './amc-table.js';
import { equipmentLimitMessages, equipmentMaximumMessages } from './equipment-tables.js';
import { guaranteeLimitMessages } from './limit-table.js';
import { readLimitsCsv, type LimitCsvRow } from '../../codecs/csv/limits-csv.js';
import { BeneficiaryTableBuilder } from './beneficiary-table.js';
import { buildGuarantees, guaranteeTableMessage } from './guarantee-table.js';
import { buildPecs, pecTableMessage, type PecEntry } from './pec-table.js';
import { practitionerTableMessage, sortPractitioners } from './practitioner-table.js';
import { SnapshotView } from './snapshot-view.js';
import { dictionary } from './sorted-unique.js';

/** The files of a delivery folder (docs/referential.md). */
export const REFERENTIAL_FILES = {
  amc: 'amc.csv',
  practitioners: 'practitioners.csv',
  beneficiaries: 'beneficiaries.csv',
  guarantees: 'guarantees.csv',
  /** Optional: no file, no PEC. */
  pecs: 'pecs.csv',
  /** Optional: the built-in table below is used when the folder has none. */
  actDomains: 'act-domains.csv',
  /** Optional: no file, no 100 % Santé classification (and no caps that need it). */
  equipmentLimits: 'equipment-limits.csv',
  /** Optional: the built-in table below is used when the folder classifies equipment without one. */
  equipmentMaxima: 'equipment-maxima.csv',
  /** Optional: no file, no contract ceilings. */
  limits: 'limits.csv',
} as const;

/** Name the built-in act-domain table goes by in issues and in the snapshot's sources. */
export const DEFAULT_ACT_DOMAINS_NAME = 'default:act-domains.csv';
/** Name the built-in equipment maxima go by in issues and in the snapshot's sources. */
export const DEFAULT_EQUIPMENT_MAXIMA_NAME = 'default:equipment-maxima.csv';

export type ReferentialImport =
  | { ok: true; referential: ReferentialMessage; sources: SourceFileMessage[] }
  | { ok: false; issues: ReferentialIssue[] };

/**
 * Reads a delivery folder into the snapshot's tables, sorted canonically (so the same content
 * always gives the same tables whatever the order of the rows), and checks it whole: every field,
 * every key's uniqueness, every reference between files. All issues of all files are collected;
 * if there is any, nothing is returned but the issues — no row is ever dropped quietly.
 *
 * Files are read one after the other in a fixed order, because later files refer to earlier ones:
 * AMCs and guarantees (contracts) before beneficiaries, beneficiaries and practitioners before PECs.
 */
export async function importReferential(folder: string): Promise<ReferentialImport> {
  const issues = new IssueSink();
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    issues.report('TPLIQ_REF_MISSING_FILE', folder, 0, '', 'the referential folder does not exist');
    return { ok: false, issues: issues.issues() };
  }
  const sources: SourceFileMessage[] = [];
  const source = (name: string, required: boolean): CsvSource | undefined => {
    const path = join(folder, name);
    if (existsSync(path)) return { path, file: name };
    if (required) issues.report('TPLIQ_REF_MISSING_FILE', name, 0, '', `required file ${name} is not in the folder`);
    return undefined;
  };
  const read = async <R>(
    csv: CsvSource | undefined,
    reader: (s: CsvSource, sink: IssueSink, onRow: (row: R) => void) => Promise<CsvTableSummary>,
    onRow: (row: R) => void,
  ): Promise<boolean> => {
    if (csv === undefined) return false;
    const summary = await reader(csv, issues, onRow);
    sources.push({ name: csv.file, sha256: summary.sha256, rows: summary.rows });
    return summary.readable;
  };

  // AMCs
  const amcRows: AmcCsvRow[] = [];
  const amcReadable = await read(source(REFERENTIAL_FILES.amc, true), readAmcCsv, (row) => amcRows.push(row));
  const amcs = buildAmcTable(amcRows, REFERENTIAL_FILES.amc, issues);

  // Guarantees, and the contracts they define
  const guaranteeRows: GuaranteeCsvRow[] = [];
  const guaranteesReadable = await read(source(REFERENTIAL_FILES.guarantees, true), readGuaranteesCsv, (row) =>
    guaranteeRows.push(row),
  );
  const guarantees = buildGuarantees(guaranteeRows, REFERENTIAL_FILES.guarantees, issues);
  const contracts = dictionary(guarantees.map((entry) => entry.contract));

  // Practitioners
  const practitionerRows: PractitionerCsvRow[] = [];
  const practitionersReadable = await read(source(REFERENTIAL_FILES.practitioners, true), readPractitionersCsv, (row) =>
    practitionerRows.push(row),
  );
  const practitioners = sortPractitioners(practitionerRows, REFERENTIAL_FILES.practitioners, issues);

  // Beneficiaries: straight into columns, references checked as rows arrive
  const beneficiaryFile = REFERENTIAL_FILES.beneficiaries;
  const beneficiaries = new BeneficiaryTableBuilder();
  const beneficiariesReadable = await read(source(beneficiaryFile, true), readBeneficiariesCsv, (row) => {
    const amcIndex = amcs.indexOf.get(row.amcNumber);
    const contractIndex = contracts.indexOf.get(row.contract);
    // A reference into a file that could not be read would only echo that file's own issue.
    if (amcIndex === undefined && amcReadable) {
      issues.report('TPLIQ_REF_UNKNOWN_AMC', beneficiaryFile, row.line, 'amc_number', `AMC ${row.amcNumber} is not in amc.csv`);
    }
    if (contractIndex === undefined && guaranteesReadable) {
      issues.report(
        'TPLIQ_REF_UNKNOWN_CONTRACT',
        beneficiaryFile,
        row.line,
        'contract',
        `contract ${row.contract} has no guarantee in guarantees.csv`,
      );
    }
    if (amcIndex !== undefined && contractIndex !== undefined) beneficiaries.append(row, amcIndex, contractIndex);
  });
  const { table: beneficiaryTable, amcRanges } = beneficiaries.finish(beneficiaryFile, issues, amcs.rows.length);

  // Act domains: the folder's table, else the built-in one
  const actDomainRows: ActDomainCsvRow[] = [];
  const actDomainSource = source(REFERENTIAL_FILES.actDomains, false) ?? {
    path: defaultActDomainsPath(),
    file: DEFAULT_ACT_DOMAINS_NAME,
  };
  await read(actDomainSource, readActDomainsCsv, (row) => actDomainRows.push(row));
  const actDomains = actDomainMessages(actDomainRows, actDomainSource.file, issues);

  // Equipment: the classification, and the maxima its classe B / II items are held to. Without a
  // classification the maxima have nothing to apply to, so the built-in table is left out and
  // the snapshot of such a delivery is the same as before the equipment tables existed.
  const equipmentLimitRows: EquipmentLimitCsvRow[] = [];
  const equipmentLimitSource = source(REFERENTIAL_FILES.equipmentLimits, false);
  await read(equipmentLimitSource, readEquipmentLimitsCsv, (row) => equipmentLimitRows.push(row));
  const equipmentLimits = equipmentLimitMessages(equipmentLimitRows, REFERENTIAL_FILES.equipmentLimits, issues);
  const equipmentMaximumRows: EquipmentMaximumCsvRow[] = [];
  const equipmentMaximumSource =
    source(REFERENTIAL_FILES.equipmentMaxima, false) ??
    (equipmentLimitSource === undefined ? undefined : { path: defaultEquipmentMaximaPath(), file: DEFAULT_EQUIPMENT_MAXIMA_NAME });
  await read(equipmentMaximumSource, readEquipmentMaximaCsv, (row) => equipmentMaximumRows.push(row));
  const equipmentMaxima = equipmentMaximumMessages(equipmentMaximumRows, equipmentMaximumSource?.file ?? '', issues);

  const limitRows: LimitCsvRow[] = [];
  await read(source(REFERENTIAL_FILES.limits, false), readLimitsCsv, (row) => limitRows.push(row));
  const guaranteeLimits = guaranteeLimitMessages(limitRows, REFERENTIAL_FILES.limits, issues);
  for (const row of limitRows) {
    // A ceiling on a contract no guarantee defines would never apply: a typing error to report.
    if (!contracts.indexOf.has(row.contract)) issues.report('TPLIQ_REF_UNKNOWN_CONTRACT', REFERENTIAL_FILES.limits, row.line, 'contract', `contract ${row.contract} has no row in guarantees.csv`);
  }

  // PECs: last, they refer to AMCs, beneficiaries and practitioners
  const pecRows: PecCsvRow[] = [];
  await read(source(REFERENTIAL_FILES.pecs, false), readPecsCsv, (row) => pecRows.push(row));
  const pecs = buildPecs(pecRows, REFERENTIAL_FILES.pecs, issues);
  const domains = dictionary([...guarantees.map((entry) => entry.domain), ...pecs.map((entry) => entry.domain)]);

  const referential: ReferentialMessage = {
    amcs: amcs.rows.map((row, index) => ({
      amcNumber: row.amcNumber,
      name: row.name,
      beneficiaryStart: amcRanges[index]!.start,
      beneficiaryEnd: amcRanges[index]!.end,
    })),
    contracts: contracts.values,
    domains: domains.values,
    practitioners: practitionerTableMessage(practitioners),
    beneficiaries: beneficiaryTable,
    guarantees: guaranteeTableMessage(guarantees, contracts.indexOf, domains.indexOf),
    pecs: pecTableMessage(pecs, amcs.indexOf, domains.indexOf),
    actDomains,
    equipmentLimits,
    equipmentMaxima,
    guaranteeLimits,
  };
  checkPecReferences(pecs, new SnapshotView(referential, ''), issues, {
    amc: amcReadable,
    beneficiaries: beneficiariesReadable,
    practitioners: practitionersReadable,
  });

  if (issues.count > 0) return { ok: false, issues: issues.issues() };
  return { ok: true, referential, sources };
}

/** Every PEC names a known AMC, a beneficiary of that AMC (by NIR) and a known practitioner. */
function checkPecReferences(
  pecs: readonly PecEntry[],
  view: SnapshotView,
  issues: IssueSink,
  readable: { amc: boolean; beneficiaries: boolean; practitioners: boolean },
): void {
  const file = REFERENTIAL_FILES.pecs;
  for (const pec of pecs) {
    if (view.amc(pec.amcNumber) === undefined) {
      if (readable.amc) issues.report('TPLIQ_REF_UNKNOWN_AMC', file, pec.line, 'amc_number', `AMC ${pec.amcNumber} is not in amc.csv`);
    } else if (readable.beneficiaries && view.beneficiariesByNir(pec.amcNumber, pec.nir).length === 0) {
      issues.report(
        'TPLIQ_REF_UNKNOWN_BENEFICIARY',
        file,
        pec.line,
        'nir',
        // The NIR is health data: the place (file, line, column) finds it, the message does not repeat it.
        `no beneficiary with this NIR under AMC ${pec.amcNumber} in beneficiaries.csv`,
      );
    }
    if (view.practitioner(pec.practitionerId) === undefined && readable.practitioners) {
      issues.report(
        'TPLIQ_REF_UNKNOWN_PRACTITIONER',
        file,
        pec.line,
        'practitioner_id',
        `practitioner ${pec.practitionerId} is not in practitioners.csv`,
      );
    }
  }
}

/** The built-in act-domain table: beside this module in the sources, or in the sources next to dist/. */
export const defaultActDomainsPath = (): string => builtInTablePath('act-domains.csv');

/** The built-in equipment maxima (R871-2 3°, 4°), found as the act-domain table is. */
export const defaultEquipmentMaximaPath = (): string => builtInTablePath('equipment-maxima.csv');

function builtInTablePath(name: string): string {
  const candidates = [new URL(`./${name}`, import.meta.url), new URL(`../../../engine/referential/${name}`, import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} not found beside ${fileURLToPath(import.meta.url)} nor in the package sources`);
}
