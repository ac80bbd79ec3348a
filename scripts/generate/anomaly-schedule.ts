import { SCHEDULED_CATEGORIES, type InvoiceCategory, type GeneratedChannel, type PractitionerProfile, type ScheduledCategory } from './model.js';
import { counterKindOf, sendsCounted } from './counter-factory.js';
import type { CounterOriginals } from './counter-originals.js';
import type { Prng } from './prng.js';

/**
 * Spreads the anomalies over the day: each category of SCHEDULED_CATEGORIES (the rejections, the
 * regularisations of the previous day's invoices and the counters it filled) is owed `anomalyRate / 20` of the invoices
 * seen so far, and an invoice becomes an anomaly of the category most behind that this
 * practitioner, on this channel, can produce. Being owed-driven (not a coin per invoice) keeps
 * every category present at its share even on a small day, and lets rare combinations (a PEC
 * invoice needs an optician or a dentist) catch up when their practitioners come by.
 *
 * LOT_INVALIDE is decided per lot: a broken lot rejects all its invoices, so it is kept small and
 * made when enough invoices are owed to that category.
 */

export interface InvoiceSituation {
  readonly channel: GeneratedChannel;
  readonly profile: PractitionerProfile;
  /** A valid, PEC-free invoice earlier in the same lot (needed for both kinds of duplicate). */
  readonly hasEarlierValid: boolean;
  /** The previous day paid this practitioner an invoice still free to regularise. */
  readonly hasPreviousDayInvoice: boolean;
  /** The previous day's payments into the counters that no invoice of the day has met yet. */
  readonly counterOriginals: Pick<CounterOriginals, 'has'>;
}

const PEC_PROFILES: ReadonlySet<PractitionerProfile> = new Set(['OPTICIEN', 'DENTISTE']);
const UNCOVERED_PROFILES: ReadonlySet<PractitionerProfile> = new Set(['PHARMACIE', 'INFIRMIER', 'KINE', 'LABORATOIRE', 'DENTISTE']);

/** Whether this invoice can be an anomaly of `category` (see invoice-factory.ts for how each is made). */
export function canProduce(category: ScheduledCategory, s: InvoiceSituation): boolean {
  switch (category) {
    case 'DOMAINE_NON_COUVERT':
      return UNCOVERED_PROFILES.has(s.profile);
    case 'PEC_ABSENTE':
    case 'PEC_DEPASSEE':
      return PEC_PROFILES.has(s.profile);
    case 'HORS_DELAI':
      // Hospital B2 carries no date of RO sending, so which date starts its window is a reading.
      return s.channel !== 'B2_ETAB';
    case 'MONTANT_AMC_DIFFERENT':
      return s.profile !== 'OPTICIEN';
    case 'SECURISATION_DEGRADEE':
      return s.channel === 'B2_PS' || s.channel === 'DRE';
    case 'STRUCTURE_INVALIDE':
      return s.channel !== 'PAPER';
    case 'DOUBLON':
      // Placed after its original in the same lot, so "later in the run" holds whatever file order.
      return s.channel !== 'PAPER' && s.profile !== 'OPTICIEN' && s.hasEarlierValid;
    case 'DOUBLON_FONCTIONNEL':
      return s.channel !== 'PAPER' && s.hasEarlierValid;
    case 'LOT_INVALIDE':
      return false;
    // A fresh care sent as a rectificative: no optician, whose invoices all go with a PEC.
    case 'FACTURE_RECTIFIEE_INCONNUE':
      return s.profile !== 'OPTICIEN';
    // Names the earlier invoice of the lot, so paid earlier in the run whatever the file order.
    case 'RECTIFICATIVE_PREMATUREE':
      return s.channel !== 'PAPER' && s.profile !== 'OPTICIEN' && s.hasEarlierValid;
    case 'RECTIFICATIVE_COMPLEMENT':
    case 'RECTIFICATIVE_INDU':
    case 'ANNULATION':
      return s.hasPreviousDayInvoice;
    // The next care of a beneficiary the previous day paid into a counter, by whoever bills it.
    case 'PLAFOND_ATTEINT':
    case 'PLAFONNEE':
    case 'RENOUVELLEMENT_ANTICIPE': {
      const kind = counterKindOf(category);
      return sendsCounted(s.profile, kind) && s.counterOriginals.has(kind);
    }
    default:
      return true;
  }
}

/** Largest broken lot: one lot should not swallow a category's share on a small day. */
const BROKEN_LOT_INVOICES_MAX = 25;

export class AnomalySchedule {
  private readonly owedPerInvoice: number;
  /** Anomalies made per category, indexed like `categories`. */
  private readonly made: number[];
  /**
   * How far behind a category must fall before its next anomaly, redrawn in [0.3, 1.7] after each
   * one: on average one per invoice owed, but categories drift apart instead of falling due together.
   */
  private readonly threshold: number[];
  private invoices = 0;
  readonly counts = new Map<InvoiceCategory, number>();

  private readonly lotIndex: number;

  constructor(
    anomalyRate: number,
    private readonly rng: Prng,
    /** The categories of the mix, in this order (a day without regularisations has fewer). */
    private readonly categories: readonly ScheduledCategory[] = SCHEDULED_CATEGORIES,
  ) {
    this.owedPerInvoice = anomalyRate / categories.length;
    this.made = categories.map(() => 0);
    this.threshold = categories.map(() => rng.float());
    this.lotIndex = categories.indexOf('LOT_INVALIDE');
  }

  /** How many anomalies of the category are owed beyond its current threshold. */
  private due(i: number): number {
    return this.owedPerInvoice * this.invoices - (this.made[i] ?? 0) - (this.threshold[i] ?? 1);
  }

  /** The category of the next invoice (VALID when no anomaly is due that this invoice can make). */
  next(s: InvoiceSituation): InvoiceCategory {
    let best = -1;
    let bestDue = 0;
    for (let i = 0; i < this.categories.length; i++) {
      const d = this.due(i);
      if (d < bestDue) continue;
      if (!canProduce(this.categories[i] as ScheduledCategory, s)) continue;
      best = i;
      bestDue = d;
    }
    if (best < 0) return 'VALID';
    return bestDue >= 2 || this.rng.chance(0.5) ? (this.categories[best] as ScheduledCategory) : 'VALID';
  }

  /** Invoices a new lot should hold to be broken, 0 for a sound lot. */
  brokenLotSize(invoicesPerLotMax: number): number {
    const d = this.due(this.lotIndex);
    if (d < 0 || !this.rng.chance(0.5)) return 0;
    return Math.max(1, Math.min(BROKEN_LOT_INVOICES_MAX, invoicesPerLotMax, Math.floor(d) + this.rng.int(1, 3)));
  }

  /** Counts an invoice written with its final category. */
  record(category: InvoiceCategory): void {
    this.invoices++;
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    if (category === 'VALID') return;
    const i = this.categories.indexOf(category);
    this.made[i] = (this.made[i] ?? 0) + 1;
    // A broken lot counts all its invoices; its threshold is redrawn when the lot opens instead.
    if (i !== this.lotIndex) this.threshold[i] = 0.3 + 1.4 * this.rng.float();
  }

  /** Called when a broken lot opens. */
  lotBroken(): void {
    this.threshold[this.lotIndex] = 0.3 + 1.4 * this.rng.float();
  }
}
