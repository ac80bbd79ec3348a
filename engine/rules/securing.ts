import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import { motive } from './motive-factory.js';

/**
 * Seed 004 (médecins' convention, billing chapter; rules.md S1): a feuille de soins SESAM
 * "dégradé" — signed with the practitioner's card alone, no Vitale reading — "n'ouvre pas droit à
 * la garantie de paiement". Reading the Vitale card, physical or app, does.
 */
export function checkSecuring(invoice: Invoice, motives: Motive[]): void {
  if (invoice.securingMode === 'DEGRADE') motives.push(motive('SECURISATION_DEGRADEE'));
}
