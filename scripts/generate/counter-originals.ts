/**
 * What the previous day paid into the counters the day then meets (counter-factory.ts): per kind,
 * the beneficiaries of a counter pool in the order the previous day paid them, each with what the
 * ledger will remember of them. Each is handed out once: a second invoice of the same person on
 * the day would move the counter the first one is judged against. Bounded by the pools' size.
 */

export type CounterKind = 'CEILING' | 'RENEWAL';

export interface CounterOriginal {
  /** The beneficiary, as an index of the pool (beneficiary-pool.ts). */
  readonly beneficiaryIndex: number;
  /** The last date of care the previous day paid: the day's care comes after it. */
  readonly lastCareDate: number;
  /** What the previous day's invoice took of the ceiling, in cents (0 for a renewal). */
  readonly consumedCents: number;
}

export const COUNTER_KINDS: readonly CounterKind[] = ['CEILING', 'RENEWAL'];

/** The previous day has made all its originals by this share of its lines, spreading them before. */
const ORIGINALS_DONE_AT_PROGRESS = 0.8;

export class CounterOriginals {
  private readonly queues: Record<CounterKind, CounterOriginal[]> = { CEILING: [], RENEWAL: [] };
  private readonly heads: Record<CounterKind, number> = { CEILING: 0, RENEWAL: 0 };

  /** How many originals of each kind the previous day makes (counter-factory.ts, originalsWanted). */
  constructor(readonly wanted: Readonly<Record<CounterKind, number>> = { CEILING: 0, RENEWAL: 0 }) {}

  /**
   * Whether the previous day, `progress` (0–1) through its lines, has made fewer originals of
   * `kind` than it should have by then.
   */
  owes(kind: CounterKind, progress: number): boolean {
    const made = this.queues[kind].length;
    return made < this.wanted[kind] && made < Math.ceil(this.wanted[kind] * Math.min(1, progress / ORIGINALS_DONE_AT_PROGRESS));
  }

  add(kind: CounterKind, original: CounterOriginal): void {
    this.queues[kind].push(original);
  }

  has(kind: CounterKind): boolean {
    return this.heads[kind] < this.queues[kind].length;
  }

  /** The oldest original of `kind` not yet handed out. */
  take(kind: CounterKind): CounterOriginal | undefined {
    if (!this.has(kind)) return undefined;
    return this.queues[kind][this.heads[kind]++];
  }
}
