import type { Debt, DebtOffset, OpenDebt } from '../domain/regularisation.js';
import type { Cents } from '../domain/units.js';

/** The day's set-off: what each practitioner's transfer recovers, and the debts left open. */
export interface SetOff {
  offsets: DebtOffset[];
  /** Per practitioner, the total recovered from the day's transfer. */
  recoveredByPractitioner: Map<string, number>;
  /** Every debt still open after the day, by practitioner then age (earlier ones and the day's). */
  openAfter: OpenDebt[];
}

/** The key of what one AMC pays one practitioner on the day: set-off recovers a debt from it. */
export const payerKey = (practitionerId: string, amcNumber: string): string => `${practitionerId}|${amcNumber}`;

/**
 * rules.md §6.2 and §7.2: a practitioner's open debts are recovered from the practitioner's
 * transfers, oldest first (the ledger's debts by day and creation, then the day's own in input
 * order), never taking a transfer below zero: what is left is carried to the next days. The
 * order depends on the inputs only, so a replay recovers the same cents from the same debts.
 *
 * A debt is the AMC's: it is recovered from what that AMC pays the practitioner in the transfer,
 * never from another AMC's money (the operator pays on each AMC's behalf), so every AMC's share of
 * the transfer, as the NOEMIE return states it, stays at or above zero.
 *
 * @param grossByPayer what each AMC pays each practitioner today before set-off (payerKey → cents)
 * @param openBefore the ledger's open debts, by practitioner then oldest first
 * @param created the debts the day's regularisations created, in input order
 */
export function setOff(grossByPayer: ReadonlyMap<string, number>, openBefore: readonly OpenDebt[], created: readonly Debt[]): SetOff {
  const debtsOf = new Map<string, OpenDebt[]>();
  const queue = (debt: OpenDebt): void => {
    let list = debtsOf.get(debt.practitionerId);
    if (list === undefined) debtsOf.set(debt.practitionerId, (list = []));
    list.push(debt);
  };
  for (const debt of openBefore) queue({ ...debt });
  for (const debt of created) queue({ ...debt, remainingCents: debt.amountCents });

  const offsets: DebtOffset[] = [];
  const recoveredByPractitioner = new Map<string, number>();
  const openAfter: OpenDebt[] = [];
  for (const practitionerId of [...debtsOf.keys()].sort()) {
    const available = new Map<string, number>();
    let recovered = 0;
    for (const debt of debtsOf.get(practitionerId)!) {
      const payer = payerKey(practitionerId, debt.amcNumber);
      const left = available.get(payer) ?? grossByPayer.get(payer) ?? 0;
      const take = Math.min(left, debt.remainingCents);
      if (take > 0) {
        available.set(payer, left - take);
        recovered += take;
        debt.remainingCents = (debt.remainingCents - take) as Cents;
        offsets.push({
          practitionerId, amcNumber: debt.amcNumber, debtInvoice: debt.invoiceNumber, originalInvoice: debt.originalInvoice,
          debtCreatedOn: debt.createdOn, amountCents: take as Cents, remainingCents: debt.remainingCents,
        });
      }
      if (debt.remainingCents > 0) openAfter.push(debt);
    }
    if (recovered > 0) recoveredByPractitioner.set(practitionerId, recovered);
  }
  return { offsets, recoveredByPractitioner, openAfter };
}
