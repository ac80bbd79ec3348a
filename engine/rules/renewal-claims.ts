import { createHash } from 'node:crypto';
import { addDays, addMonths, isValidYmd } from '../calendar/ymd.js';
import type { CounterClaim } from '../domain/counter-claim.js';
import type { Invoice } from '../domain/invoice.js';
import type { Cents, DateYmd } from '../domain/units.js';
import type { InvoiceCoverage } from './coverage.js';

/** R871-2 3°: one optical equipment per 2 years, per year under 16 (rules.md §2.6). */
const OPTIQUE_RENEWAL_YEARS = 2;
const OPTIQUE_RENEWAL_YEARS_CHILD = 1;
const CHILD_AGE_BELOW = 16;
/** R871-2 4°: one hearing aid per ear per 4 years (rules.md §2.7). */
const AID_RENEWAL_YEARS = 4;
/**
 * Neither B2 / DRE nor the LPP code says which ear an aid is for (engine/rules/equipment-delivered.ts):
 * two aids per period, one per ear, is what the rule allows a beneficiary whatever the sides.
 */
const AIDS_PER_PERIOD = 2;

/**
 * The beneficiary as a counter names it: a digest of AMC, NIR, birth date and rank. The counters
 * live in the ledger for years; they key a person without storing who it is.
 */
export function beneficiaryCounterKey(invoice: Pick<Invoice, 'amcNumber' | 'nir' | 'birthDate' | 'birthRank'>): string {
  return createHash('sha256').update(`${invoice.amcNumber}|${invoice.nir}|${invoice.birthDate}|${invoice.birthRank}`).digest('hex').slice(0, 20);
}

/**
 * The renewal periods of the contrats responsables (R871-2 3° and 4°), as counters: the optical
 * equipment and the hearing aids an invoice delivers under a responsable guarantee, and the lines
 * they count (the commit step may lower those). A renewal is about spacing, so the window runs
 * both ways from the delivery: an equipment of an earlier day that arrives later still conflicts
 * with one already paid. Undefined for nearly every invoice, with nothing allocated (one array
 * walk over the lines' equipment items, already resolved).
 */
export function renewalClaims(invoice: Invoice, coverage: InvoiceCoverage, lineAmcCents: readonly Cents[]): { claims: CounterClaim[]; lines: boolean[] } | undefined {
  let optique: { deliveredOn: number; rawCents: number; declaredCents: number } | undefined;
  let aids: { deliveredOn: number; rawCents: number; declaredCents: number; count: number } | undefined;
  let lines: boolean[] | undefined;
  for (let i = 0; i < invoice.lines.length; i++) {
    const line = invoice.lines[i]!;
    const item = coverage.equipment[i];
    if (item === undefined || coverage.guarantees[i]?.responsable !== true) continue;
    const amc = lineAmcCents[i] ?? 0;
    if (item.kind === 'LENS' || item.kind === 'FRAME') {
      optique ??= { deliveredOn: 0, rawCents: 0, declaredCents: 0 };
      // The equipment is delivered when its last piece is.
      optique.deliveredOn = Math.max(optique.deliveredOn, line.actDate);
      optique.rawCents += amc;
      optique.declaredCents += line.amcDeclaredCents;
    } else if (item.kind === 'HEARING_AID') {
      aids ??= { deliveredOn: 0, rawCents: 0, declaredCents: 0, count: 0 };
      aids.deliveredOn = Math.max(aids.deliveredOn, line.actDate);
      aids.rawCents += amc;
      aids.declaredCents += line.amcDeclaredCents;
      aids.count += Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0;
    } else {
      continue;
    }
    // Counted whether or not its own kind ends up with a claim (aids of quantity 0, a date that
    // is not one): the lines are those of the renewal equipment, the claims what they amount to.
    lines ??= new Array<boolean>(invoice.lines.length).fill(false);
    lines[i] = true;
  }
  if (lines === undefined) return undefined;
  const claims: CounterClaim[] = [];
  if (optique !== undefined && isValidYmd(optique.deliveredOn)) {
    const years = isChildOn(invoice.birthDate, optique.deliveredOn) ? OPTIQUE_RENEWAL_YEARS_CHILD : OPTIQUE_RENEWAL_YEARS;
    claims.push(renewal(invoice, 'RENOUVELLEMENT_OPTIQUE', optique.deliveredOn, years, 1, 1, optique, `un équipement d'optique par période de ${years} an${years > 1 ? 's' : ''}`));
  }
  if (aids !== undefined && aids.count > 0 && isValidYmd(aids.deliveredOn)) {
    claims.push(renewal(invoice, 'RENOUVELLEMENT_AUDIO', aids.deliveredOn, AID_RENEWAL_YEARS, AIDS_PER_PERIOD, aids.count, aids, `une aide auditive par oreille par période de ${AID_RENEWAL_YEARS} ans`));
  }
  return claims.length === 0 ? undefined : { claims, lines };
}

function renewal(
  invoice: Invoice, rule: string, deliveredOn: DateYmd, years: number, countCeiling: number, acts: number,
  amounts: { rawCents: number; declaredCents: number }, label: string,
): CounterClaim {
  return {
    key: `${rule}|${beneficiaryCounterKey(invoice)}`,
    // Another delivery strictly less than `years` before or after this one conflicts with it.
    fromDate: addDays(addMonths(deliveredOn, -12 * years), 1),
    toDate: addDays(addMonths(deliveredOn, 12 * years), -1),
    amountCeilingCents: 0,
    countCeiling,
    rawCents: amounts.rawCents,
    acts,
    declaredCents: amounts.declaredCents,
    careDate: deliveredOn,
    kind: 'RENEWAL',
    label,
  };
}

/** Under 16 on that day (a lunar birth date, day or month 00, counts from the start of its month or year). */
function isChildOn(birthDate: number, on: number): boolean {
  if (birthDate <= 0) return false;
  const sixteenth = birthDate + CHILD_AGE_BELOW * 10_000;
  return on < sixteenth;
}
