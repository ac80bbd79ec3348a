/**
 * What `tpliq inspect` shows of a NIR unless `--show-nir` is given: its first character (the sex)
 * and its length, the rest as '*'. A person reading a file to find a structural error rarely
 * needs whom it is about; a terminal, a ticket or a chat log then keeps no identifier.
 */
export function maskNir(nir: string): string {
  return nir.length <= 1 ? nir : nir.charAt(0) + '*'.repeat(nir.length - 1);
}

/** Field names that hold a NIR body, in every layout and model (nir, beneficiaryNir…; not the key). */
const NIR_FIELD = /(^|[a-z])nir$/i;

/** A deep copy of `value` with every NIR field masked (maskNir). */
export function maskNirFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => maskNirFields(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    out[key] = NIR_FIELD.test(key) && typeof field === 'string' ? maskNir(field) : maskNirFields(field);
  }
  return out as T;
}

/** A NIR body as it may appear inside any text: sex, year, month, department (2A/2B), commune, order. */
const NIR_IN_TEXT = /\b[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}(?:\d{2})?\b/gi;

/**
 * Masks whatever looks like a NIR in a message about to leave the process (an internal error's
 * text and stack): a bug may throw with a piece of input in its message, and stderr ends in logs.
 */
export function redactNirs(text: string): string {
  return text.replace(NIR_IN_TEXT, (nir) => maskNir(nir));
}
