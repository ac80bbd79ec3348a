import { lineDomain } from './act-catalog.js';
import { pays, type GuaranteeBook } from './contracts.js';
import { amoCents, type LineAmcCalculator } from './line-amc.js';
import { MEDECIN_PROFILES } from './invoice-factory.js';
import { totalOf, type GenInvoice, type GenLine, type RegularisationCategory } from './model.js';

/**
 * Builds the day's regularisation of an invoice the previous day paid (rules.md §6.2, protocol
 * §5-3): the same care, under a new invoice number, naming the original.
 *
 *   RECTIFICATIVE_COMPLEMENT  the AMO requalified its rate down 10 points on every line: the AMC's
 *                             part grows, the complement new − paid is paid
 *   RECTIFICATIVE_INDU        the AMO requalified its rate up 10 points: the AMC's part shrinks
 *                             (but stays above zero), nothing is paid, the difference is an indu
 *   ANNULATION                the care is cancelled: the lines as they were, nothing is paid
 *
 * The new AMC is the card's, computed by the generator's own arithmetic (line-amc.ts) as for any
 * invoice, so the practitioner declares exactly what the engine recomputes. A requalification
 * whose AMC does not move the asked way (a forfait, a line the card leaves uncovered) gives
 * undefined, and the caller makes a valid invoice instead.
 *
 * Rectificatives leave out pharmacy (its domain follows the AMO rate) and ALD care (an exonerated
 * rate that moves would contradict its exoneration code).
 */

/** How far the AMO requalifies a rate, in percentage points. */
const REQUALIFICATION_POINTS = 10;

export interface RegularisationWorld {
  readonly book: GuaranteeBook;
  readonly calculator: LineAmcCalculator;
}

export class RegularisationFactory {
  constructor(
    private readonly world: RegularisationWorld,
    private readonly linkedFseNumber: () => string,
  ) {}

  /** The regularisation of `original` sent as `invoiceNumber`, or undefined when it cannot be made. */
  build(category: RegularisationCategory, original: GenInvoice, invoiceNumber: string, dre: boolean): GenInvoice | undefined {
    const lines = original.lines.map((line): GenLine => ({ ...line }));
    const paidCents = original.expectedAmountCents;
    let newCents = 0;
    if (category !== 'ANNULATION') {
      if (original.exoCode !== ' ' || lines.some((l) => l.spec.domain === 'PHAR' || l.exoCode !== ' ')) return undefined;
      const points = category === 'RECTIFICATIVE_COMPLEMENT' ? -REQUALIFICATION_POINTS : REQUALIFICATION_POINTS;
      this.requalify(original, lines, points);
      newCents = totalOf(lines, (l) => l.amcDeclaredCents);
      if (category === 'RECTIFICATIVE_COMPLEMENT' ? newCents <= paidCents : newCents >= paidCents || newCents === 0) return undefined;
    }
    return {
      ...original,
      invoiceNumber,
      nature: category === 'ANNULATION' ? 'A' : 'R',
      refersTo: original.invoiceNumber,
      // A DRE goes with an FSE; an original sent on another channel had none.
      linkedFseNumber: dre && original.linkedFseNumber === '' ? this.linkedFseNumber() : original.linkedFseNumber,
      lines,
      category,
      expectedAmountCents: Math.max(0, newCents - paidCents),
    };
  }

  /** Moves every line's AMO rate by `points` (within 0–100 %) and prices the AMO and the AMC again. */
  private requalify(original: GenInvoice, lines: GenLine[], points: number): void {
    const { book, calculator } = this.world;
    const practitioner = original.practitioner;
    const nonOptam = practitioner.kind === 'PS' && MEDECIN_PROFILES.has(practitioner.profile) && !practitioner.optam;
    for (const line of lines) {
      line.amoRatePercent = Math.min(100, Math.max(0, line.amoRatePercent + points));
      line.amoCents = amoCents(line.baseCents, line.amoRatePercent);
      const guarantee = book.resolve(original.contract, lineDomain(line.spec, line.amoRatePercent), line.actDate);
      line.amcDeclaredCents = pays(guarantee)
        ? calculator.amcCents(
          guarantee,
          { baseCents: line.baseCents, amoCents: line.amoCents, feeCents: line.feeCents, quantity: line.quantity },
          { medecinAct: line.spec.family === 'MEDECIN', horsParcours: original.horsParcours, nonOptam },
        )
        : 0;
    }
  }
}
