import { defaultExecutionDate } from '../../engine/settle/execution-date.js';
import type { DateYmd } from '../../engine/domain/units.js';
import { ACTS, MEDICINE_BOX_PRICES_CENTS, lineDomain, type ActSpec } from './act-catalog.js';
import type { BeneficiaryPool } from './beneficiary-pool.js';
import { pays, type GuaranteeBook } from './contracts.js';
import { plusDays } from './dates.js';
import type { ClaimingFunds, GenFund } from './c2s-funds.js';
import { amoCents, type LineAmcCalculator } from './line-amc.js';
import { C2S_CATEGORIES, type C2sCategory, type GenBeneficiary, type GenLine, type GenPractitioner, type PractitionerProfile } from './model.js';
import type { Prng } from './prng.js';

/**
 * The claims of AMO funds under the complémentaire santé solidaire (rules.md §1.11, §4.3, S5;
 * engine/domain/c2s-claim.ts). A fund paid a practitioner both parts and claims the complementary
 * part: the practitioner's care (a few acts of one profile, at tarif opposable) for a beneficiary
 * whose card says C2S, with what dates the fund's term — the ARL of an FSE or the sending of a
 * paper feuille, and whether that feuille first went to another fund — and, at times, the date of
 * the fund's formal notice.
 *
 * Every category is one outcome (model.ts C2S_CATEGORIES). Its dates are placed against the run's
 * default execution date E (engine/settle/execution-date.ts: the accounting date, or the next
 * TARGET business day), which is what "paid late" is judged on: D. 861-6's term ends 7 days after
 * the ARL (FSE), 21 days after sending (paper), 36 when the paper first went to another fund; a
 * claim is late when E is after that day, and then paid 10 % more (L. 861-3, D. 861-5), half-up to
 * the cent, on what it is paid.
 */

export interface GenClaim {
  invoiceNumber: string;
  readonly fund: GenFund;
  /** The practitioner the fund paid (n° de facturation). */
  readonly treating: GenPractitioner;
  readonly transmission: 'F' | 'P';
  /** FSE: the ARL's date; paper: the sending date. */
  readonly startDate: number;
  readonly wrongFund: boolean;
  /** 0 when none. */
  readonly formalNoticeDate: number;
  readonly beneficiary: GenBeneficiary;
  readonly lines: GenLine[];
  readonly category: C2sCategory;
  /** What the AMC liquidates: Σ of the lines' part. */
  readonly liquidatedCents: number;
  /** What the engine must pay when PAID: the liquidated part, plus 10 % when late or under notice. */
  readonly expectedAmountCents: number;
}

/** A small share of the day's invoices, and never fewer than this, so every category shows several times. */
export const C2S_CLAIM_SHARE = 0.005;
export const C2S_CLAIMS_MIN = 40;
/** The unknown fund's one lot: an eighth of the claims, within bounds. */
const UNKNOWN_FUND_CLAIMS_MIN = 5;
const UNKNOWN_FUND_CLAIMS_MAX = 50;

/** D. 861-6 in calendar days (engine/calendar/c2s-due-date.ts states the same terms for the engine). */
const FSE_TERM_DAYS = 7;
const PAPER_TERM_DAYS = 21;
const WRONG_FUND_EXTRA_DAYS = 15;

/** The practitioners whose care the funds claim, and the acts each bills (all at tarif opposable). */
const TREATING_PROFILES: readonly PractitionerProfile[] = ['GENERALISTE', 'INFIRMIER', 'KINE', 'LABORATOIRE', 'PHARMACIE', 'DENTISTE'];

/** SC 7 (2.41 € × 7 = 16.87 €, AMO 60 % = 10.12 €): a C2S part of 6.75 €, whose 10 % is 0.675 €. */
const HALF_CENT_SC_COEFFICIENT = 700;

/** The C2S increase, in cents: 10 % of what the claim is paid, half-up to the cent (0.5 → 1). */
export const c2sIncreaseCents = (paidCents: number): number => Math.floor((paidCents + 5) / 10);

/** The categories whose claims are paid with the increase. */
const INCREASED: ReadonlySet<C2sCategory> = new Set(['C2S_FSE_EN_RETARD', 'C2S_PAPIER_EN_RETARD', 'C2S_MISE_EN_DEMEURE']);
export const isIncreasedClaim = (category: C2sCategory): boolean => INCREASED.has(category);
export const isRefusedClaim = (category: C2sCategory): boolean => category === 'C2S_NON_OUVERTE' || category === 'CAISSE_INCONNUE';

/** The claims of the known funds go round these categories; the unknown fund's make one lot of their own. */
const KNOWN_FUND_CATEGORIES = C2S_CATEGORIES.filter((c) => c !== 'CAISSE_INCONNUE');

export interface ClaimPlan {
  /** Claims of each known fund, in the order they are written. */
  readonly byFund: ReadonlyMap<GenFund, GenClaim[]>;
  /** The unknown fund's claims (one lot). */
  readonly unknown: GenClaim[];
}

interface ClaimWorld {
  readonly accountingYmd: number;
  readonly pool: BeneficiaryPool;
  readonly book: GuaranteeBook;
  readonly calculator: LineAmcCalculator;
  /** Practitioners by profile: the treating ones are drawn from them. */
  readonly practitioners: ReadonlyMap<PractitionerProfile, readonly GenPractitioner[]>;
}

export class C2sClaimFactory {
  private readonly executionYmd: number;
  /** Ordinary-pool indexes of C2S beneficiaries and of others, found by a scan from a drawn start. */
  private readonly c2sPeople: number[] = [];
  private readonly otherPeople: number[] = [];
  private c2sTurn = 0;
  private otherTurn = 0;
  private increasedClaims = 0;
  /** fund | beneficiary | date of care: two claims of one fund never meet as functional duplicates. */
  private readonly cares = new Set<string>();

  constructor(private readonly world: ClaimWorld, private readonly rng: Prng, private readonly funds: ClaimingFunds) {
    this.executionYmd = defaultExecutionDate(world.accountingYmd as DateYmd);
  }

  /** The day's claims: `count` in all, the unknown fund's share in one lot; empty when the pool holds no C2S beneficiary. */
  plan(count: number): ClaimPlan {
    const unknownCount = Math.min(UNKNOWN_FUND_CLAIMS_MAX, Math.max(UNKNOWN_FUND_CLAIMS_MIN, Math.round(count / 8)));
    this.findPeople(count);
    const byFund = new Map<GenFund, GenClaim[]>(this.funds.known.map((f) => [f, []]));
    if (this.c2sPeople.length === 0 || this.otherPeople.length === 0) return { byFund, unknown: [] };
    for (let i = 0; i < count - unknownCount; i++) {
      const fund = this.rng.pick(this.funds.known);
      byFund.get(fund)?.push(this.claim(fund, KNOWN_FUND_CATEGORIES[i % KNOWN_FUND_CATEGORIES.length] as C2sCategory));
    }
    const unknown: GenClaim[] = [];
    for (let i = 0; i < unknownCount; i++) unknown.push(this.claim(this.funds.unknown, 'CAISSE_INCONNUE'));
    return { byFund, unknown };
  }

  /** Enough people of each kind for `count` claims (they are met again, on other days of care, when the pool is small). */
  private findPeople(count: number): void {
    const pool = this.world.pool;
    const start = this.rng.int(0, pool.ordinaryCount - 1);
    for (let k = 0; k < pool.ordinaryCount && (this.c2sPeople.length < count || this.otherPeople.length < count); k++) {
      const index = (start + k) % pool.ordinaryCount;
      const list = pool.at(index).c2s ? this.c2sPeople : this.otherPeople;
      if (list.length < count) list.push(index);
    }
  }

  private claim(fund: GenFund, category: C2sCategory): GenClaim {
    const rng = this.rng;
    const e = this.executionYmd;
    const a = this.world.accountingYmd;
    // The term's start (ARL or sending): `earliest` or up to `spanDays` later, never after the
    // accounting day (the fund claimed by then). Starting `term` days before E is due on E: in time.
    const within = (earliest: number, spanDays: number): number => Math.min(a, plusDays(earliest, rng.int(0, spanDays)));
    let transmission: 'F' | 'P' = 'F';
    let wrongFund = false;
    let startDate: number;
    switch (category) {
      case 'C2S_PAPIER_DANS_LE_DELAI':
        transmission = 'P';
        startDate = within(plusDays(e, -PAPER_TERM_DAYS), PAPER_TERM_DAYS);
        break;
      case 'C2S_PAPIER_AUTRE_CAISSE':
        // Past the 21 days, within the 15 more a first sending to another fund gives.
        transmission = 'P';
        wrongFund = true;
        startDate = plusDays(e, -(PAPER_TERM_DAYS + rng.int(1, WRONG_FUND_EXTRA_DAYS)));
        break;
      case 'C2S_FSE_EN_RETARD':
        startDate = plusDays(e, -(FSE_TERM_DAYS + rng.int(1, 25)));
        break;
      case 'C2S_PAPIER_EN_RETARD':
        transmission = 'P';
        // Late either way: past 21 days, or past 36 when it first went to another fund.
        wrongFund = rng.chance(0.3);
        startDate = plusDays(e, -(PAPER_TERM_DAYS + (wrongFund ? WRONG_FUND_EXTRA_DAYS : 0) + rng.int(1, 25)));
        break;
      case 'C2S_MISE_EN_DEMEURE':
        // In time: only the notice brings the increase.
        transmission = rng.chance(0.5) ? 'F' : 'P';
        startDate = transmission === 'F' ? within(plusDays(e, -FSE_TERM_DAYS), FSE_TERM_DAYS) : within(plusDays(e, -PAPER_TERM_DAYS), PAPER_TERM_DAYS);
        break;
      default:
        // FSE in time: the in-time category, and the refusals, whose dates play no part.
        startDate = within(plusDays(e, -FSE_TERM_DAYS), FSE_TERM_DAYS);
    }
    const formalNoticeDate = category === 'C2S_MISE_EN_DEMEURE' ? Math.min(a, plusDays(startDate, rng.int(0, 3))) : 0;

    // Every fourth increased claim is one dental act of 16.87 € whose C2S part, 6.75 €, makes an
    // increase of exactly half a cent (0.675 → 0.68): the half-up edge, for a beneficiary of the
    // régime général (Alsace-Moselle's 90 % would leave another part).
    const halfCent = isIncreasedClaim(category) && this.increasedClaims++ % 4 === 0;
    const c2s = category !== 'C2S_NON_OUVERTE';
    let index = c2s ? this.c2sPeople[this.c2sTurn++ % this.c2sPeople.length] : this.otherPeople[this.otherTurn++ % this.otherPeople.length];
    for (let tries = 0; halfCent && tries < this.c2sPeople.length && this.world.pool.at(index as number).alsaceMoselle; tries++) {
      index = this.c2sPeople[this.c2sTurn++ % this.c2sPeople.length];
    }
    const beneficiary = this.world.pool.at(index as number);
    // Care a few days before the feuille went (FSE) or was posted (paper); a day earlier while the fund already claims that day's care.
    let actDate = plusDays(startDate, -rng.int(0, transmission === 'F' ? 3 : 6));
    while (this.cares.has(`${fund.billingId}|${index}|${actDate}`)) actDate = plusDays(actDate, -1);
    this.cares.add(`${fund.billingId}|${index}|${actDate}`);

    // Someone without C2S is seen by a généraliste: every ordinary contract pays that consultation.
    const profile = halfCent ? 'DENTISTE' : c2s ? rng.pick(TREATING_PROFILES) : 'GENERALISTE';
    const treating = rng.pick(this.world.practitioners.get(profile) ?? []);
    if (treating === undefined) throw new Error(`no ${profile} practitioner for a C2S claim`);
    const lines = this.lines(profile, actDate, beneficiary, treating, halfCent);
    const liquidatedCents = lines.reduce((sum, l) => sum + l.amcDeclaredCents, 0);
    const expectedAmountCents = isRefusedClaim(category) ? 0 : liquidatedCents + (isIncreasedClaim(category) ? c2sIncreaseCents(liquidatedCents) : 0);
    return {
      invoiceNumber: String(fund.nextClaimNumber++).padStart(9, '0'), fund, treating, transmission, startDate, wrongFund, formalNoticeDate,
      beneficiary, lines, category, liquidatedCents, expectedAmountCents,
    };
  }

  /** The acts of the claim, priced: AMO at the beneficiary's rate, the AMC part as the card computes it, no dépassement. */
  private lines(profile: PractitionerProfile, actDate: number, ben: GenBeneficiary, treating: GenPractitioner, halfCent: boolean): GenLine[] {
    const rng = this.rng;
    const acts: [ActSpec, number, number][] = [];
    if (halfCent) acts.push([ACTS.SC, HALF_CENT_SC_COEFFICIENT, ACTS.SC.unitPriceCents]);
    else switch (profile) {
      case 'INFIRMIER':
        for (let i = rng.int(1, 3); i > 0; i--) acts.push([ACTS.AMI, rng.pick([100, 200, 300, 400]), ACTS.AMI.unitPriceCents]);
        break;
      case 'KINE':
        acts.push([ACTS.AMK, rng.pick([800, 900, 1000]), ACTS.AMK.unitPriceCents]);
        break;
      case 'LABORATOIRE':
        for (let i = rng.int(2, 4); i > 0; i--) acts.push([ACTS.B, rng.pick([1700, 2500, 4000, 7000, 12000]), ACTS.B.unitPriceCents]);
        break;
      case 'PHARMACIE':
        for (let i = rng.int(1, 3); i > 0; i--) acts.push([rng.chance(0.7) ? ACTS.PH7 : ACTS.PH4, 100, rng.pick(MEDICINE_BOX_PRICES_CENTS)]);
        break;
      case 'DENTISTE':
        for (let i = rng.int(1, 2); i > 0; i--) acts.push([ACTS.SC, rng.pick([700, 1200, 1600]), ACTS.SC.unitPriceCents]);
        break;
      default:
        acts.push([ACTS.G, 100, ACTS.G.unitPriceCents]);
    }
    // The engine caps a non-OPTAM doctor's part (R. 871-2 2°) for any practitioner the referential marks so.
    const nonOptam = treating.kind === 'PS' && !treating.optam;
    return acts.map(([spec, coefficientHundredths, unitPriceCents]) => {
      const baseCents = (unitPriceCents * coefficientHundredths) / 100;
      if (!Number.isInteger(baseCents)) throw new RangeError(`${spec.code}: base ${baseCents / 100} is not whole cents`);
      const rate = ben.alsaceMoselle ? spec.amoRateAlsaceMosellePercent : spec.amoRatePercent;
      const amo = amoCents(baseCents, rate);
      const guarantee = this.world.book.resolve(ben.contract, lineDomain(spec, rate), actDate);
      if (!pays(guarantee) || guarantee.formula === 'PEC') throw new Error(`contract ${ben.contract} does not pay ${spec.code}`);
      const amc = this.world.calculator.amcCents(guarantee, { baseCents, amoCents: amo, feeCents: baseCents, quantity: 1 }, { medecinAct: spec.family === 'MEDECIN', horsParcours: false, nonOptam });
      return {
        spec, record: 'T4', actDate, endDate: 0, quantity: 1, coefficientHundredths, unitPriceCents, baseCents, amoRatePercent: rate,
        amoCents: amo, feeCents: baseCents, amcDeclaredCents: amc, exoCode: ' ',
      };
    });
  }
}
