/**
 * Tiers-payant domain codes and the groups that contain them (rules.md §3.4, from the operator's
 * rights base, Cegedim declarants.json; the same codes as the normalised cards). A card line may
 * name an elementary domain (PHNO) or a group (PHAR, SVIL…): an invoice line's domain is looked up
 * first as itself, then through its groups from the narrowest to the widest, and the first
 * guarantee found wins — so a specific "PHOR non couvert" beats a general "PHAR 100 %".
 *
 * Group membership, from the labels of §3.4:
 *   PHAR ⊇ PHNO, PHCO, PHOR;  PHCN = 30 %, 65 % et accessoires ⊇ PHNO, PHCO
 *   MEDE = MED ⊇ MEDG, MEDS;  COGE ⊂ MEDG, COSP ⊂ MEDS, COSL ⊇ COGE, COSP
 *   AUXM ⊇ INFI, KINE (alias AMM), AMO, AMY, AMP;  LARA ⊇ LABO, RADL;  RLAX ⊇ LARA, AUXM
 *   VILL ⊇ RLAX, LPPS;  SVIL ⊇ VILL, SAGE
 *   DENT ⊇ DESO, DEPR, DEOR;  OPAU ⊇ OPTI, AUDI;  OPDE ⊇ OPTI, DENT;  ODEA ⊇ OPTI, DENT, AUDI
 *   HOSC ⊇ HOSP, FORF, CHAM;  CSSE ⊇ CSTE, EXTE
 * "DIV" (domains a contract groups because they share a coverage) is contract-specific and cannot
 * be resolved from this table: a contract using it lists its domains explicitly.
 */

// A Map, not an object literal: a domain code read from a file must never reach Object.prototype
// ("constructor", "toString").
const DOMAIN_LOOKUP_ORDER: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    PHNO: ['PHNO', 'PHCN', 'PHAR'],
    PHCO: ['PHCO', 'PHCN', 'PHAR'],
    PHOR: ['PHOR', 'PHAR'],
    PHCN: ['PHCN', 'PHAR'],
    PHAR: ['PHAR'],

    MEDG: ['MEDG', 'MEDE', 'MED'],
    MEDS: ['MEDS', 'MEDE', 'MED'],
    COGE: ['COGE', 'COSL', 'MEDG', 'MEDE', 'MED'],
    COSP: ['COSP', 'COSL', 'MEDS', 'MEDE', 'MED'],

    RADL: ['RADL', 'LARA', 'RLAX', 'VILL', 'SVIL'],
    LABO: ['LABO', 'LARA', 'RLAX', 'VILL', 'SVIL'],
    INFI: ['INFI', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    KINE: ['KINE', 'AMM', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    AMM: ['AMM', 'KINE', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    AMO: ['AMO', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    AMY: ['AMY', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    AMP: ['AMP', 'AUXM', 'RLAX', 'VILL', 'SVIL'],
    AUXM: ['AUXM', 'RLAX', 'VILL', 'SVIL'],
    LPPS: ['LPPS', 'VILL', 'SVIL'],
    SAGE: ['SAGE', 'SVIL'],

    DESO: ['DESO', 'DENT', 'OPDE', 'ODEA'],
    DEPR: ['DEPR', 'DENT', 'OPDE', 'ODEA'],
    DEOR: ['DEOR', 'DENT', 'OPDE', 'ODEA'],
    OPTI: ['OPTI', 'OPAU', 'OPDE', 'ODEA'],
    AUDI: ['AUDI', 'OPAU', 'ODEA'],

    HOSP: ['HOSP', 'HOSC'],
    FORF: ['FORF', 'HOSC'],
    CHAM: ['CHAM', 'HOSC'],
    EXTE: ['EXTE', 'CSSE'],
    CSTE: ['CSTE', 'CSSE'],
  }),
);

/**
 * The domain codes to try for a line of `domain`, narrowest first. A code the table does not know
 * (TRAN, CURE, XCMP, CSTD, or a new one) is tried as itself only. No allocation per call for the
 * known codes.
 */
export function domainLookupOrder(domain: string): readonly string[] {
  return DOMAIN_LOOKUP_ORDER.get(domain) ?? [domain];
}

/** True when `code` is `domain` or one of the groups containing it. */
export function domainIsWithin(domain: string, code: string): boolean {
  return domainLookupOrder(domain).includes(code);
}
