import type { Formula, PractitionerChannel, Practitioner } from '../domain/referential.js';

/**
 * The one-byte codes the snapshot stores for enumerations (codecs/proto/referential.proto lists
 * them too). Position = code: never reorder, only append.
 */
export const PRACTITIONER_KIND_CODES: readonly Practitioner['kind'][] = ['PS', 'ETABLISSEMENT', 'CAISSE'];
export const CHANNEL_CODES: readonly PractitionerChannel[] = ['EDI', 'PAPER', 'BOTH'];
export const FORMULA_CODES: readonly Formula[] = [
  'TM',
  'BR_INCL_AMO',
  'BR_EXCL_AMO',
  'FR',
  'UNIT',
  'FORFAIT',
  'PEC',
  'NOT_COVERED',
  'EQUIPMENT_FORFAIT',
];

/** Code of a value known to be in the list (the CSV reader only lets listed values through). */
export function codeOf<T>(codes: readonly T[], value: T): number {
  const code = codes.indexOf(value);
  if (code < 0) throw new Error(`no snapshot code for ${String(value)}`);
  return code;
}
