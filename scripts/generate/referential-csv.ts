import { join } from 'node:path';
import type { Cents } from '../../engine/domain/units.js';
import { formatEuros } from '../../engine/money/euros.js';
import type { BeneficiaryPool } from './beneficiary-pool.js';
import { LIMIT_CSV_COLUMNS } from '../../codecs/csv/limits-csv.js';
import { ACTS } from './act-catalog.js';
import { CAPPED_CONTRACT, OSTEO_CEILING, type GuaranteeRow } from './contracts.js';
import { CsvOut } from './csv-out.js';
import { isoDay } from './dates.js';
import { CROWN_CAP_CENTS, type PecRow } from './invoice-factory.js';
import type { GenFund } from './c2s-funds.js';
import type { GenAmc, GenPractitioner } from './model.js';

/**
 * The referential as the operator delivers it: five CSV files whose columns are the contract with
 * the importer (ISO dates, empty = open or none, amounts in euros with 2 decimals, flags 0/1).
 */

export const AMC_COLUMNS = ['amc_number', 'name'] as const;
export const PRACTITIONER_COLUMNS = [
  'billing_id', 'kind', 'name', 'address', 'iban', 'bic', 'email', 'optam', 'specialty', 'channel', 'convention_from', 'convention_to',
] as const;
export const BENEFICIARY_COLUMNS = [
  'amc_number', 'member_number', 'nir', 'nir_key', 'birth_date', 'birth_rank', 'name', 'card_from', 'card_to', 'contract', 'c2s',
  'vitale_opposition_date', 'rights',
] as const;
export const GUARANTEE_COLUMNS = ['contract', 'domain', 'formula', 'rate', 'amount', 'pec_required', 'responsable', 'valid_from', 'valid_to'] as const;
export const EQUIPMENT_LIMIT_COLUMNS = ['act_code', 'kind', 'class', 'lens_grade', 'price_limit', 'valid_from', 'valid_to'] as const;
export const PEC_COLUMNS = ['pec_number', 'amc_number', 'nir', 'practitioner_id', 'domain', 'granted', 'valid_from', 'valid_to'] as const;

/** The day the operator began paying the funds' C2S claims (a fixed past day, like the contracts'). */
const FUNDS_PAID_SINCE = '2020-01-01';

const flag = (b: boolean): string => (b ? '1' : '0');
export const euros = (cents: number): string => formatEuros(cents as Cents);
const openDay = (ymd: number): string => (ymd === 0 ? '' : isoDay(ymd));

export interface ReferentialCounts {
  amcs: number;
  practitioners: number;
  beneficiaries: number;
  guarantees: number;
}

export async function writeReferential(
  dir: string,
  amcs: readonly GenAmc[],
  practitioners: readonly GenPractitioner[],
  pool: BeneficiaryPool,
  guarantees: readonly GuaranteeRow[],
  /** With a previous day: the counter contracts' ceiling and equipment (contracts.ts). */
  counters = false,
  /** The AMO funds paid for their C2S claims: CAISSE rows after the practitioners (c2s-funds.ts). */
  funds: readonly GenFund[] = [],
): Promise<ReferentialCounts> {
  const amcOut = new CsvOut(join(dir, 'amc.csv'), AMC_COLUMNS);
  for (const a of amcs) amcOut.row([a.amcNumber, a.name]);
  await amcOut.close();

  const psOut = new CsvOut(join(dir, 'practitioners.csv'), PRACTITIONER_COLUMNS);
  for (const p of practitioners) {
    psOut.row([
      p.billingId, p.kind, p.name, p.address, p.iban, p.bic, p.email, flag(p.optam), p.specialty, p.channel, isoDay(p.conventionFrom), '',
    ]);
  }
  // A fund has no OPTAM status nor specialty; the row's period is when the operator pays its claims.
  for (const f of funds) psOut.row([f.billingId, 'CAISSE', f.name, f.address, f.iban, f.bic, '', '0', '', 'EDI', FUNDS_PAID_SINCE, '']);
  await psOut.close();

  const guaranteeOut = new CsvOut(join(dir, 'guarantees.csv'), GUARANTEE_COLUMNS);
  for (const g of guarantees) {
    guaranteeOut.row([
      g.contract, g.domain, g.formula, g.rate, g.formula === 'UNIT' || g.formula === 'FORFAIT' ? euros(g.amountCents) : '',
      flag(g.pecRequired), flag(g.responsable), isoDay(g.validFrom), openDay(g.validTo),
    ]);
  }
  await guaranteeOut.close();

  // Streamed: the pool derives each person from its index, nothing is kept.
  const benOut = new CsvOut(join(dir, 'beneficiaries.csv'), BENEFICIARY_COLUMNS);
  for (let i = 0; i < pool.total; i++) {
    const b = pool.at(i, true);
    benOut.row([
      b.amcNumber, b.memberNumber, b.nir, b.nirKey, isoDay(b.birthDate), String(b.birthRank), b.name, isoDay(b.cardFrom), isoDay(b.cardTo),
      b.contract, flag(b.c2s), '', b.rights,
    ]);
    if (benOut.needsDrain) await benOut.drain();
  }
  await benOut.close();

  await writeEquipmentLimits(dir, counters);
  if (counters) await writeLimits(dir);

  return { amcs: amcs.length, practitioners: practitioners.length + funds.length, beneficiaries: pool.total, guarantees: guarantees.length };
}

/**
 * The 100 % Santé classification of the generated acts (rules.md §2.6–2.8), consistent with how
 * the invoices are priced: the crown `PRO` is a 100 % Santé prosthesis whose HLF is the ceiling
 * its PEC is sized on (min(FR, HLF) − AMO, the same amount the engine computes), so every
 * outcome stays what it was. `OPT` stays unclassified: the generator bills frame and lenses under
 * that one placeholder code, and one code cannot be both. The maxima are the built-in table's.
 * With the counter contracts, `MON` is the classe B frame whose renewal period they hold.
 */
async function writeEquipmentLimits(dir: string, counters: boolean): Promise<void> {
  const out = new CsvOut(join(dir, 'equipment-limits.csv'), EQUIPMENT_LIMIT_COLUMNS);
  out.row(['PRO', 'DENTAL_PROSTHESIS', '100S', '', euros(CROWN_CAP_CENTS), '2020-01-01', '']);
  if (counters) out.row([ACTS.MON.code, 'FRAME', 'B', '', '', '2020-01-01', '']);
  await out.close();
}

/** The one ceiling of the counter contracts (limits.csv, docs/referential.md). */
async function writeLimits(dir: string): Promise<void> {
  const out = new CsvOut(join(dir, 'limits.csv'), LIMIT_CSV_COLUMNS);
  const c = OSTEO_CEILING;
  out.row([CAPPED_CONTRACT, c.domain, c.limitId, euros(c.amountCents), '', c.period, String(c.years), '2020-01-01', '']);
  await out.close();
}

export function pecCsvRow(p: PecRow): string[] {
  return [p.pecNumber, p.amcNumber, p.nir, p.practitionerId, p.domain, euros(p.grantedCents), isoDay(p.validFrom), isoDay(p.validTo)];
}
