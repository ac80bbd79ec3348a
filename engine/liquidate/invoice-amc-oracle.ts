import { Decimal } from 'decimal.js';
import type { EquipmentMaximumKey } from '../domain/equipment.js';
import type { Invoice } from '../domain/invoice.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { LiquidationTerms } from './liquidate-invoice.js';
import { oracleLineAmcCents } from './line-amc-oracle.js';
import { FAMILY_MEDECIN } from './responsable-caps.js';

/**
 * liquidateInvoice redone in decimal euros with decimal.js, straight from rules.md §2.6–2.8, for
 * the audit mode and the property tests: each line by oracleLineAmcCents, then the rules over
 * several lines (100 % Santé limits, classe II aid, frame, equipment forfait, lens combination).
 * Written apart from equipment-caps.ts and proportional-cap.ts on purpose — sets and euros instead
 * of index arrays and cents, the split in decimal instead of BigInt — so a slip in one is not
 * copied into the other. The order of the rules and the split are the documented design
 * (docs/architecture.md "Equipment caps"): proportional, largest remainders, ties to the
 * earlier line.
 */

const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof Exact>;
const ZERO = new Exact(0);
const euros = (cents: number): Dec => new Exact(cents).dividedBy(100);
const max = (a: Dec, b: Dec): Dec => (a.greaterThan(b) ? a : b);
const min = (a: Dec, b: Dec): Dec => (a.lessThan(b) ? a : b);
const sum = (values: Iterable<Dec>): Dec => [...values].reduce((a, b) => a.plus(b), ZERO);

const LENS_PAIRS: Readonly<Record<string, EquipmentMaximumKey>> = {
  'SIMPLE+SIMPLE': 'OPTIQUE_B_SIMPLE_SIMPLE',
  'COMPLEXE+SIMPLE': 'OPTIQUE_B_SIMPLE_COMPLEXE',
  'COMPLEXE+COMPLEXE': 'OPTIQUE_B_COMPLEXE_COMPLEXE',
  'SIMPLE+TRES_COMPLEXE': 'OPTIQUE_B_SIMPLE_TRES_COMPLEXE',
  'COMPLEXE+TRES_COMPLEXE': 'OPTIQUE_B_COMPLEXE_TRES_COMPLEXE',
  'TRES_COMPLEXE+TRES_COMPLEXE': 'OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE',
};
const GRADE_VALUE: Readonly<Record<string, number>> = { SIMPLE: 1, COMPLEXE: 2, TRES_COMPLEXE: 3 };

export function oracleInvoiceAmcCents(invoice: Invoice, terms: LiquidationTerms): Cents[] {
  const conditions = { horsParcours: invoice.horsParcours, nonOptamPractitioner: terms.nonOptamPractitioner };
  const amc: Dec[] = invoice.lines.map((line, i) => {
    const guarantee = terms.guarantees[i];
    return guarantee === undefined ? ZERO : euros(oracleLineAmcCents(line, guarantee, terms.acts[i]?.family === FAMILY_MEDECIN, conditions));
  });
  const lines = invoice.lines;
  const units = (i: number): number => {
    const q = lines[i]!.quantity;
    return Number.isSafeInteger(q) && q > 0 ? q : 0;
  };
  const regulated = (i: number): boolean => {
    const g = terms.guarantees[i];
    return g !== undefined && g.responsable && g.formula !== 'NOT_COVERED' && terms.equipment?.items[i] !== undefined;
  };
  const item = (i: number) => terms.equipment?.items[i];
  const maximum = (limit: EquipmentMaximumKey, members: number[]): Dec | undefined => {
    const at = Math.min(...members.map((i) => lines[i]!.actDate)) as DateYmd;
    const cents = terms.equipment?.maxima.equipmentMaximumCents(limit, at);
    return cents === undefined ? undefined : euros(cents);
  };
  const holdWithAmo = (members: number[], ceiling: Dec | undefined): void => {
    if (ceiling === undefined || members.length === 0) return;
    split(amc, members, ceiling.minus(sum(members.map((i) => euros(lines[i]!.amoCents)))));
  };
  const all = lines.map((_, i) => i);

  // 1. The 100 % Santé classes pay what is above the AMO within the limit; a classe II aid is held
  //    to its maximum per aid; classe B frames together to the frame maximum.
  const fixedBySante = new Set<number>();
  for (const i of all.filter(regulated)) {
    const it = item(i)!;
    const line = lines[i]!;
    if (it.santeClass === 'A' || it.santeClass === 'I' || it.santeClass === '100S') {
      const limit = euros(it.priceLimitCents).times(units(i));
      amc[i] = max(ZERO, min(euros(line.feeCents), limit).minus(euros(line.amoCents)));
      fixedBySante.add(i);
    } else if (it.santeClass === 'II' && it.kind === 'HEARING_AID') {
      const perAid = maximum('AUDIO_II_AID', [i]);
      if (perAid !== undefined) amc[i] = min(amc[i]!, max(ZERO, perAid.times(units(i)).minus(euros(line.amoCents))));
    }
  }
  const classeB = all.filter((i) => regulated(i) && item(i)!.santeClass === 'B');
  const frames = classeB.filter((i) => item(i)!.kind === 'FRAME');
  holdWithAmo(frames, frames.length === 0 ? undefined : maximum('OPTIQUE_B_FRAME', frames));

  // 2. Equipment forfaits, Sécu incluse, per guarantee version.
  const forfaitGroups = new Map<string, number[]>();
  for (const i of all) {
    const g = terms.guarantees[i];
    if (g?.formula !== 'EQUIPMENT_FORFAIT' || fixedBySante.has(i)) continue;
    const key = [g.contract, g.domain, g.validity.from].join('|');
    forfaitGroups.set(key, [...(forfaitGroups.get(key) ?? []), i]);
  }
  for (const members of forfaitGroups.values()) holdWithAmo(members, euros(terms.guarantees[members[0]!]!.amountCents));

  // 3. The classe B equipment, by the combination of its two best lenses.
  const grades = classeB
    .filter((i) => item(i)!.kind === 'LENS' && item(i)!.lensGrade !== undefined)
    .flatMap((i) => Array<string>(Math.min(2, units(i))).fill(item(i)!.lensGrade!))
    .sort((a, b) => GRADE_VALUE[b]! - GRADE_VALUE[a]!);
  if (grades.length > 0) {
    const pair = [grades[0]!, grades[1] ?? grades[0]!].sort().join('+');
    holdWithAmo(classeB, maximum(LENS_PAIRS[pair]!, classeB));
  }
  return amc.map((value) => value.times(100).toNumber() as Cents);
}

/**
 * Members cut to `total` in proportion to their amounts, to the cent, largest remainders first.
 * Worked on whole cents held in decimal.js, where product, integer quotient and remainder are
 * exact, so equal remainders compare equal and the tie goes to the earlier line.
 */
function split(amc: Dec[], members: number[], total: Dec): void {
  const before = sum(members.map((i) => amc[i]!));
  if (before.lessThanOrEqualTo(total)) return;
  if (total.lessThanOrEqualTo(0)) {
    for (const i of members) amc[i] = ZERO;
    return;
  }
  const totalCents = total.times(100);
  const beforeCents = before.times(100);
  const products = members.map((i) => totalCents.times(amc[i]!.times(100)));
  const shares = products.map((product) => product.dividedToIntegerBy(beforeCents));
  const remainders = products.map((product) => product.mod(beforeCents));
  let centsLeft = totalCents.minus(sum(shares)).toNumber();
  const order = members.map((_, k) => k).sort((a, b) => remainders[b]!.comparedTo(remainders[a]!) || a - b);
  members.forEach((i, k) => (amc[i] = shares[k]!.dividedBy(100)));
  for (const k of order) {
    if (centsLeft <= 0) break;
    amc[members[k]!] = amc[members[k]!]!.plus('0.01');
    centsLeft--;
  }
}
