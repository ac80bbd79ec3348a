import type { Invoice } from '../domain/invoice.js';
import type { ActDomain, Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
import { capClasseBEquipment, capEquipmentLines, type EquipmentTerms } from './equipment-caps.js';
import { shareEquipmentForfaits } from './equipment-forfait.js';
import { lineAmcCents } from './line-amc.js';
import { FAMILY_MEDECIN } from './responsable-caps.js';

/** What the liquidation of an invoice needs besides the invoice, one entry per line. */
export interface LiquidationTerms {
  /** The guarantee applying to each line; undefined when none covers it (its part is 0). */
  readonly guarantees: readonly (Guarantee | undefined)[];
  /** Each line's act entry (its family drives the contrat responsable rules); undefined if unknown. */
  readonly acts: readonly (ActDomain | undefined)[];
  /** See CareConditions.nonOptamPractitioner. */
  readonly nonOptamPractitioner: boolean;
  /** The 100 % Santé classification of the lines and the maxima; absent: no line is classified. */
  readonly equipment?: EquipmentTerms;
}

export interface InvoiceLiquidation {
  /** The AMC part of each line, in line order. */
  readonly lineAmcCents: Cents[];
  /** Σ of the rounded lines: a total is never rounded on its own (rules.md §1.12). */
  readonly amcCents: Cents;
}

export function liquidateInvoice(invoice: Invoice, terms: LiquidationTerms): InvoiceLiquidation {
  const { lines } = invoice;
  const conditions = { horsParcours: invoice.horsParcours, nonOptamPractitioner: terms.nonOptamPractitioner };
  const lineAmc: Cents[] = new Array<Cents>(lines.length);
  let totalCents = 0;
  let severalLineRules = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const guarantee = terms.guarantees[i];
    const amc = guarantee === undefined ? 0 : lineAmcCents(line, guarantee, terms.acts[i]?.family === FAMILY_MEDECIN, conditions);
    lineAmc[i] = amc as Cents;
    totalCents += amc;
    if (terms.equipment?.items[i] !== undefined || guarantee?.formula === 'EQUIPMENT_FORFAIT') severalLineRules = true;
  }
  // Most invoices have no equipment: the pass below costs them the flag above only.
  if (severalLineRules) totalCents = applySeveralLineRules(lines, terms, lineAmc);
  return { lineAmcCents: lineAmc, amcCents: totalCents as Cents };
}

/**
 * rules.md §2.1 step 5 for the rules that read several lines, in this order (each only lowers,
 * except the 100 % Santé amounts, which the regulation fixes):
 *   1. per line: 100 % Santé price limits, classe II aid maximum; then the classe B frame cap —
 *      before any sharing, so that a frame above 100 € gives up its own excess and not the
 *      lenses' (the §2.6 worked example: frame 99.97, lenses 199.94);
 *   2. equipment forfaits, shared over what step 1 left;
 *   3. the classe B equipment maximum of its lens combination.
 * Returns the new total.
 */
function applySeveralLineRules(lines: Invoice['lines'], terms: LiquidationTerms, lineAmc: Cents[]): number {
  const priceLimited =
    terms.equipment === undefined ? new Array<boolean>(lines.length).fill(false) : capEquipmentLines(lines, terms.guarantees, terms.equipment, lineAmc);
  shareEquipmentForfaits(lines, terms.guarantees, priceLimited, lineAmc);
  if (terms.equipment !== undefined) capClasseBEquipment(lines, terms.guarantees, terms.equipment, lineAmc);
  let totalCents = 0;
  for (const amc of lineAmc) totalCents += amc;
  return totalCents;
}
