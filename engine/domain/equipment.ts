import type { Cents } from './units.js';
import type { Period } from './referential.js';

/**
 * How the rights referential classifies the LPP / CCAM codes of optique, audiologie and dental
 * prosthesis (rules.md §2.6–2.8): what a code delivers, its 100 % Santé class and, for the
 * regulated classes, its price limit. Effective-dated like the guarantees, so a replay of an old
 * day applies the limits of that day.
 */

/** What one line delivers: a lens, a frame, a hearing aid, a dental prosthesis. */
export type EquipmentKind = 'LENS' | 'FRAME' | 'HEARING_AID' | 'DENTAL_PROSTHESIS';

/**
 * The 100 % Santé class: optique A (100 % Santé) / B (free prices); audio I (100 % Santé) / II;
 * dental 100S (panier 100 % Santé) / OTHER (modéré or libre: no R871-2 limit on the AMC).
 */
export type SanteClass = 'A' | 'B' | 'I' | 'II' | '100S' | 'OTHER';

/** Grade of a classe B lens, R871-2 3° (a) simple, (c) complexe, (f) très complexe. */
export type LensGrade = 'SIMPLE' | 'COMPLEXE' | 'TRES_COMPLEXE';

/**
 * Classes whose AMC is the whole amount above the AMO up to a price limit (PLV for optique and
 * audio, HLF for dental): R871-2 3° (classe A), 4° (classe I), 5° (100 % Santé prosthesis).
 */
export const PRICE_LIMITED_CLASSES: readonly SanteClass[] = ['A', 'I', '100S'];

export interface EquipmentItem {
  /** LPP or CCAM code as the invoice line carries it. */
  actCode: string;
  kind: EquipmentKind;
  santeClass: SanteClass;
  /** Grade of a classe B lens; undefined for every other item. */
  lensGrade: LensGrade | undefined;
  /** PLV or HLF per unit for the price-limited classes; 0 for the others (none). */
  priceLimitCents: Cents;
  validity: Period;
}

/**
 * The regulatory maxima of R871-2 3° and 4°, including the AMO and the TM, as keys of the
 * equipment-maxima table: one per lens combination (a)–(f), the frame, and a classe II hearing aid.
 */
export const EQUIPMENT_MAXIMUM_KEYS = [
  'OPTIQUE_B_SIMPLE_SIMPLE',
  'OPTIQUE_B_SIMPLE_COMPLEXE',
  'OPTIQUE_B_COMPLEXE_COMPLEXE',
  'OPTIQUE_B_SIMPLE_TRES_COMPLEXE',
  'OPTIQUE_B_COMPLEXE_TRES_COMPLEXE',
  'OPTIQUE_B_TRES_COMPLEXE_TRES_COMPLEXE',
  'OPTIQUE_B_FRAME',
  'AUDIO_II_AID',
] as const;
export type EquipmentMaximumKey = (typeof EQUIPMENT_MAXIMUM_KEYS)[number];

const GRADE_ORDER: Readonly<Record<LensGrade, number>> = { SIMPLE: 0, COMPLEXE: 1, TRES_COMPLEXE: 2 };

/** The maximum for a pair of lens grades, whichever order they come in ((a)–(f) of R871-2 3°). */
export function lensPairMaximumKey(first: LensGrade, second: LensGrade): EquipmentMaximumKey {
  const [low, high] = GRADE_ORDER[first] <= GRADE_ORDER[second] ? [first, second] : [second, first];
  return `OPTIQUE_B_${low}_${high}` as EquipmentMaximumKey;
}
