import { ACTS, lineDomain, type ActSpec } from './act-catalog.js';
import type { SpecialPool } from './beneficiary-pool.js';
import { OSTEO_CEILING, pays } from './contracts.js';
import type { CounterKind, CounterOriginals } from './counter-originals.js';
import { plusDays } from './dates.js';
import type { FactoryWorld, InvoiceFactory } from './invoice-factory.js';
import { amoCents } from './line-amc.js';
import { totalOf, type CounterCategory, type GenBeneficiary, type GenInvoice, type GenLine, type GenPractitioner, type GeneratedChannel, type PractitionerProfile } from './model.js';
import type { Prng } from './prng.js';

/**
 * The invoices that meet the ledger's counters (rules.md §2.6, §2.9): the previous day pays a
 * beneficiary of a counter pool (an original), and the day sends that beneficiary's next care
 * (a follow-up), which the counter the original filled decides.
 *
 *   CEILING  a kinésithérapeute's ostéopathie sessions (act HN, no AMO, fee 60.00 €) under
 *            NR-OSTEO: 40.00 € a session, 160.00 € over a rolling year. The original takes
 *            40.00–140.00 €; the follow-up has one session more than what remains can pay.
 *              PLAFOND_ATTEINT  declared in full: refused, "reste X € sur 160,00 €"
 *              PLAFONNEE        declared as what remains: paid that much
 *   RENEWAL  an optician's classe B frame (MON) under RESP-OPTIQUE, a contrat responsable: one
 *            equipment per 2 years (1 under 16). The follow-up, days later, is refused
 *            (RENOUVELLEMENT_ANTICIPE).
 *
 * Every amount is the card's (line-amc.ts), so the practitioner declares what the engine computes
 * before the counter speaks; the ceiling's arithmetic is the generator's own.
 */

/** Originals made beyond the day's expected share, so that every follow-up finds one. */
const ORIGINALS_MARGIN = 1.25;
/** Invoice lines an original has on average: 1–3 sessions and half the time a short one; one frame. */
export const ORIGINAL_LINES: Readonly<Record<CounterKind, number>> = { CEILING: 2.5, RENEWAL: 1 };
const SESSION_FEE_CENTS = 6000;
/** A shorter session: its forfait is its fee, so the original leaves less than a whole session. */
const SHORT_SESSION_FEE_CENTS = 2000;
const FRAME_FEES_CENTS = [5900, 7900, 8900, 9900] as const;

const KIND_OF_PROFILE: Partial<Record<PractitionerProfile, CounterKind>> = { KINE: 'CEILING', OPTICIEN: 'RENEWAL' };
/** Who bills what a counter of each kind holds. */
export const PROFILE_OF_KIND: Readonly<Record<CounterKind, PractitionerProfile>> = { CEILING: 'KINE', RENEWAL: 'OPTICIEN' };
const POOL_OF_KIND: Record<CounterKind, SpecialPool> = { CEILING: 'CAPPED', RENEWAL: 'EQUIPPED' };
const KIND_OF_CATEGORY: Record<CounterCategory, CounterKind> = { PLAFOND_ATTEINT: 'CEILING', PLAFONNEE: 'CEILING', RENOUVELLEMENT_ANTICIPE: 'RENEWAL' };

/** The counter a follow-up of `category` meets. */
export const counterKindOf = (category: CounterCategory): CounterKind => KIND_OF_CATEGORY[category];
/** Whether a practitioner of `profile` bills what a counter of `kind` holds. */
export const sendsCounted = (profile: PractitionerProfile, kind: CounterKind): boolean => KIND_OF_PROFILE[profile] === kind;

/**
 * The originals of each kind the previous day makes: what the day's schedule will ask of each
 * kind's categories (`dayInvoices` × rate, split evenly over `categories`), with a margin, within
 * the pool's members.
 */
export function originalsWanted(dayInvoices: number, anomalyRate: number, categories: number, poolMembers: number): Record<CounterKind, number> {
  const wanted = (kind: CounterKind): number => {
    const followUps = Object.values(KIND_OF_CATEGORY).filter((k) => k === kind).length;
    return Math.min(poolMembers, Math.ceil(((dayInvoices * anomalyRate) / categories) * followUps * ORIGINALS_MARGIN));
  };
  return { CEILING: wanted('CEILING'), RENEWAL: wanted('RENEWAL') };
}

export class CounterFactory {
  private readonly turns: Record<CounterKind, number> = { CEILING: 0, RENEWAL: 0 };

  constructor(
    private readonly world: FactoryWorld,
    private readonly rng: Prng,
    private readonly invoices: InvoiceFactory,
    private readonly originals: CounterOriginals,
  ) {}

  /**
   * On the previous day, `progress` (0–1) through its lines: instead of a valid invoice of
   * `practitioner`, an original of a counter pool member (paid whole, recorded for the day) while
   * the originals of what it bills are behind. Undefined otherwise.
   */
  original(channel: GeneratedChannel, practitioner: GenPractitioner, progress: number): GenInvoice | undefined {
    const kind = KIND_OF_PROFILE[practitioner.profile];
    if (kind === undefined || !this.originals.owes(kind, progress) || this.turns[kind] >= this.world.pool.counterCount) return undefined;
    const beneficiaryIndex = this.world.pool.specialIndex(POOL_OF_KIND[kind], this.turns[kind]++);
    const ben = this.world.pool.at(beneficiaryIndex);
    const firstCare = plusDays(this.world.accountingYmd, -this.rng.int(25, 40));
    const lines: GenLine[] = [];
    if (kind === 'CEILING') {
      for (let i = this.rng.int(1, 3); i > 0; i--) lines.push(this.line(ACTS.HN, plusDays(firstCare, lines.length), SESSION_FEE_CENTS, ben));
      if (this.rng.chance(0.5)) lines.push(this.line(ACTS.HN, plusDays(firstCare, lines.length), SHORT_SESSION_FEE_CENTS, ben));
    } else {
      lines.push(this.line(ACTS.MON, firstCare, this.rng.pick(FRAME_FEES_CENTS), ben));
    }
    const invoice = this.invoiceOf(channel, practitioner, ben, lines, 'VALID');
    invoice.expectedAmountCents = totalOf(lines, (l) => l.amcDeclaredCents);
    this.originals.add(kind, {
      beneficiaryIndex,
      lastCareDate: lines[lines.length - 1]!.actDate,
      consumedCents: kind === 'CEILING' ? invoice.expectedAmountCents : 0,
    });
    return invoice;
  }

  /** On the day: the next care of an original's beneficiary, of `category`; undefined when none is left. */
  followUp(category: CounterCategory, channel: GeneratedChannel, practitioner: GenPractitioner): GenInvoice | undefined {
    const kind = counterKindOf(category);
    const original = this.originals.take(kind);
    if (original === undefined) return undefined;
    const ben = this.world.pool.at(original.beneficiaryIndex);
    const care = plusDays(original.lastCareDate, this.rng.int(1, 10));
    const lines: GenLine[] = [];
    let expectedCents = 0;
    if (kind === 'CEILING') {
      const remainingCents = OSTEO_CEILING.amountCents - original.consumedCents;
      const first = this.line(ACTS.HN, care, SESSION_FEE_CENTS, ben);
      // One session more than the remaining amount pays for.
      const sessions = Math.floor(remainingCents / first.amcDeclaredCents) + 1;
      lines.push(first);
      for (let i = 1; i < sessions; i++) lines.push(this.line(ACTS.HN, plusDays(care, i), SESSION_FEE_CENTS, ben));
      if (category === 'PLAFONNEE') {
        // The practitioner declares what remains, session by session, and nothing beyond.
        let left = remainingCents;
        for (const line of lines) {
          line.amcDeclaredCents = Math.min(line.amcDeclaredCents, left);
          left -= line.amcDeclaredCents;
        }
        expectedCents = remainingCents;
      }
    } else {
      lines.push(this.line(ACTS.MON, care, this.rng.pick(FRAME_FEES_CENTS), ben));
    }
    const invoice = this.invoiceOf(channel, practitioner, ben, lines, category);
    invoice.expectedAmountCents = expectedCents;
    return invoice;
  }

  private invoiceOf(channel: GeneratedChannel, practitioner: GenPractitioner, ben: GenBeneficiary, lines: GenLine[], category: GenInvoice['category']): GenInvoice {
    const invoice = this.invoices.invoiceAround(channel, practitioner, ben, lines[0]!.actDate, lines, category);
    invoice.invoiceNumber = this.invoices.nextNumber(practitioner);
    return invoice;
  }

  /** One act, coefficient 1, quantity 1, priced as the AMO and the card price it. */
  private line(spec: ActSpec, actDate: number, feeCents: number, ben: GenBeneficiary): GenLine {
    const { book, calculator } = this.world;
    const rate = ben.alsaceMoselle ? spec.amoRateAlsaceMosellePercent : spec.amoRatePercent;
    const baseCents = spec.unitPriceCents;
    const amo = amoCents(baseCents, rate);
    const guarantee = book.resolve(ben.contract, lineDomain(spec, rate), actDate);
    if (!pays(guarantee)) throw new Error(`contract ${ben.contract} does not pay ${spec.code}`);
    const amc = calculator.amcCents(guarantee, { baseCents, amoCents: amo, feeCents, quantity: 1 }, { medecinAct: false, horsParcours: false, nonOptam: false });
    return {
      spec, record: 'T4', actDate, endDate: 0, quantity: 1, coefficientHundredths: 100, unitPriceCents: spec.unitPriceCents,
      baseCents, amoRatePercent: rate, amoCents: amo, feeCents, amcDeclaredCents: amc, exoCode: ' ',
    };
  }
}
