/**
 * Shapes and bounds shared by the referential CSV readers. Bounds are generous but finite: a value
 * far beyond them is a shifted column or a pasted paragraph, not data.
 */

/** N° AMC: 1 to 10 digits; stored right-aligned zero-filled to 10, as B2 carries it (Type 2 col 119). */
export const AMC_NUMBER_SHAPE = /^\d{1,10}$/;
export const AMC_NUMBER_WIDTH = 10;

/** "12345678" → "0012345678". Idempotent on an already padded number. */
export const padAmcNumber = (digits: string): string => digits.padStart(AMC_NUMBER_WIDTH, '0');

/**
 * Identifiers operators choose (contract code, member number, PEC number): printable ASCII without
 * spaces, so that they sort and compare byte for byte the same everywhere.
 */
export const CODE_SHAPE = /^[\x21-\x7E]{1,30}$/;
export const CODE_SHAPE_LABEL = '1 to 30 printable ASCII characters without spaces';

/** Tiers-payant domain code (rules.md §3.4): MEDG, PHNO, AMO, MED… */
export const DOMAIN_SHAPE = /^[A-Z0-9]{2,4}$/;
export const DOMAIN_SHAPE_LABEL = 'a domain code of 2 to 4 capitals or digits (MEDG, PHNO, OPTI…)';

/** 9 characters: AM billing number (digits) or FINESS (digits, or 2A/2B + 7 digits for Corsica). */
export const BILLING_ID_SHAPE = /^(?:\d{9}|2[AB]\d{7})$/;
export const BILLING_ID_WIDTH = 9;

export const NIR_WIDTH = 13;

export const NAME_LENGTH_MAX = 100;
export const ADDRESS_LENGTH_MAX = 200;
export const EMAIL_LENGTH_MAX = 254;

/** A trailing '*' on an act code makes the act-domain row a prefix entry (HBLD* for HBLD036). */
export const ACT_CODE_PREFIX_MARK = '*';
