import { Decimal } from 'decimal.js';
import type { GuaranteeRow } from './contracts.js';

/**
 * The complementary part a practitioner declares on one line, as the card computes it (protocol §4,
 * rules.md P4), written in exact decimal euros with decimal.js, ROUND_HALF_UP — the arithmetic of
 * record — straight from rules.md §2:
 *
 *   rest      = FR − AMO                                    indemnity ceiling (§2.3)
 *   excluded  = round(40 % × BR) if hors parcours, contrat responsable and médecin act (§1.4, §2.4)
 *   raw       = formula (§2.2), rate products rounded to the cent before the AMO is subtracted
 *   non-OPTAM = "% BR Sécu incluse" rate r becomes 100 % + min(100 %, max(0, r − 120 %)) for a
 *               contrat responsable on a médecin act (§2.5, R871-2 2°)
 *   AMC       = max(0, min(raw, rest − excluded))
 *
 * decimal.js costs microseconds per operation and a day has millions of lines drawn from a short
 * catalogue of tariffs, so results are memoised on their inputs: the same (guarantee, amounts,
 * conditions) is computed once.
 */

const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof Exact>;

const ZERO = new Exact(0);
const ONE = new Exact(1);
const HORS_PARCOURS_MAJORATION = new Exact('0.40');
const NON_OPTAM_DISCOUNT = new Exact('1.20');

const euros = (amountCents: number): Dec => new Exact(amountCents).dividedBy(100);
const round2 = (value: Dec): Dec => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const max = (a: Dec, b: Dec): Dec => (a.greaterThan(b) ? a : b);
const min = (a: Dec, b: Dec): Dec => (a.lessThan(b) ? a : b);

export interface LineMoney {
  readonly baseCents: number;
  readonly amoCents: number;
  readonly feeCents: number;
  readonly quantity: number;
}

export interface LineConditions {
  /** The act belongs to the MEDECIN family (hors-parcours and OPTAM rules only concern médecins). */
  readonly medecinAct: boolean;
  readonly horsParcours: boolean;
  /** The payee is a médecin not adhering to OPTAM / OPTAM-CO. */
  readonly nonOptam: boolean;
}

/** AMO = round half-up(BR × rate) (rules.md §1.1), in integers: exact for a whole-percent rate. */
export function amoCents(baseCents: number, amoRatePercent: number): number {
  const scaled = baseCents * amoRatePercent + 50;
  return (scaled - (scaled % 100)) / 100;
}

function computeAmcCents(guarantee: GuaranteeRow, money: LineMoney, conditions: LineConditions): number {
  const br = euros(money.baseCents);
  const amo = euros(money.amoCents);
  const fr = euros(money.feeCents);
  const tm = max(ZERO, br.minus(amo));
  const rest = max(ZERO, fr.minus(amo));
  const responsableMedecin = guarantee.responsable && conditions.medecinAct;
  const excluded = responsableMedecin && conditions.horsParcours ? round2(br.times(HORS_PARCOURS_MAJORATION)) : ZERO;
  const rate = guarantee.rate === '' ? ZERO : new Exact(guarantee.rate).dividedBy(100);
  let raw: Dec;
  switch (guarantee.formula) {
    case 'TM':
      raw = round2(rate.times(tm));
      break;
    case 'BR_INCL_AMO': {
      const effective =
        responsableMedecin && conditions.nonOptam && rate.greaterThan(ONE) ? ONE.plus(min(ONE, max(ZERO, rate.minus(NON_OPTAM_DISCOUNT)))) : rate;
      raw = round2(effective.times(br)).minus(amo);
      break;
    }
    case 'BR_EXCL_AMO':
      raw = round2(rate.times(br));
      break;
    case 'FR':
      raw = round2(rate.times(rest));
      break;
    case 'UNIT':
      raw = euros(guarantee.amountCents).times(money.quantity);
      break;
    case 'FORFAIT':
      raw = euros(guarantee.amountCents);
      break;
    case 'PEC':
    case 'NOT_COVERED':
      // A PEC amount is fixed by the notification, not by a formula; an uncovered line pays nothing.
      raw = ZERO;
      break;
    case 'EQUIPMENT_FORFAIT':
      // Shared by the lines of an invoice, so not a per-line formula; no generated contract has one.
      throw new Error('the generator computes no equipment forfait');
  }
  const amc = max(ZERO, min(raw, max(ZERO, rest.minus(excluded))));
  return amc.times(100).toNumber();
}

/** Bound of the memo: far above the distinct combinations a catalogue day produces. */
const MEMO_ENTRIES_MAX = 200_000;

/** Amounts in the memo key: below 10^7 cents (100 000 €), far above any generated line. */
const AMOUNT_KEY_SPACE = 10_000_000;
const QUANTITY_KEY_SPACE = 1000;

export class LineAmcCalculator {
  /**
   * Two-level memo keyed by exact integers, not strings (no allocation per lookup):
   * (guarantee, conditions, quantity, BR) then (AMO, FR).
   */
  private readonly memo = new Map<number, Map<number, number>>();
  private entries = 0;
  private readonly ids = new Map<GuaranteeRow, number>();

  /** The AMC a line is owed under the guarantee, in cents. */
  amcCents(guarantee: GuaranteeRow, money: LineMoney, conditions: LineConditions): number {
    const { baseCents, amoCents, feeCents, quantity } = money;
    if (baseCents >= AMOUNT_KEY_SPACE || amoCents >= AMOUNT_KEY_SPACE || feeCents >= AMOUNT_KEY_SPACE || quantity >= QUANTITY_KEY_SPACE) {
      return computeAmcCents(guarantee, money, conditions);
    }
    let id = this.ids.get(guarantee);
    if (id === undefined) this.ids.set(guarantee, (id = this.ids.size));
    const flags = (conditions.medecinAct ? 4 : 0) + (conditions.horsParcours ? 2 : 0) + (conditions.nonOptam ? 1 : 0);
    const outer = ((id * 8 + flags) * QUANTITY_KEY_SPACE + quantity) * AMOUNT_KEY_SPACE + baseCents;
    const inner = amoCents * AMOUNT_KEY_SPACE + feeCents;
    let byAmounts = this.memo.get(outer);
    const known = byAmounts?.get(inner);
    if (known !== undefined) return known;
    const value = computeAmcCents(guarantee, money, conditions);
    if (this.entries >= MEMO_ENTRIES_MAX) {
      this.memo.clear();
      this.entries = 0;
      byAmounts = undefined;
    }
    if (!byAmounts) this.memo.set(outer, (byAmounts = new Map()));
    byAmounts.set(inner, value);
    this.entries++;
    return value;
  }
}

/** Exposed for the test that checks memoised results against a fresh computation. */
export const computeLineAmcCentsUncached = computeAmcCents;
