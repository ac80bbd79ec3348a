import type { Invoice } from '../domain/invoice.js';
import type { ActDomain, Guarantee } from '../domain/referential.js';
import type { Cents } from '../domain/units.js';
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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const guarantee = terms.guarantees[i];
    const amc = guarantee === undefined ? 0 : lineAmcCents(line, guarantee, terms.acts[i]?.family === FAMILY_MEDECIN, conditions);
    lineAmc[i] = amc as Cents;
    totalCents += amc;
  }
  return { lineAmcCents: lineAmc, amcCents: totalCents as Cents };
}
