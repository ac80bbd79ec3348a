/** The layout profiles a run reads (codecs/layouts/NAME.json); `--profile NAME=FILE` replaces one. */
export const SHIPPED_PROFILES = ['b2-etablissements', 'b2-ps', 'dre'] as const;
