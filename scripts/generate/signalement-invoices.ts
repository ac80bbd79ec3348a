import { addBusinessDays } from '../../engine/calendar/banking-calendar.js';
import type { DateYmd } from '../../engine/domain/units.js';
import { plusDays } from './dates.js';
import type { InvoiceFactory } from './invoice-factory.js';
import type { GenInvoice, GenLine, GenPractitioner, GeneratedChannel, PractitionerProfile, SignalementCategory } from './model.js';
import type { Prng } from './prng.js';

/**
 * Paid invoices that carry a signalement (model.ts SIGNALEMENT_CATEGORIES): a valid invoice of the
 * day's factory — so its beneficiary and date of care are a turn no other invoice takes, and no
 * accidental duplicate can arise — given the one fault that is no reason to refuse it (rules.md
 * S3, S4; engine/rules/transmission-delay.ts, optional-rubrics.ts):
 *
 * - TRANSMISSION_TARDIVE: sent to the RO 1–15 days after the last day of R. 161-47's term, 8 jours
 *   ouvrés after the last act for an FSE or a DRE (French public holidays and TARGET closings are
 *   not working days), 8 days for paper; never after the accounting day;
 * - MENTION_DATE_ENVOI_RO: no RO sending date (R. 161-42 10°) on B2 PS, DRE or paper;
 * - MENTION_EXONERATION: an ALD invoice whose lines at 100 % that are neither a hospital service
 *   nor 100 % by nature lose their exonération code (blank, or 0 "sans objet"; R. 161-42 9°), on
 *   B2 PS, DRE and the hospital B2 (a consultation during the stay);
 * - MENTION_ACCIDENT: a hospital stay under nature d'assurance 41 (AT/MP) without the accident's
 *   number or date (R. 161-42 4°); the hospital B2 is the one format carrying both zones.
 *
 * The accord préalable reference (R. 161-42 6°) is not made: it is due only for an act that
 * act-domains.csv marks `accord_prealable`, the built-in table marks none, and the generator
 * writes no act-domains.csv of its own.
 *
 * Every invoice is paid as declared: the declared AMC is the card's, and none of these changes
 * touches an amount.
 */

/** The channels whose formats carry each category's rubric (docs/formats.md, "Non-blocking rubrics"). */
export const SIGNALEMENT_CHANNELS: Readonly<Record<SignalementCategory, readonly GeneratedChannel[]>> = {
  TRANSMISSION_TARDIVE: ['B2_PS', 'DRE', 'PAPER'],
  MENTION_DATE_ENVOI_RO: ['B2_PS', 'DRE', 'PAPER'],
  MENTION_EXONERATION: ['B2_PS', 'DRE', 'B2_ETAB'],
  MENTION_ACCIDENT: ['B2_ETAB'],
};

/** Invoices of each category on each of its channels: this share of the day's invoices, at least the minimum. */
export const SIGNALEMENT_INVOICE_SHARE = 0.0005;
export const SIGNALEMENT_INVOICES_MIN = 3;

/** R. 161-47 I 1° b and 2° b: the FSE's term in jours ouvrés, the paper feuille's in days. */
const FSE_TERM_WORKING_DAYS = 8;
const PAPER_TERM_DAYS = 8;
/** How many days past the term a late invoice was sent, at most. */
const LATE_DAYS_MAX = 15;

/** Nature d'assurance accident du travail / maladie professionnelle (formats.md B14). */
const NATURE_ASSURANCE_AT_MP = '41';

/**
 * Profiles whose valid invoices never need a PEC (optique and dental prostheses do: their PEC rows
 * would be written into pecs.csv, among the day's).
 */
const PROFILES_WITHOUT_PEC: readonly PractitionerProfile[] = [
  'GENERALISTE', 'SPECIALISTE_S1', 'SPECIALISTE_OPTAM', 'SPECIALISTE_NON_OPTAM', 'INFIRMIER', 'KINE', 'LABORATOIRE', 'PHARMACIE',
];
/**
 * Profiles whose ALD invoices leave the AMC something to pay: a dépassement, a medicine at 15 %.
 * An ALD consultation at tarif opposable leaves the AMC nothing, and no invoice is made of it.
 */
const PROFILES_PAID_UNDER_ALD: readonly PractitionerProfile[] = ['SPECIALISTE_OPTAM', 'SPECIALISTE_NON_OPTAM', 'PHARMACIE'];

/** Builds tried before a category gives up on a practitioner list (an invoice too recent to be late, an ALD invoice with nothing at 100 %). */
const TRIES_MAX = 40;

export interface SignalementInvoice {
  readonly invoice: GenInvoice;
  readonly category: SignalementCategory;
}

export class SignalementInvoiceFactory {
  /** Exonération codes cleared so far: they alternate blank and 0, both of which justify nothing. */
  private clearedCodes = 0;

  constructor(private readonly factory: InvoiceFactory, private readonly rng: Prng, private readonly accountingYmd: number) {}

  /**
   * An invoice of `category` on `channel` from one of `practitioners` (by profile; for B2_ETAB the
   * one establishment of the file), or undefined when none could be made.
   */
  build(category: SignalementCategory, channel: GeneratedChannel, practitioners: ReadonlyMap<PractitionerProfile, readonly GenPractitioner[]>): SignalementInvoice | undefined {
    const profiles = channel === 'B2_ETAB' ? ['ETABLISSEMENT' as const] : category === 'MENTION_EXONERATION' ? PROFILES_PAID_UNDER_ALD : PROFILES_WITHOUT_PEC;
    const candidates = profiles.flatMap((p) => practitioners.get(p) ?? []);
    if (candidates.length === 0) return undefined;
    const exonerated = category === 'MENTION_EXONERATION';
    for (let tries = 0; tries < TRIES_MAX; tries++) {
      const practitioner = this.rng.pick(candidates);
      const invoice = this.factory.build(channel, practitioner, 'VALID', '', exonerated);
      if (invoice !== undefined && this.give(category, channel, invoice)) return { invoice, category };
    }
    return undefined;
  }

  /** Gives `invoice` its fault; false when this invoice cannot carry it. */
  private give(category: SignalementCategory, channel: GeneratedChannel, invoice: GenInvoice): boolean {
    switch (category) {
      case 'TRANSMISSION_TARDIVE': {
        const lastAct = Math.max(...invoice.lines.map((l) => l.actDate));
        const limit = channel === 'PAPER'
          ? plusDays(lastAct, PAPER_TERM_DAYS)
          : addBusinessDays(lastAct as DateYmd, FSE_TERM_WORKING_DAYS, 'TARGET_AND_FR');
        // Care too recent for its term to have run out by the accounting day.
        if (limit >= this.accountingYmd) return false;
        invoice.roSentDate = Math.min(this.accountingYmd, plusDays(limit, this.rng.int(1, LATE_DAYS_MAX)));
        return true;
      }
      case 'MENTION_DATE_ENVOI_RO':
        invoice.roSentDate = 0;
        return true;
      case 'MENTION_EXONERATION': {
        const due = invoice.lines.filter(exonerationIsDue);
        if (due.length === 0) return false;
        for (const line of due) line.exoCode = this.clearedCodes++ % 2 === 0 ? ' ' : '0';
        return true;
      }
      case 'MENTION_ACCIDENT':
        invoice.natureAssurance = NATURE_ASSURANCE_AT_MP;
        return true;
    }
  }
}

/**
 * A line whose 100 % needs the exonération mention: the AMO pays it at 100 % under the ALD code the
 * factory wrote, and it is neither a hospital service (its 100 % has other causes) nor a PEC act.
 */
const exonerationIsDue = (line: GenLine): boolean =>
  line.amoRatePercent === 100 && line.exoCode === '4' && line.spec.family !== 'HOSPITALISATION' && !line.spec.pecRequired;
