/**
 * What one invoice would take from a counter kept across invoices and days (rules.md §2.6–2.9):
 * an annual ceiling, a number of sessions, a renewal period. A worker computes it from the
 * invoice and the referential; the sequential commit step holds it against what earlier invoices
 * of the run and of the ledger took, by date of care, and decides (engine/commit/counter-book.ts).
 */
export interface CounterClaim {
  /**
   * What is counted, for whom: the rule or limit, then a digest of the beneficiary's identity
   * (AMC, NIR, birth date, rank), so the ledger never stores a NIR.
   */
  key: string;
  /** Care dates that count against this claim, inclusive, yyyymmdd. */
  fromDate: number;
  toDate: number;
  /** Ceiling on the AMC amount over the window, in cents; 0 when there is none. */
  amountCeilingCents: number;
  /** Ceiling on the acts (sessions, equipments, aids) over the window; 0 when there is none. */
  countCeiling: number;
  /** The AMC part of the invoice's lines under the counter, before the ceiling. */
  rawCents: number;
  /** Acts the invoice adds: the quantities of those lines, or the equipments / aids delivered. */
  acts: number;
  /** What the practitioner declared for those lines. */
  declaredCents: number;
  /** The invoice's date of care, yyyymmdd (what the counter is consumed at). */
  careDate: number;
  /** The kind of counter, for the motive: a ceiling, or a renewal period. */
  kind: 'CEILING' | 'RENEWAL';
  /** How the motive names the window and what it counts, in French: "en 2026", "un équipement d'optique par période de 2 ans". */
  label: string;
}
