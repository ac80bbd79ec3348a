import type { EquipmentItem, EquipmentMaximumKey } from './equipment.js';
import type { Cents, DateYmd } from './units.js';
import type { ActDomain, Amc, Beneficiary, Guarantee, GuaranteeLimit, Pec, Practitioner } from './referential.js';

/**
 * What the rules may ask of the referential: read-only, in-memory lookups, each O(1) or close.
 * Implemented by the loaded protobuf snapshot (engine/referential/); the rules never see files.
 */
export interface ReferentialView {
  /** Content hash of the snapshot the answers come from (goes into the run summary). */
  readonly snapshotId: string;
  amc(amcNumber: string): Amc | undefined;
  practitioner(billingId: string): Practitioner | undefined;
  /** Every beneficiary entry (one per card) with this NIR (13 chars, no key) under this AMC. */
  beneficiariesByNir(amcNumber: string, nir: string): readonly Beneficiary[];
  /** The guarantee of a contract for an exact domain code in force at a date, if any. */
  guarantee(contract: string, domain: string, at: DateYmd): Guarantee | undefined;
  pec(pecNumber: string): Pec | undefined;
  actDomain(actCode: string): ActDomain | undefined;
  /**
   * The 100 % Santé classification of an exact LPP / CCAM code in force at a date (rules.md
   * §2.6–2.8); undefined for the codes the table does not list — most acts, at one map lookup.
   */
  equipmentItem(actCode: string, at: DateYmd): EquipmentItem | undefined;
  /** A regulatory maximum (R871-2 3°, 4°, AMO and TM included) in force at a date, if any. */
  equipmentMaximumCents(limit: EquipmentMaximumKey, at: DateYmd): Cents | undefined;
  /** The ceiling on a guarantee (contract, exact domain) in force at a date, if any (limits.csv). */
  guaranteeLimit(contract: string, domain: string, at: DateYmd): GuaranteeLimit | undefined;
}
