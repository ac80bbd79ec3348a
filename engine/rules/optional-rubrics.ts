import type { Invoice, InvoiceLine } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { ActDomain } from '../domain/referential.js';
import { motive } from './motive-factory.js';

/**
 * Rubrics of R. 161-42 (rules.md S4, P8) whose absence does not stop the payment: each missing one
 * is the signalement MENTION_MANQUANTE, its label naming the mention. Most are "s'il y a lieu": a
 * blank zone can only be told from "not applicable" by another rubric or the act that makes it
 * due, and only a rubric the input format carries is checked (docs/formats.md, "Non-blocking
 * rubrics"). In the article's order:
 *
 * - 4° the accident's identification: due when the nature d'assurance is 41 (AT/MP, formats.md
 *   B14); only the hospital B2 carries both zones (the reader fills them for it alone);
 * - 6° the reference of the accord préalable: due when a line's act needs one (act-domains.csv
 *   `accord_prealable`); carried by B2 PS, DRE and paper (`accordPrealableReference` is absent
 *   from an invoice whose format has no such zone);
 * - 9° the exonération mention: due on a line the AMO pays at 100 % (exonerationIsDue below);
 *   carried per line by B2 PS, DRE and the hospital B2, not by paper;
 * - 10° the date the feuille was drawn up and sent to the RO (`roSentDate`): due when the invoice
 *   has an act the RO reimburses (an ostéopathie invoice went to no RO); B2 PS, DRE and paper.
 *   Without it neither the transmission term nor the 3-month window can start from it (the window
 *   then starts from the last act).
 *
 * One signalement per missing mention, however many lines lack it: the label lists the lines.
 */
export function checkOptionalRubrics(invoice: Invoice, acts: readonly (ActDomain | undefined)[], signalements: Motive[]): void {
  if (invoice.nature === 'ANNULATION') return;
  if (invoice.natureAssurance === NATURE_ASSURANCE_AT_MP && invoice.accidentReference === '') {
    signalements.push(motive('MENTION_MANQUANTE', ": numéro ou date de l'accident du travail (nature d'assurance 41)"));
  }
  if (invoice.accordPrealableReference === '') {
    const lines = linesWhere(invoice, acts, needsAccordPrealable);
    if (lines !== undefined) signalements.push(motive('MENTION_MANQUANTE', `: référence de l'accord préalable (${lines})`));
  }
  if (invoice.channel !== 'PAPER') {
    const lines = linesWhere(invoice, acts, lacksExonerationCode);
    if (lines !== undefined) signalements.push(motive('MENTION_MANQUANTE', `: justification d'exonération du ticket modérateur (${lines} à 100 %)`));
  }
  if (invoice.channel === 'B2_ETAB') return; // no sending date: its term runs from the end of the stay
  // Only acts the RO reimburses went on an RO invoice: without one, there is no date to give.
  if (invoice.roSentDate === 0 && hasRoAct(acts)) signalements.push(motive('MENTION_MANQUANTE', ": date d'élaboration et d'envoi de la facture RO"));
}

/** Nature d'assurance "accident du travail / maladie professionnelle" (formats.md B14). */
const NATURE_ASSURANCE_AT_MP = '41';

/**
 * The AMO pays a line at 100 % only when the ticket modérateur is exonerated (rules.md §1.7) —
 * except where 100 % is the act's own rate, which no exonération explains [INFERRED]:
 * - medicines irremplaçables et coûteux, PH1 (R. 160-8: no ticket modérateur at all);
 * - hospital stays and forfaits (family HOSPITALISATION): 100 % also comes from the 31st day
 *   (R. 160-16), the régime local's hospital rate (L. 325-1, rules.md §1.8) or a stay's flat
 *   participation, none of which the hospital B2 marks with an exonération code on the line.
 * An act unknown to the referential is left alone: its domain, not its mention, is what is wrong.
 */
function exonerationIsDue(line: InvoiceLine, act: ActDomain | undefined): boolean {
  return line.amoRatePercent === 100 && act !== undefined && act.family !== 'HOSPITALISATION' && !ACTS_AT_100_PERCENT.has(act.actCode);
}

const ACTS_AT_100_PERCENT: ReadonlySet<string> = new Set(['PH1']);

const needsAccordPrealable = (_: InvoiceLine, act: ActDomain | undefined): boolean => act?.needsAccordPrealable === true;

const lacksExonerationCode = (line: InvoiceLine, act: ActDomain | undefined): boolean => exonerationIsDue(line, act) && !hasExonerationCode(line);

/** An act unknown to the referential counts as one the RO reimburses. */
function hasRoAct(acts: readonly (ActDomain | undefined)[]): boolean {
  for (const act of acts) if (act === undefined || act.roReimbursable) return true;
  return false;
}

/** Blank, and 0 ("sans objet", formats.md §6.3), justify nothing. */
const hasExonerationCode = (line: InvoiceLine): boolean => line.exoCode.trim() !== '' && line.exoCode.trim() !== '0';

/**
 * "ligne 2" or "lignes 1, 3": the lines that lack the mention, where the practitioner should look;
 * undefined when none does. Nearly every invoice has none: nothing is allocated for it (`lacks` is
 * a module function, not a closure made per invoice).
 */
function linesWhere(invoice: Invoice, acts: readonly (ActDomain | undefined)[], lacks: (line: InvoiceLine, act: ActDomain | undefined) => boolean): string | undefined {
  let lineNumbers: number[] | undefined;
  for (let i = 0; i < invoice.lines.length; i++) {
    const line = invoice.lines[i]!;
    if (lacks(line, acts[i])) (lineNumbers ??= []).push(line.lineNo);
  }
  if (lineNumbers === undefined) return undefined;
  return `${lineNumbers.length === 1 ? 'ligne' : 'lignes'} ${lineNumbers.join(', ')}`;
}
