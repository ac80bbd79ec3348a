/**
 * The performance targets (issue 21), each a ratio between contenders measured within one
 * benchmark run, so that the noise of a shared 2-core machine cancels out as far as it can.
 * The page-cached scan (÷ floor) is reported in the tables as context, without a target.
 */
export interface Target {
  id: string;
  label: string;
  /** The figure must be ≥ this (or ≤ when `atMost`). */
  bound: number;
  atMost?: boolean;
}

export const TARGETS = {
  ledgerFloor: { id: 'ledgerFloor', label: 'e2e wall ÷ ledger floor wall (the day\'s invoices recorded alone)', bound: 2, atMost: true },
  ledgerOverBare: { id: 'ledgerOverBare', label: 'ledger floor wall ÷ the same rows into a bare table', bound: 1.5, atMost: true },
  straightforward: { id: 'straightforward', label: 'e2e lines/s ÷ straightforward engine lines/s', bound: 5 },
  fastCsv: { id: 'fastCsv', label: 'e2e lines/s ÷ fast-csv lines/s', bound: 4 },
  scaling: { id: 'scaling', label: '2 threads ÷ 1 thread (lines/s)', bound: 1.6 },
  peakRss: { id: 'peakRss', label: 'peak RSS, MiB', bound: 512, atMost: true },
  rssFlat: { id: 'rssFlat', label: 'peak RSS of the whole day ÷ of its tenth (same referential)', bound: 1.1, atMost: true },
  referentialLoad: { id: 'referentialLoad', label: 'worker snapshot load ÷ CSV import (time)', bound: 0.1, atMost: true },
  // Issue 19: regularisations, set-off and counters against the previous day's ledger lose at most 10 %.
  acrossDays: { id: 'acrossDays', label: 'lines/s with the previous day in the ledger ÷ lines/s of the day alone', bound: 0.9 },
} as const satisfies Record<string, Target>;

export type TargetId = keyof typeof TARGETS;

/** A figure half its target (or twice it, for ≤ bounds) is "far"; the reports say so. */
export const FAR_FROM_TARGET = 2;

/**
 * bench:ci fails when a ratio is worse than its committed reference (bench/ci-reference.json) by
 * more than this share: 25 % (issue 21).
 */
export const CI_REGRESSION_SHARE = 0.25;

/** The reference bench:ci compares with: the ratios measured here, and how they were measured. */
export interface CiReference {
  lines: number;
  /** How the reference was chosen, in words (which runs, which value of each). */
  measured: string;
  ratios: Partial<Record<TargetId, number>>;
}

/** A regression: worse than the reference by more than CI_REGRESSION_SHARE. */
export function regressed(check: TargetCheck, reference: CiReference): boolean {
  const measured = reference.ratios[check.target.id as TargetId];
  if (measured === undefined) return false;
  return check.target.atMost ? check.value > measured / (1 - CI_REGRESSION_SHARE) : check.value < measured * (1 - CI_REGRESSION_SHARE);
}

export interface TargetCheck {
  target: Target;
  value: number;
  met: boolean;
  /** Within a factor FAR_FROM_TARGET of the target. */
  nearTarget: boolean;
  /** How far from the bound: value ÷ bound (≥ bounds) or bound ÷ value (≤ bounds); ≥ 1 is met. */
  attainment: number;
}

export function checkTarget(target: Target, value: number): TargetCheck {
  const attainment = target.atMost ? target.bound / value : value / target.bound;
  return { target, value, met: attainment >= 1, nearTarget: attainment >= 1 / FAR_FROM_TARGET, attainment };
}
