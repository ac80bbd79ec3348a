import { formatFr } from '../calendar/ymd.js';
import type { Invoice } from '../domain/invoice.js';
import type { Motive } from '../domain/motive.js';
import type { Practitioner } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import { earliestActDateOutside } from './act-dates.js';
import { motive } from './motive-factory.js';

/** Whether the engine can pay to an IBAN (injected so the rule does not depend on a codec). */
export type IbanIsPayable = (iban: string) => boolean;

/**
 * The payee: known to the operator (protocol §5: paid by transfer to the RIB given on joining),
 * adhering to the protocol at every act date, with an IBAN a SEPA transfer can reach.
 * Returns the practitioner when known, so later checks can read its OPTAM status.
 */
export function checkPractitioner(
  invoice: Invoice,
  ref: ReferentialView,
  motives: Motive[],
  ibanIsPayable: IbanIsPayable,
): Practitioner | undefined {
  const practitioner = ref.practitioner(invoice.practitionerId);
  // A fund is paid for its C2S claims only (c2s-claim.ts), never as the emitter of a practitioner's lot.
  if (practitioner === undefined || practitioner.kind === 'CAISSE') {
    motives.push(motive('PS_INCONNU'));
    return undefined;
  }
  const outside = earliestActDateOutside(invoice.lines, {
    from: practitioner.conventionFrom,
    to: practitioner.conventionTo,
  });
  if (outside !== 0) motives.push(motive('PS_NON_CONVENTIONNE', `au ${formatFr(outside)}`));
  if (!ibanIsPayable(practitioner.iban)) motives.push(motive('PS_IBAN_INVALIDE'));
  return practitioner;
}
