import type { EquipmentItem, EquipmentMaximumKey, LensGrade } from '../domain/equipment.js';
import { lensPairMaximumKey, PRICE_LIMITED_CLASSES } from '../domain/equipment.js';
import type { InvoiceLine } from '../domain/invoice.js';
import type { Guarantee } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents, DateYmd } from '../domain/units.js';
import { capProportionally } from './proportional-cap.js';

/**
 * The 100 % Santé rules and equipment maxima of a contrat responsable (CSS R871-2 3°–5°,
 * rules.md §2.6–2.8), applied to line AMCs the guarantee formula has already computed. Only lines
 * the referential classifies (equipment-limits.csv) and whose guarantee is responsable and covers
 * the line are touched; the commit step's renewal periods are not here (they need the ledger).
 */

/** What the equipment rules read besides the lines: the classification and the maxima. */
export interface EquipmentTerms {
  /** Each line's classification at its act date; undefined for every unclassified act. */
  readonly items: readonly (EquipmentItem | undefined)[];
  readonly maxima: Pick<ReferentialView, 'equipmentMaximumCents'>;
}

/** The regulation binds the contract only when it is responsable and pays for the line at all. */
export const equipmentRulesApply = (guarantee: Guarantee | undefined): guarantee is Guarantee =>
  guarantee !== undefined && guarantee.responsable && guarantee.formula !== 'NOT_COVERED';

/** A unit price limit times the line's quantity; 0 units for a fractional one (rejected anyway). */
const unitsOf = (line: InvoiceLine): number => (Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0);

/**
 * Per-line rules, then the frame cap:
 *   classe A, classe I, dental 100 % Santé: AMC = max(0, min(FR, limit × quantity) − AMO) — the
 *     contract must pay the whole amount above the AMO within the PLV / HLF, so this replaces the
 *     formula rather than capping it (L871-1, R871-2 3°–5°); it never exceeds FR − AMO;
 *   classe II hearing aid: AMC ≤ 1 700 € × aids − AMO (per aid, AMO included);
 *   classe B frames of the equipment: Σ (AMC + AMO) ≤ 100 €.
 * Returns, per line, whether its amount is fixed by a price limit (an equipment forfait then
 * leaves it alone: what the regulation imposes is not the contract's to share).
 */
export function capEquipmentLines(
  lines: readonly InvoiceLine[],
  guarantees: readonly (Guarantee | undefined)[],
  terms: EquipmentTerms,
  lineAmcCents: Cents[],
): boolean[] {
  const priceLimited = new Array<boolean>(lines.length).fill(false);
  const frames: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const item = terms.items[i];
    if (item === undefined || !equipmentRulesApply(guarantees[i])) continue;
    const line = lines[i]!;
    if (PRICE_LIMITED_CLASSES.includes(item.santeClass)) {
      const payableCents = Math.min(line.feeCents, item.priceLimitCents * unitsOf(line));
      lineAmcCents[i] = Math.max(0, payableCents - line.amoCents) as Cents;
      priceLimited[i] = true;
    } else if (item.kind === 'HEARING_AID' && item.santeClass === 'II') {
      const maximumCents = terms.maxima.equipmentMaximumCents('AUDIO_II_AID', line.actDate);
      if (maximumCents !== undefined) {
        lineAmcCents[i] = Math.min(lineAmcCents[i]!, Math.max(0, maximumCents * unitsOf(line) - line.amoCents)) as Cents;
      }
    } else if (item.kind === 'FRAME' && item.santeClass === 'B') {
      frames.push(i);
    }
  }
  if (frames.length > 0) capWithAmo(lines, frames, terms, 'OPTIQUE_B_FRAME', lineAmcCents);
  return priceLimited;
}

/**
 * The classe B equipment: the invoice's classe B lenses and frames, Σ (AMC + AMO) at most the
 * maximum of its lens combination (a)–(f). The combination is that of the two highest grades
 * among the lenses (counted by quantity); a single lens is paired with its own grade, the most
 * the regulation allows for any pair containing it. Frames alone are held by the frame cap only.
 */
export function capClasseBEquipment(
  lines: readonly InvoiceLine[],
  guarantees: readonly (Guarantee | undefined)[],
  terms: EquipmentTerms,
  lineAmcCents: Cents[],
): void {
  const members: number[] = [];
  const grades: LensGrade[] = [];
  for (let i = 0; i < lines.length; i++) {
    const item = terms.items[i];
    if (item === undefined || item.santeClass !== 'B' || !equipmentRulesApply(guarantees[i])) continue;
    members.push(i);
    if (item.kind === 'LENS' && item.lensGrade !== undefined) {
      // Two lenses make a pair: more units on one line cannot raise the combination further.
      for (let unit = Math.min(2, unitsOf(lines[i]!)); unit > 0; unit--) grades.push(item.lensGrade);
    }
  }
  if (grades.length === 0) return;
  grades.sort((a, b) => GRADE_RANK[b] - GRADE_RANK[a]);
  const key = lensPairMaximumKey(grades[0]!, grades[1] ?? grades[0]!);
  capWithAmo(lines, members, terms, key, lineAmcCents);
}

const GRADE_RANK: Readonly<Record<LensGrade, number>> = { SIMPLE: 0, COMPLEXE: 1, TRES_COMPLEXE: 2 };

/** Σ (AMC + AMO) of the members ≤ the maximum in force on their earliest act date, if any. */
function capWithAmo(
  lines: readonly InvoiceLine[],
  members: readonly number[],
  terms: EquipmentTerms,
  limit: EquipmentMaximumKey,
  lineAmcCents: Cents[],
): void {
  let amoCents = 0;
  let at = Number.MAX_SAFE_INTEGER;
  for (const i of members) {
    amoCents += lines[i]!.amoCents;
    at = Math.min(at, lines[i]!.actDate);
  }
  const maximumCents = terms.maxima.equipmentMaximumCents(limit, at as DateYmd);
  if (maximumCents !== undefined) capProportionally(lineAmcCents, members, maximumCents - amoCents);
}
