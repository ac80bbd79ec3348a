import type { InvoiceLine } from '../domain/invoice.js';
import type { Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
import { capProportionally } from './proportional-cap.js';

/**
 * The EQUIPMENT_FORFAIT formula: "forfait X € par équipement, remboursement Sécu inclus"
 * (rules.md §2.6). Each line's formula amount is its FR − AMO (line-amc.ts); here the lines of one
 * invoice under one guarantee version (contract, domain, valid_from) share X − Σ their AMO, cut in
 * proportion (proportional-cap.ts). The invoice is the equipment, as the practitioner bills it.
 * Lines whose amount a 100 % Santé price limit fixes (`fixed`) are neither cut nor counted.
 */
export function shareEquipmentForfaits(
  lines: readonly InvoiceLine[],
  guarantees: readonly (Guarantee | undefined)[],
  fixed: readonly boolean[],
  lineAmcCents: Cents[],
): void {
  const groups = new Map<string, { guarantee: Guarantee; members: number[] }>();
  for (let i = 0; i < lines.length; i++) {
    const guarantee = guarantees[i];
    if (guarantee === undefined || guarantee.formula !== 'EQUIPMENT_FORFAIT' || fixed[i] === true) continue;
    const key = `${guarantee.contract}\u0000${guarantee.domain}\u0000${guarantee.validity.from}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { guarantee, members: [i] });
    else group.members.push(i);
  }
  // Map order is first-line order: deterministic, and the groups are disjoint anyway.
  for (const { guarantee, members } of groups.values()) {
    let amoCents = 0;
    for (const i of members) amoCents += lines[i]!.amoCents;
    capProportionally(lineAmcCents, members, guarantee.amountCents - amoCents);
  }
}
