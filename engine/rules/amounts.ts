import type { Invoice, InvoiceLine } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
import { applyRateHalfUp } from '../money/apply-rate.js';
import { formatEurosFr } from '../money/euros.js';
import { rateOfWholePercent } from '../money/rate.js';
import { motive } from './motive-factory.js';

/**
 * rules.md §1.1: the AMO figures are used as received, only checked — |round(BR × taux) − AMO|
 * may differ by at most one cent (the AMO's own rounding), and the AMO never pays more than the
 * expense (R160-22: AMO ≤ FR).
 */
export const AMO_TOLERANCE_CENTS = 1;

/** Why a line's amounts cannot be right, in French for the label; undefined when they can. */
function lineIncoherence(line: InvoiceLine): string | undefined {
  if (line.baseCents < 0 || line.amoCents < 0 || line.feeCents < 0 || line.amcDeclaredCents < 0 || line.unitPriceCents < 0) {
    return 'montant négatif';
  }
  if (!Number.isInteger(line.quantity) || line.quantity <= 0) return 'quantité nulle ou invalide';
  if (!Number.isInteger(line.amoRatePercent) || line.amoRatePercent < 0 || line.amoRatePercent > 100) {
    return `taux AMO ${line.amoRatePercent} % invalide`;
  }
  if (line.amoCents > line.feeCents) return 'part AMO supérieure aux frais réels';
  const expectedAmoCents = applyRateHalfUp(line.baseCents, rateOfWholePercent(line.amoRatePercent));
  if (Math.abs(expectedAmoCents - line.amoCents) > AMO_TOLERANCE_CENTS) {
    return `part AMO ${formatEurosFr(line.amoCents)} ≠ ${line.amoRatePercent} % de ${formatEurosFr(line.baseCents)}`;
  }
  return undefined;
}

/**
 * MONTANT_INCOHERENT for the first line whose amounts contradict each other, TOTAL_INCOHERENT when
 * the declared totals (protocol §5-2: dépense réelle, part RO, part RC) are not the sums of the
 * lines.
 */
export function checkAmounts(invoice: Invoice, motives: Motive[]): void {
  let feeCents = 0;
  let amoCents = 0;
  let amcCents = 0;
  let incoherence: string | undefined;
  for (const line of invoice.lines) {
    feeCents += line.feeCents;
    amoCents += line.amoCents;
    amcCents += line.amcDeclaredCents;
    if (incoherence === undefined) {
      const reason = lineIncoherence(line);
      if (reason !== undefined) incoherence = `(ligne ${line.lineNo} : ${reason})`;
    }
  }
  if (incoherence !== undefined) motives.push(motive('MONTANT_INCOHERENT', incoherence));

  const totals: string[] = [];
  if (invoice.declaredFeeCents !== feeCents) totals.push(totalDetail('frais réels', invoice.declaredFeeCents, feeCents));
  if (invoice.declaredAmoCents !== amoCents) totals.push(totalDetail('part AMO', invoice.declaredAmoCents, amoCents));
  if (invoice.declaredAmcCents !== amcCents) totals.push(totalDetail('part AMC', invoice.declaredAmcCents, amcCents));
  if (totals.length > 0) motives.push(motive('TOTAL_INCOHERENT', `(${totals.join(' ; ')})`));
}

const totalDetail = (what: string, declaredCents: number, sumCents: number): string =>
  `${what} : total ${formatEurosFr(declaredCents as Cents)}, lignes ${formatEurosFr(sumCents as Cents)}`;

/**
 * Protocol §4–§5-1 (rules.md P4, P6): the practitioner computes the complementary part, the engine
 * recomputes it, and there is no partial payment — so the invoice is paid only if every declared
 * line equals the recomputation to the cent. Lines no guarantee covers are left to the coverage
 * rule (reporting them twice would not help the practitioner).
 */
export function checkDeclaredAmc(
  invoice: Invoice,
  guarantees: readonly (Guarantee | undefined)[],
  lineAmcCents: readonly Cents[],
  motives: Motive[],
  /**
   * Lines a counter may lower (a renewal period, a ceiling): the commit step, which knows the
   * counter, holds their declared part to what it allows; here only a part declared above the
   * computation is wrong.
   */
  underCounter?: readonly boolean[],
): void {
  for (let i = 0; i < invoice.lines.length; i++) {
    const line = invoice.lines[i]!;
    const guarantee = guarantees[i];
    if (guarantee === undefined || guarantee.formula === 'NOT_COVERED') continue;
    const computedCents = lineAmcCents[i] ?? 0;
    const wrong = underCounter?.[i] === true ? line.amcDeclaredCents > computedCents : line.amcDeclaredCents !== computedCents;
    if (wrong) {
      const detail = `(ligne ${line.lineNo} : déclarée ${formatEurosFr(line.amcDeclaredCents)}, calculée ${formatEurosFr(computedCents as Cents)})`;
      motives.push(motive('MONTANT_AMC_DIFFERENT', detail));
      return;
    }
  }
}
