/** The layout profiles a run reads (codecs/layouts/NAME.json); `--profile NAME=FILE` replaces one. */
export const SHIPPED_PROFILES = ['b2-etablissements', 'b2-ps', 'dre', 'c2s-amo'] as const;

/** The profile of a B2-family file whose header names none it knows. */
export const DEFAULT_PROFILE = 'b2-etablissements';
/** The profile paper invoices are written into before they are read like B2 (engine/intake/paper-invoices.ts). */
export const PAPER_PROFILE = 'b2-ps';
