import { formatFr } from '../calendar/ymd.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Beneficiary } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { DateYmd } from '../domain/units.js';
import { earliestActDateOutside, earliestActDateOutsideAll, latestActDate, periodContains } from './act-dates.js';
import { motive } from './motive-factory.js';

/**
 * Protocol §3–§4 (rules.md P1): payment is guaranteed for a beneficiary listed on a tiers-payant
 * card valid at the date of care, whose complementary rights are open at the date of care, and
 * whose card and Vitale data match (NIR, date and rank of birth). D861-2 (seed 001, rules.md S5):
 * for a C2S beneficiary the guarantee is lost when the Vitale card was on the opposition list at
 * the date of care.
 *
 * Returns the beneficiary entry (one card) the invoice is liquidated against, or undefined when
 * no entry matches — then nothing that needs the contract can be evaluated.
 */
export function checkBeneficiary(invoice: Invoice, ref: ReferentialView, careDate: DateYmd, motives: Motive[]): Beneficiary | undefined {
  if (ref.amc(invoice.amcNumber) === undefined) {
    motives.push(motive('AMC_INCONNUE'));
    return undefined;
  }
  const entries = ref.beneficiariesByNir(invoice.amcNumber, invoice.nir);
  if (entries.length === 0) {
    motives.push(motive('BENEF_INCONNU'));
    return undefined;
  }
  const beneficiary = chooseCard(invoice, entries, careDate);
  if (beneficiary === undefined) {
    motives.push(motive('BENEF_HORS_CARTE', mismatchDetail(invoice, entries)));
    return undefined;
  }

  const outsideCard = earliestActDateOutside(invoice.lines, beneficiary.card);
  if (outsideCard !== 0) motives.push(motive('CARTE_INVALIDE', `au ${formatFr(outsideCard)}`));

  const outsideRights = earliestActDateOutsideAll(invoice.lines, beneficiary.rights);
  if (outsideRights !== 0) motives.push(motive('DROITS_FERMES', `au ${formatFr(outsideRights)}`));

  const opposition = beneficiary.vitaleOppositionDate;
  if (beneficiary.c2s && opposition !== 0 && latestActDate(invoice.lines) >= opposition) {
    motives.push(motive('OPPOSITION_VITALE', `depuis le ${formatFr(opposition)}`));
  }
  return beneficiary;
}

/** A century in yyyymmdd: the same six digits, 100 years apart. */
const CENTURY_YMD = 1_000_000;

/**
 * The referential's birth date is the invoice's. A 6-digit birth date was given the latest century
 * not after the care (Invoice.birthCenturyInferred), which reads a centenarian born in 1925 and
 * cared for in 2026 as born in 2025: a card entry with the same six digits in an earlier century
 * is the same birth — the referential, written with four-digit years, knows the century.
 */
const sameBirth = (entry: Beneficiary, invoice: Invoice): boolean =>
  entry.birthDate === invoice.birthDate ||
  (invoice.birthCenturyInferred === true &&
    entry.birthDate < invoice.birthDate &&
    entry.birthDate % CENTURY_YMD === invoice.birthDate % CENTURY_YMD);

/** The card data the invoice must agree with; the member number only when the channel carries one. */
const matchesInvoice = (entry: Beneficiary, invoice: Invoice): boolean =>
  sameBirth(entry, invoice) &&
  entry.birthRank === invoice.birthRank &&
  (invoice.memberNumber === '' || entry.memberNumber === invoice.memberNumber);

/**
 * Among the entries that match, the card valid at every act date, else the one valid at the date
 * of care, else the first (which then fails the validity check with a date). Ties keep the
 * referential's order, so the choice is deterministic.
 */
function chooseCard(invoice: Invoice, entries: readonly Beneficiary[], careDate: DateYmd): Beneficiary | undefined {
  let first: Beneficiary | undefined;
  let validAtCare: Beneficiary | undefined;
  for (const entry of entries) {
    if (!matchesInvoice(entry, invoice)) continue;
    if (earliestActDateOutside(invoice.lines, entry.card) === 0) return entry;
    first ??= entry;
    if (validAtCare === undefined && careDate !== 0 && periodContains(entry.card, careDate)) validAtCare = entry;
  }
  return validAtCare ?? first;
}

/** Which identity data no card entry agrees with, for the practitioner to correct. */
function mismatchDetail(invoice: Invoice, entries: readonly Beneficiary[]): string {
  const fields: string[] = [];
  if (!entries.some((e) => sameBirth(e, invoice))) fields.push('date de naissance');
  if (!entries.some((e) => e.birthRank === invoice.birthRank)) fields.push('rang de naissance');
  if (invoice.memberNumber !== '' && !entries.some((e) => e.memberNumber === invoice.memberNumber)) {
    fields.push("n° d'adhérent");
  }
  // Each datum matches some entry, but no single entry matches them all.
  return fields.length === 0 ? ': identité du bénéficiaire' : `: ${fields.join(', ')}`;
}
