/**
 * The outcome of checking one identifier. A bad identifier on an invoice is an operating error —
 * the invoice is rejected with a motive, the batch goes on — so checks return a value and never
 * throw. The caller adds the location (file, line, invoice); the check only knows the value.
 */

/** Stable machine codes, one per way an identifier can be wrong. Never renamed once shipped. */
export type IdCheckCode =
  | 'TPLIQ_ID_NIR_FORMAT'
  | 'TPLIQ_ID_NIR_KEY'
  | 'TPLIQ_ID_BILLING_ID_FORMAT'
  | 'TPLIQ_ID_BILLING_ID_KEY'
  | 'TPLIQ_ID_FINESS_FORMAT'
  | 'TPLIQ_ID_FINESS_KEY'
  | 'TPLIQ_ID_FINESS_CORSICA_UNSUPPORTED'
  | 'TPLIQ_ID_RPPS_FORMAT'
  | 'TPLIQ_ID_RPPS_KEY'
  | 'TPLIQ_ID_AMC_NUMBER_FORMAT'
  | 'TPLIQ_ID_AMC_NUMBER_KEY'
  | 'TPLIQ_ID_IBAN_FORMAT'
  | 'TPLIQ_ID_IBAN_CHECKSUM'
  | 'TPLIQ_ID_IBAN_RIB_KEY'
  | 'TPLIQ_ID_RIB_FORMAT'
  | 'TPLIQ_ID_RIB_KEY'
  | 'TPLIQ_ID_BIC_FORMAT';

export type IdCheckFailure = { readonly ok: false; readonly code: IdCheckCode; readonly reason: string };
export type IdCheck = { readonly ok: true } | IdCheckFailure;

/**
 * The one success value, shared: checks run once per invoice in the workers' hot path, and a valid
 * identifier — the common case — should not allocate.
 */
export const ID_OK: IdCheck = Object.freeze({ ok: true as const });

export const idFailure = (code: IdCheckCode, reason: string): IdCheckFailure => ({ ok: false, code, reason });
