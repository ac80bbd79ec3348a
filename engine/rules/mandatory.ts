import { checkNir } from '../../codecs/identifiers/nir.js';
import { isValidYmd } from '../calendar/ymd.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import { motive } from './motive-factory.js';

/**
 * Mandatory content of a feuille de soins / facture subrogatoire (R. 161-42, seed 002; protocol
 * §5-2; rules.md S4, P8): a missing rubric is a structural error. Checked here: invoice number,
 * payee, AMC number, beneficiary NIR with its date and rank of birth, at least one line, and on
 * each line the date of the act and the act code. The NIR key is checked when a NIR is present.
 *
 * One motive lists every missing rubric, so the practitioner can correct them all at once; a date
 * that is filled but names no day (20261341) is reported as malformed instead.
 */
export function checkMandatory(invoice: Invoice, motives: Motive[]): void {
  const missing: string[] = [];
  if (isBlankOrZeros(invoice.invoiceNumber)) missing.push('n° de facture');
  if (isBlankOrZeros(invoice.practitionerId)) missing.push('identifiant du professionnel');
  if (isBlankOrZeros(invoice.amcNumber)) missing.push('n° AMC');
  const nirMissing = isBlankOrZeros(invoice.nir);
  if (nirMissing) missing.push('NIR');
  // Not validated as a calendar day: "lunar" birth dates (unknown day or month) are legitimate.
  if (invoice.birthDate === 0) missing.push('date de naissance');
  if (!(invoice.birthRank >= 1)) missing.push('rang de naissance');
  if (invoice.lines.length === 0) missing.push('ligne de facture');
  const malformed: string[] = [];
  if (invoice.roSentDate !== 0 && !isValidYmd(invoice.roSentDate)) malformed.push("date d'envoi de la facture RO");
  for (const line of invoice.lines) {
    if (line.actDate === 0) missing.push(`date des soins (ligne ${line.lineNo})`);
    else if (!isValidYmd(line.actDate)) malformed.push(`date des soins (ligne ${line.lineNo})`);
    if (isBlankOrZeros(line.actCode)) missing.push(`code acte (ligne ${line.lineNo})`);
  }
  if (missing.length > 0) motives.push(motive('RUBRIQUE_MANQUANTE', `: ${missing.join(', ')}`));
  // A date that is present but names no day is not missing: it is malformed.
  if (malformed.length > 0) motives.push(motive('STRUCTURE_INVALIDE', `: ${malformed.join(', ')} invalide`));
  if (!nirMissing && !checkNir(invoice.nir, invoice.nirKey).ok) motives.push(motive('NIR_INVALIDE'));
}

/** Empty, spaces only, or zeros only: how a fixed-width field says "not filled". */
function isBlankOrZeros(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code !== 0x20 && code !== 0x30) return false;
  }
  return true;
}
