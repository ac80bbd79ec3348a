import { addDays, addMonths, formatFr, isValidYmd } from '../calendar/ymd.js';
import type { CounterClaim } from '../domain/counter-claim.js';
import type { Invoice } from '../domain/invoice.js';
import type { Beneficiary, GuaranteeLimit } from '../domain/referential.js';
import type { ReferentialView } from '../domain/referential-view.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { InvoiceCoverage } from './coverage.js';
import { beneficiaryCounterKey } from './renewal-claims.js';

/**
 * The contract ceilings an invoice draws on (limits.csv, rules.md §2.9), as counter claims: per
 * limit, the lines whose guarantee it caps, with the period that contains the invoice's date of
 * care. The commit step holds them against the counter (engine/commit/counter-book.ts). One view
 * lookup per covered line, answered at once when the referential has no ceiling.
 */
export function ceilingClaims(
  invoice: Invoice, coverage: InvoiceCoverage, lineAmcCents: readonly Cents[], ref: Pick<ReferentialView, 'guaranteeLimit'>, beneficiary: Beneficiary, careDate: DateYmd,
): { claims: CounterClaim[]; lines: boolean[] } | undefined {
  let byLimit: Map<string, { limit: GuaranteeLimit; rawCents: number; declaredCents: number; acts: number }> | undefined;
  let lines: boolean[] | undefined;
  for (let i = 0; i < invoice.lines.length; i++) {
    const guarantee = coverage.guarantees[i];
    if (guarantee === undefined || guarantee.formula === 'NOT_COVERED') continue;
    const limit = ref.guaranteeLimit(guarantee.contract, guarantee.domain, careDate);
    if (limit === undefined) continue;
    const line = invoice.lines[i]!;
    byLimit ??= new Map();
    lines ??= new Array<boolean>(invoice.lines.length).fill(false);
    lines[i] = true;
    const key = `${limit.contract}|${limit.limitId}`;
    let group = byLimit.get(key);
    if (group === undefined) byLimit.set(key, (group = { limit, rawCents: 0, declaredCents: 0, acts: 0 }));
    group.rawCents += lineAmcCents[i] ?? 0;
    group.declaredCents += line.amcDeclaredCents;
    group.acts += Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0;
  }
  if (byLimit === undefined || lines === undefined || !isValidYmd(careDate)) return undefined;
  const who = beneficiaryCounterKey(invoice);
  const claims: CounterClaim[] = [];
  for (const [key, group] of byLimit) {
    const window = periodOf(group.limit, careDate, beneficiary);
    claims.push({
      key: `PLAFOND|${key}|${who}`,
      fromDate: window.from,
      toDate: window.to,
      amountCeilingCents: group.limit.amountCents,
      countCeiling: group.limit.count,
      rawCents: group.rawCents,
      acts: group.acts,
      declaredCents: group.declaredCents,
      careDate,
      kind: 'CEILING',
      label: window.label,
    });
  }
  return { claims, lines };
}

/** The period of a ceiling that contains the date of care, and how the motive names it. */
export function periodOf(limit: Pick<GuaranteeLimit, 'period' | 'years'>, careDate: DateYmd, beneficiary: Pick<Beneficiary, 'rights' | 'card'>): { from: DateYmd; to: DateYmd; label: string } {
  if (limit.period === 'ROLLING_YEARS') {
    return { from: addDays(addMonths(careDate, -12 * limit.years), 1), to: careDate, label: `pour ${limit.years} an${limit.years > 1 ? 's' : ''} glissant${limit.years > 1 ? 's' : ''}` };
  }
  if (limit.period === 'MEMBERSHIP_YEAR') {
    // The year of membership starts on the anniversary of the first rights (or of the card when
    // the referential gives no rights period).
    const joined = beneficiary.rights[0]?.from ?? beneficiary.card.from;
    let years = Math.floor(careDate / 10_000) - Math.floor(joined / 10_000);
    let from = addMonths(joined, 12 * years);
    if (from > careDate) from = addMonths(joined, 12 * --years);
    const to = addDays(addMonths(joined, 12 * (years + 1)), -1);
    return { from, to, label: `du ${formatFr(from)} au ${formatFr(to)}` };
  }
  const year = Math.floor(careDate / 10_000);
  return { from: (year * 10_000 + 101) as DateYmd, to: (year * 10_000 + 1231) as DateYmd, label: `en ${year}` };
}
