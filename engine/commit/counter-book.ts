import type { CounterClaimMessage } from '../../codecs/proto/liquidation-codec.js';
import type { CounterConsumption, CounterTotal } from '../domain/counter-consumption.js';
import type { Motive } from '../domain/motive.js';
import type { Cents } from '../domain/units.js';
import { formatEurosFr } from '../money/euros.js';
import { motive } from '../rules/motive-factory.js';
import type { LedgerLookups } from './ledger-lookups.js';
import { CounterRunStore } from './counter-run-store.js';

/** What the counters say of one invoice. */
export interface CounterJudgement {
  /** PLAFOND_ATTEINT / RENOUVELLEMENT_ANTICIPE when the declared part exceeds what a counter leaves. */
  motives: Motive[];
  /** PLAFOND_PROCHE per ceiling the invoice, if paid, leaves nearly used up (none when it is rejected). */
  signalements: Motive[];
  /** What the counters take off the computed part (Σ raw − allowed). */
  reductionCents: number;
  /** What the invoice takes from (or, regularising, gives back to) each counter if it is paid. */
  consumptions: CounterConsumption[];
}

/** The invoice a judgement is for. */
export interface CounterSubject {
  practitionerId: string;
  invoiceNumber: string;
  /** Its care's first invoice: itself, or the one a rectificative or annulation regularises. */
  originalInvoice: string;
  /** A regularisation replaces what its care already holds on the counters. */
  regularising: boolean;
}

/**
 * The counters of the run (rules.md §2.6–2.9): held against what earlier runs took (the ledger, as
 * of before the run) and what this run's paid invoices took, by date of care, in input order. An
 * invoice's part under a counter is min(raw, what remains) — or nothing once the counter's acts
 * are used up —, and the practitioner must have declared exactly that: there is no partial
 * payment (P6), so a declared part above it rejects the invoice with what remains in clear. A
 * rectificative first gives back what its care held (the ledger's rows of its original invoice),
 * an annulation only gives back. Holds one small entry per paid invoice that draws on a counter.
 */
export class CounterBook {
  private readonly inRun = new CounterRunStore();

  constructor(private readonly ledger: LedgerLookups) {}

  judge(claims: readonly CounterClaimMessage[], subject: CounterSubject): CounterJudgement {
    const motives: Motive[] = [];
    const signalements: Motive[] = [];
    const consumptions: CounterConsumption[] = [];
    const held = subject.regularising ? this.ledger.careCounters(subject.practitionerId, subject.originalInvoice) : [];
    for (const h of held) consumptions.push(this.consumption(subject, h.key, h.careDate, -h.cents, -h.acts));
    let reductionCents = 0;
    for (const claim of claims) {
      const before = this.consumed(claim);
      // What the care held is given back before the new amount is judged.
      for (const h of held) {
        if (h.key === claim.key && h.careDate >= claim.fromDate && h.careDate <= claim.toDate) {
          before.cents -= h.cents;
          before.acts -= h.acts;
        }
      }
      const remainingCents = claim.amountCeilingCents === 0 ? Number.POSITIVE_INFINITY : Math.max(0, claim.amountCeilingCents - before.cents);
      const remainingActs = claim.countCeiling === 0 ? Number.POSITIVE_INFINITY : Math.max(0, claim.countCeiling - before.acts);
      const actsFit = claim.acts <= remainingActs;
      const allowedCents = actsFit ? Math.min(claim.rawCents, remainingCents) : 0;
      reductionCents += claim.rawCents - allowedCents;
      if (claim.declaredCents !== allowedCents) motives.push(counterMotive(claim, allowedCents, remainingCents, actsFit));
      else if (claim.kind === 'CEILING') {
        const near = nearCeilingSignalement(claim, remainingCents - allowedCents, remainingActs - (actsFit ? claim.acts : 0));
        if (near !== undefined) signalements.push(near);
      }
      if (allowedCents > 0 || (actsFit && claim.acts > 0)) consumptions.push(this.consumption(subject, claim.key, claim.careDate, allowedCents, actsFit ? claim.acts : 0));
    }
    return { motives, signalements, reductionCents, consumptions };
  }

  /** The invoice was paid: what it took counts for the invoices after it. */
  record(consumptions: readonly CounterConsumption[]): void {
    for (const c of consumptions) this.inRun.add(c.key, c.careDate, c.cents, c.acts);
  }

  clear(): void {
    this.inRun.clear();
  }

  private consumed(claim: CounterClaimMessage): CounterTotal {
    const total = this.ledger.counterConsumed(claim.key, claim.fromDate, claim.toDate);
    this.inRun.addInto(claim.key, claim.fromDate, claim.toDate, total);
    return total;
  }

  private consumption(subject: CounterSubject, key: string, careDate: number, cents: number, acts: number): CounterConsumption {
    return { key, careDate, cents, acts, practitionerId: subject.practitionerId, invoiceNumber: subject.invoiceNumber, originalInvoice: subject.originalInvoice };
  }
}

/**
 * A ceiling is "nearly used up" when what it leaves after the invoice is at most this share of it
 * (rules.md §5.2: a signalement, not a rejection): the practitioner learns before the next care
 * that the patient will have to pay more. 10 %, in basis points so the test stays in integers.
 */
export const NEAR_CEILING_REMAINING_BASIS_POINTS_MAX = 1_000;

/**
 * PLAFOND_PROCHE when what the paid invoice leaves of the ceiling is 10 % or less of its amount,
 * or of its acts, or only its last act: "reste 12,00 € sur 160,00 € en 2026".
 */
export function nearCeilingSignalement(claim: CounterClaimMessage, remainingCentsAfter: number, remainingActsAfter: number): Motive | undefined {
  const parts: string[] = [];
  if (claim.amountCeilingCents > 0 && remainingCentsAfter * 10_000 <= claim.amountCeilingCents * NEAR_CEILING_REMAINING_BASIS_POINTS_MAX) {
    parts.push(`${formatEurosFr(remainingCentsAfter as Cents)} € sur ${formatEurosFr(claim.amountCeilingCents as Cents)} €`);
  }
  if (claim.countCeiling > 0 && (remainingActsAfter <= 1 || remainingActsAfter * 10_000 <= claim.countCeiling * NEAR_CEILING_REMAINING_BASIS_POINTS_MAX)) {
    parts.push(`${remainingActsAfter} acte${remainingActsAfter > 1 ? 's' : ''} sur ${claim.countCeiling}`);
  }
  return parts.length === 0 ? undefined : motive('PLAFOND_PROCHE', `: reste ${parts.join(' et ')} ${claim.label}`);
}

function counterMotive(claim: CounterClaimMessage, allowedCents: number, remainingCents: number, actsFit: boolean): Motive {
  if (claim.kind === 'RENEWAL') return motive('RENOUVELLEMENT_ANTICIPE', `(${claim.label} : part complémentaire due ${formatEurosFr(allowedCents as Cents)})`);
  if (!actsFit) return motive('PLAFOND_ATTEINT', `(nombre d'actes atteint : ${claim.countCeiling} ${claim.label})`);
  const ceiling = formatEurosFr(claim.amountCeilingCents as Cents);
  return motive('PLAFOND_ATTEINT', `: reste ${formatEurosFr(Math.min(remainingCents, claim.amountCeilingCents) as Cents)} € sur ${ceiling} € ${claim.label}`);
}
