import { MOTIVES, type Motive, type MotiveCode } from '../domain/motive.js';

/**
 * A motive with its clear French label (protocol §5-1: rejected invoices come back "avec le
 * motif"), completed by the value that makes it actionable for the practitioner:
 * motive('DROITS_FERMES', 'au 12/11/2026') → "Droits du bénéficiaire non ouverts au 12/11/2026".
 * The detail carries its own leading word or punctuation ("au …", ": …", "(…)").
 */
export function motive(code: MotiveCode, detail?: string): Motive {
  const { label } = MOTIVES[code];
  return { code, label: detail === undefined || detail === '' ? label : `${label} ${detail}` };
}
