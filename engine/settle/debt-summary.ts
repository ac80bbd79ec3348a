import { daysBetween, formatIso } from '../calendar/ymd.js';
import type { DateYmd } from '../domain/units.js';
import type { DaySettlement, RegularisedInvoice } from '../run/day-book.js';

/** summary.json's account of the day's regularisations and of the practitioners' debts. */
export interface DebtSummary {
  regularisations: { rectificatives: number; annulations: number; complementCents: number; debtsCreatedCents: number };
  debts: {
    openBefore: { count: number; cents: number };
    created: { count: number; cents: number };
    recovered: { offsets: number; cents: number };
    openAfter: { count: number; cents: number };
  };
  /** Debts open at least this many days after the day they arose (--debt-overdue-days). */
  overdueAfterDays: number;
  /** For the operator's recovery procedure (rules.md §6.2 step 4), oldest first. */
  overdue: OverdueDebt[];
}

export interface OverdueDebt {
  practitionerId: string;
  /** The rectificative or annulation that created the debt, and the invoice it regularised. */
  debtInvoice: string;
  originalInvoice: string;
  createdOn: string;
  ageDays: number;
  remainingCents: number;
}

/**
 * The section, or undefined on a day with no regularisation and no debt open before or after: the
 * summary of such a day keeps the bytes it had before debts existed.
 */
export function debtSummaryOf(settlement: DaySettlement, regularised: readonly RegularisedInvoice[], accountingDate: DateYmd, overdueAfterDays: number): DebtSummary | undefined {
  const { openBefore, debts } = settlement;
  if (regularised.length === 0 && openBefore.length === 0 && debts.openAfter.length === 0) return undefined;
  let rectificatives = 0;
  let annulations = 0;
  let complementCents = 0;
  let debtsCreated = 0;
  let debtsCreatedCents = 0;
  for (const { regularisation: r } of regularised) {
    if (r.nature === 'ANNULATION') annulations++;
    else rectificatives++;
    if (r.deltaCents > 0) complementCents += r.deltaCents;
    if (r.deltaCents < 0) {
      debtsCreated++;
      debtsCreatedCents -= r.deltaCents;
    }
  }
  const sum = (cents: Iterable<{ remainingCents: number }>): number => {
    let total = 0;
    for (const d of cents) total += d.remainingCents;
    return total;
  };
  let recoveredCents = 0;
  for (const o of debts.offsets) recoveredCents += o.amountCents;
  const overdue = debts.openAfter
    .map((d) => ({ debt: d, ageDays: daysBetween(d.createdOn, accountingDate) }))
    .filter((o) => o.ageDays >= overdueAfterDays)
    .sort((a, b) => b.ageDays - a.ageDays || (a.debt.practitionerId < b.debt.practitionerId ? -1 : a.debt.practitionerId > b.debt.practitionerId ? 1 : 0) || (a.debt.invoiceNumber < b.debt.invoiceNumber ? -1 : 1))
    .map(({ debt, ageDays }) => ({
      practitionerId: debt.practitionerId, debtInvoice: debt.invoiceNumber, originalInvoice: debt.originalInvoice,
      createdOn: formatIso(debt.createdOn), ageDays, remainingCents: debt.remainingCents,
    }));
  return {
    regularisations: { rectificatives, annulations, complementCents, debtsCreatedCents },
    debts: {
      openBefore: { count: openBefore.length, cents: sum(openBefore) },
      created: { count: debtsCreated, cents: debtsCreatedCents },
      recovered: { offsets: debts.offsets.length, cents: recoveredCents },
      openAfter: { count: debts.openAfter.length, cents: sum(debts.openAfter) },
    },
    overdueAfterDays,
    overdue,
  };
}
