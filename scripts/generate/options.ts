import { parseIso } from '../../engine/calendar/ymd.js';

/** Share of invoice lines per channel (weights, normalised). Paper lines come on top of targetLines. */
export interface ChannelMix {
  b2Ps: number;
  b2Etab: number;
  dre: number;
  /** Paper lines per B2/DRE line. */
  paper: number;
}

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  /** ISO yyyy-mm-dd, the run day: files are received on it. Default 2026-11-23. */
  accountingDate?: string;
  /** Approximate number of invoice-line records (B2 Types 3/4, DRE Type 4) across B2 and DRE files. */
  targetLines?: number;
  /**
   * Share of invoices in the anomaly mix, split evenly over SCHEDULED_CATEGORIES: those built to be
   * rejected, and the regularisations of the previous day's invoices (paid, see model.ts).
   */
  anomalyRate?: number;
  mix?: Partial<ChannelMix>;
  /** Most invoices in one lot. */
  invoicesPerLotMax?: number;
  /** Most lots in one file. */
  lotsPerFileMax?: number;
  /**
   * Default true: a previous day, and regularisations of it and their refusals in the mix. False
   * writes the day alone, byte for byte as before regularisations existed (the fuzz harness's saved
   * cases carry bytes of such days).
   */
  regularisations?: boolean;
}

export interface ResolvedOptions {
  readonly outDir: string;
  readonly seed: number;
  readonly accountingDate: string;
  readonly accountingYmd: number;
  readonly targetLines: number;
  readonly anomalyRate: number;
  readonly mix: ChannelMix;
  readonly invoicesPerLotMax: number;
  readonly lotsPerFileMax: number;
  readonly regularisations: boolean;
}

export const DEFAULT_SEED = 20261123;
export const DEFAULT_ACCOUNTING_DATE = '2026-11-23';
export const DEFAULT_TARGET_LINES = 10_000;
export const DEFAULT_ANOMALY_RATE = 0.05;
export const DEFAULT_MIX: ChannelMix = { b2Ps: 0.66, b2Etab: 0.16, dre: 0.18, paper: 0.03 };
export const DEFAULT_INVOICES_PER_LOT_MAX = 500;
export const DEFAULT_LOTS_PER_FILE_MAX = 20;

/** Bounds that keep the formats honest: 3-digit lot numbers, 5-digit lot invoice counts. */
const LOTS_PER_FILE_LIMIT = 999;
const INVOICES_PER_LOT_LIMIT = 99_999;
/** Beyond this, beneficiaries (at most 2 million) would be met more than 45 times (see invoice-factory.ts). */
const TARGET_LINES_LIMIT = 50_000_000;

export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const accountingDate = options.accountingDate ?? DEFAULT_ACCOUNTING_DATE;
  const accountingYmd = parseIso(accountingDate);
  if (accountingYmd === undefined) throw new RangeError(`accountingDate "${accountingDate}" is not an ISO yyyy-mm-dd day`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed ${seed} must be a non-negative integer`);
  const targetLines = options.targetLines ?? DEFAULT_TARGET_LINES;
  if (!Number.isInteger(targetLines) || targetLines < 100 || targetLines > TARGET_LINES_LIMIT) {
    throw new RangeError(`targetLines ${targetLines} must be an integer in [100, ${TARGET_LINES_LIMIT}]`);
  }
  const anomalyRate = options.anomalyRate ?? DEFAULT_ANOMALY_RATE;
  if (!(anomalyRate >= 0 && anomalyRate <= 0.5)) throw new RangeError(`anomalyRate ${anomalyRate} must be in [0, 0.5]`);
  const mix: ChannelMix = { ...DEFAULT_MIX, ...options.mix };
  for (const [channel, weight] of Object.entries(mix)) {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`mix.${channel} must be a finite weight ≥ 0`);
  }
  if (mix.b2Ps + mix.b2Etab + mix.dre <= 0) throw new RangeError('mix needs a positive weight on b2Ps, b2Etab or dre');
  const invoicesPerLotMax = options.invoicesPerLotMax ?? DEFAULT_INVOICES_PER_LOT_MAX;
  if (!Number.isInteger(invoicesPerLotMax) || invoicesPerLotMax < 1 || invoicesPerLotMax > INVOICES_PER_LOT_LIMIT) {
    throw new RangeError(`invoicesPerLotMax must be an integer in [1, ${INVOICES_PER_LOT_LIMIT}]`);
  }
  const lotsPerFileMax = options.lotsPerFileMax ?? DEFAULT_LOTS_PER_FILE_MAX;
  if (!Number.isInteger(lotsPerFileMax) || lotsPerFileMax < 1 || lotsPerFileMax > LOTS_PER_FILE_LIMIT) {
    throw new RangeError(`lotsPerFileMax must be an integer in [1, ${LOTS_PER_FILE_LIMIT}]`);
  }
  const regularisations = options.regularisations ?? true;
  return { outDir: options.outDir, seed, accountingDate, accountingYmd, targetLines, anomalyRate, mix, invoicesPerLotMax, lotsPerFileMax, regularisations };
}
