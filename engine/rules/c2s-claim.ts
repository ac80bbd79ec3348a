import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Beneficiary } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import { motive } from './motive-factory.js';
import type { IbanIsPayable } from './practitioner.js';

/** What liquidation needs to know of whoever is paid: whether the care was a non-OPTAM doctor's. */
export interface PayeeTerms {
  nonOptamPractitioner: boolean;
}

/**
 * A fund's C2S claim (domain/c2s-claim.ts): the payee is the claiming fund, a CAISSE of the payee
 * referential with an IBAN a SEPA transfer can reach. The practitioner the fund paid need not have
 * joined the operator's protocol (the fund, not the AMC, paid them: D. 861-4 2°), so their protocol
 * checks do not apply; when the referential knows them, their OPTAM status sets the R. 871-2
 * dépassement cap as on any invoice, and an unknown one is taken as not capped [INFERRED].
 */
export function checkClaimingFund(invoice: Invoice, ref: ReferentialView, motives: Motive[], ibanIsPayable: IbanIsPayable): PayeeTerms | undefined {
  const fund = ref.practitioner(invoice.practitionerId);
  if (fund === undefined || fund.kind !== 'CAISSE') {
    motives.push(motive('CAISSE_INCONNUE', `(${invoice.practitionerId})`));
    return undefined;
  }
  if (!ibanIsPayable(fund.iban)) motives.push(motive('CAISSE_IBAN_INVALIDE'));
  const treatingId = invoice.c2s?.treatingPractitionerId ?? '';
  const treating = treatingId === '' ? undefined : ref.practitioner(treatingId);
  return { nonOptamPractitioner: treating !== undefined && treating.kind === 'PS' && !treating.optam };
}

/**
 * The fund claims for a beneficiary under the complémentaire santé solidaire whose complementary
 * part this AMC manages: a beneficiary the referential does not mark C2S is not the AMC's C2S
 * debt. The opposition list at the date of care (D. 861-2) is checked with every beneficiary.
 */
export function checkC2sBeneficiary(beneficiary: Beneficiary, motives: Motive[]): void {
  if (!beneficiary.c2s) motives.push(motive('C2S_NON_OUVERTE'));
}

/**
 * The claim's due date runs from its ARL (FSE) or its sending (paper): a claim that gives neither
 * — or a profile without the claim's fields — cannot be dated, so it is not paid.
 */
export function checkClaimDates(invoice: Invoice, motives: Motive[]): void {
  const claim = invoice.c2s;
  if (claim === undefined || claim.startDate === 0) {
    motives.push(motive('RUBRIQUE_MANQUANTE', claim?.transmission === 'PAPER' ? ": date d'envoi de la feuille papier" : ": date de l'accusé de réception logique (ARL)"));
  }
}
