import { isoDay, plusDays } from './dates.js';
import { BASIC_CONTRACT, C2S_CONTRACT, CAPPED_CONTRACT, CONTRACTS, EQUIPPED_CONTRACT } from './contracts.js';
import { FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES, memberNumber, nirBody, nirKeyOf } from './identities.js';
import type { GenAmc, GenBeneficiary } from './model.js';
import { Prng, cumulativeWeights } from './prng.js';

/** The oldest act date of a generated day, in days before the run (late care is 120–164 days old, invoice-factory.ts), with margin. */
const OLDEST_CARE_DAYS_BEFORE_RUN = 200;

/**
 * The beneficiaries on the generated cards, derived from their index instead of stored: index i
 * always yields the same person, so beneficiaries.csv is streamed once and an invoice meets its
 * beneficiary again by index, with memory that does not grow with the referential.
 *
 * Families of three consecutive indexes share an n° d'adhérent, an AMC, a contract and a surname:
 * a holder, then a spouse or a child, then a child (sometimes the twin of the second, same birth
 * date, rank 2).
 *
 * The index space is split in pools. The ordinary pool feeds valid invoices and the anomalies that
 * come from the invoice itself; three small pools hold the people anomalies need on the card side:
 *   EXPIRED_CARD  card ended 60 days before the run, rights still open  → CARTE_INVALIDE
 *   RIGHTS_CLOSED card valid, rights closed 60 days before the run     → DROITS_FERMES
 *   BASIC         contract BASIC, leaving domains out                   → DOMAINE_NON_COUVERT
 * and, with a previous day, two pools whose members meet one invoice each day, so that what the
 * ledger remembers of them is what the generator wrote:
 *   CAPPED        contract NR-OSTEO, sessions under a ceiling               → PLAFOND_ATTEINT, PLAFONNEE
 *   EQUIPPED      contract RESP-OPTIQUE, optique without PEC               → RENOUVELLEMENT_ANTICIPE
 */

export type PoolKind = 'ORDINARY' | SpecialPool;
export const SPECIAL_POOLS = ['EXPIRED_CARD', 'RIGHTS_CLOSED', 'BASIC'] as const;
export const COUNTER_POOLS = ['CAPPED', 'EQUIPPED'] as const;
export type SpecialPool = (typeof SPECIAL_POOLS)[number] | (typeof COUNTER_POOLS)[number];

/** The contract every member of a pool holds, for the pools that impose one. */
const POOL_CONTRACTS: Partial<Record<SpecialPool, string>> = { BASIC: BASIC_CONTRACT, CAPPED: CAPPED_CONTRACT, EQUIPPED: EQUIPPED_CONTRACT };

const FAMILY_SIZE = 3;
const SALT_FAMILY = 0x0fa3117;
const SALT_PERSON = 0x0be4ef1;

/** How far before the run the special pools' card or rights end. */
export const SPECIAL_END_DAYS_BEFORE_RUN = 60;

export interface PoolLayout {
  readonly ordinaryCount: number;
  readonly specialCount: number;
  /** Each counter pool's size: its members are met once a day, so it follows the anomaly share. */
  readonly counterCount: number;
}

/**
 * Ordinary beneficiaries ≈ lines / 5 (at most 2 million), special pools ≈ 1 % each (60 to 60 000);
 * multiples of 3. Large enough that no one is met more than 45 times even at the largest day and
 * the highest anomaly rate the options allow. A counter pool member is met once (counter-factory.ts),
 * so those pools hold ≈ 15 % of the ordinary one (300 to 60 000): a ceiling category's share at
 * the default anomaly rate, four times over.
 */
export function poolLayout(targetLines: number): PoolLayout {
  const roundToFamily = (n: number): number => Math.max(FAMILY_SIZE, Math.round(n / FAMILY_SIZE) * FAMILY_SIZE);
  const ordinaryCount = roundToFamily(Math.min(2_000_000, Math.max(600, targetLines / 5)));
  const specialCount = roundToFamily(Math.min(60_000, Math.max(60, ordinaryCount / 100)));
  const counterCount = roundToFamily(Math.min(60_000, Math.max(300, ordinaryCount * 0.15)));
  return { ordinaryCount, specialCount, counterCount };
}

export class BeneficiaryPool {
  readonly ordinaryCount: number;
  readonly specialCount: number;
  readonly counterCount: number;
  readonly total: number;
  /** First day of the card year: 1 January of the year 200 days before the run. */
  readonly cardFrom: number;
  readonly cardTo: number;
  /** Last day of the expired cards and of the closed rights (special pools). */
  private readonly specialEnd: number;
  private readonly expiredCardFrom: number;
  private readonly rng: Prng;
  private readonly amcWeights: number[];
  private readonly contractCodes: string[];
  private readonly contractWeights: number[];

  constructor(
    private readonly seed: number,
    layout: PoolLayout,
    private readonly accountingYmd: number,
    private readonly amcs: readonly GenAmc[],
    counterPools = false,
  ) {
    this.ordinaryCount = layout.ordinaryCount;
    this.specialCount = layout.specialCount;
    this.counterCount = counterPools ? layout.counterCount : 0;
    this.total = this.ordinaryCount + SPECIAL_POOLS.length * this.specialCount + COUNTER_POOLS.length * this.counterCount;
    this.cardFrom = Math.floor(plusDays(accountingYmd, -200) / 10000) * 10000 + 101;
    this.cardTo = Math.floor(accountingYmd / 10000) * 10000 + 1231;
    this.specialEnd = plusDays(accountingYmd, -SPECIAL_END_DAYS_BEFORE_RUN);
    this.expiredCardFrom = plusDays(this.specialEnd, -365);
    this.rng = new Prng(seed, 0);
    // The first AMC carries most members, as a dominant client does in an operator's book.
    this.amcWeights = cumulativeWeights(amcs.map((_, i) => (i === 0 ? 4 : 1)));
    const ordinary = CONTRACTS.filter((c) => c.weight > 0);
    this.contractCodes = ordinary.map((c) => c.code);
    this.contractWeights = cumulativeWeights(ordinary.map((c) => c.weight));
  }

  /** Members of a special pool (0 for the counter pools of a day without a previous day). */
  sizeOf(pool: SpecialPool): number {
    return (SPECIAL_POOLS as readonly string[]).includes(pool) ? this.specialCount : this.counterCount;
  }

  /** Index of the i-th member of a special pool. The counter pools come last, so the others keep their indexes. */
  specialIndex(pool: SpecialPool, i: number): number {
    const special = (SPECIAL_POOLS as readonly SpecialPool[]).indexOf(pool);
    if (special >= 0) return this.ordinaryCount + special * this.specialCount + (i % this.specialCount);
    if (this.counterCount === 0) throw new RangeError(`no ${pool} pool without a previous day`);
    const counter = (COUNTER_POOLS as readonly SpecialPool[]).indexOf(pool);
    return this.ordinaryCount + SPECIAL_POOLS.length * this.specialCount + counter * this.counterCount + (i % this.counterCount);
  }

  poolOf(index: number): PoolKind {
    if (index < this.ordinaryCount) return 'ORDINARY';
    const special = Math.floor((index - this.ordinaryCount) / this.specialCount);
    if (special < SPECIAL_POOLS.length) return SPECIAL_POOLS[special]!;
    return COUNTER_POOLS[Math.floor((index - this.ordinaryCount - SPECIAL_POOLS.length * this.specialCount) / this.counterCount)] ?? 'EQUIPPED';
  }

  /**
   * The beneficiary at an index: a pure function of (seed, run day, index). Invoices need the
   * identity and the contract; the name and the rights text are only made for the CSV
   * (`forCsv`), which saves building strings a million times over.
   */
  at(index: number, forCsv = false): GenBeneficiary {
    if (!Number.isInteger(index) || index < 0 || index >= this.total) throw new RangeError(`no beneficiary ${index}`);
    const pool = this.poolOf(index);
    const family = Math.floor(index / FAMILY_SIZE);
    const role = index % FAMILY_SIZE;
    const rng = this.rng;

    // Family-wide draws.
    rng.reseed(this.seed ^ SALT_FAMILY, family);
    const amc = this.amcs[rng.weightedIndex(this.amcWeights)] as GenAmc;
    const c2s = pool === 'ORDINARY' && rng.chance(0.05);
    const contractDraw = this.contractCodes[rng.weightedIndex(this.contractWeights)] as string;
    const contract = (pool === 'ORDINARY' ? undefined : POOL_CONTRACTS[pool]) ?? (c2s ? C2S_CONTRACT : contractDraw);
    const alsaceMoselle = rng.chance(0.05);
    const surname = rng.pick(SURNAMES);
    const secondIsChild = rng.chance(0.5);
    const twins = secondIsChild && rng.chance(0.04);
    const adhesionYearsBack = rng.int(0, 12);
    const pastGap = rng.chance(0.08);

    // Birth dates of the three members, all drawn every time so a twin can copy its sibling's.
    const holderBirth = this.birthDate(true);
    const secondBirth = this.birthDate(!secondIsChild);
    const thirdBirth = this.birthDate(false);
    const adult = role === 0 || (role === 1 && !secondIsChild);
    let birthDate = role === 0 ? holderBirth : role === 1 ? secondBirth : thirdBirth;
    let birthRank = 1;
    if (twins && role === 2) {
      birthDate = secondBirth;
      birthRank = 2;
    }
    rng.reseed(this.seed ^ SALT_PERSON, index);
    const sex: 1 | 2 = rng.chance(0.5) ? 1 : 2;
    const nir = nirBody(sex, birthDate, index);
    const expiredCard = pool === 'EXPIRED_CARD';
    // A card year that began in the autumn and was not renewed; the rights themselves go on.
    const cardFrom = expiredCard ? this.expiredCardFrom : this.cardFrom;
    const cardTo = expiredCard ? this.specialEnd : this.cardTo;
    let name = '';
    let rights = '';
    if (forCsv) {
      name = `${surname} ${rng.pick(sex === 1 ? FIRST_NAMES_M : FIRST_NAMES_F)}`;
      const adhesion = Math.max(20100101, this.cardFrom - adhesionYearsBack * 10000);
      if (expiredCard) rights = `${isoDay(cardFrom)}..`;
      else if (pool === 'RIGHTS_CLOSED') rights = `${isoDay(adhesion)}..${isoDay(this.specialEnd)}`;
      else if (pastGap && adhesion < this.cardFrom - 20000) {
        // Rights that lapsed for a quarter some years ago, long before the card year.
        rights = `${isoDay(adhesion)}..${isoDay(plusDays(adhesion + 10000, -1))}|${isoDay(adhesion + 10300)}..`;
      } else rights = `${isoDay(adhesion)}..`;
    }
    return {
      amcNumber: amc.amcNumber,
      memberNumber: memberNumber(family),
      nir,
      nirKey: nirKeyOf(nir),
      birthDate,
      birthRank,
      name,
      cardFrom,
      cardTo,
      contract,
      c2s,
      alsaceMoselle,
      adult,
      rights,
    };
  }

  /** A birth date drawn from the current stream: adults 22–90 years old, children under 20. */
  private birthDate(adult: boolean): number {
    const rng = this.rng;
    const runYear = Math.floor(this.accountingYmd / 10000);
    // Every birth is less than a century before any act date, so hospital B2's 6-digit birth dates
    // read back exactly: the engine takes the latest century not after the date of care.
    // Children's last birth year ends before the day's oldest act date, so no care predates its
    // beneficiary's birth (the engine would rightly read such a birth a century earlier).
    const lastChildYear = Math.floor(plusDays(this.accountingYmd, -OLDEST_CARE_DAYS_BEFORE_RUN - 366) / 10000);
    const year = adult ? rng.int(runYear - 90, runYear - 22) : rng.int(runYear - 19, lastChildYear);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    return year * 10000 + month * 100 + day;
  }
}
