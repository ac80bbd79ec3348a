import type { CompiledField } from '../codecs/fixed-width/compiled-layout.js';
import type { Prng } from '../scripts/generate/prng.js';

/**
 * The hostile values a layout-aware mutator puts in a field, each named for the report. A value
 * is bytes, not text: a non-Latin character is written as the UTF-8 a misconfigured sender would
 * emit, which a Latin-1 reader sees as two or three characters.
 *
 * Values shorter than the field are padded the way the field would be (numbers with zeros on the
 * left, text with blanks on the right); longer ones are written whole, so the record grows and
 * every later field shifts — that is the point of the "too long" case.
 */
export const FIELD_VALUE_STYLES = ['too-long', 'negative', 'non-numeric', 'empty', 'header-text', 'path-like', 'nul', 'non-latin'] as const;

export type FieldValueStyle = (typeof FIELD_VALUE_STYLES)[number];

const NUMERIC_KINDS = new Set(['N', 'DIGITS', 'AMT', 'SAMT', 'D6', 'D8']);

/** A few characters outside Latin-1, from scripts an operator's partner might really send. */
const NON_LATIN = ['日本', 'Ж', '€', 'ą', '😀', 'ł'];

export function hostileValue(style: FieldValueStyle, field: CompiledField, rng: Prng): Buffer {
  const length = field.length;
  const numeric = NUMERIC_KINDS.has(field.kind);
  const fit = (text: string): Buffer => {
    const padded = text.length >= length ? text : numeric && /^[0-9]*$/.test(text) ? text.padStart(length, '0') : text.padEnd(length, ' ');
    return Buffer.from(padded, 'latin1');
  };
  switch (style) {
    case 'too-long':
      return Buffer.from((numeric ? '9' : 'X').repeat(length + rng.int(1, 8)), 'latin1');
    case 'negative':
      return fit(length <= 1 ? '-' : `-${'1'.padStart(length - 1, '0')}`);
    case 'non-numeric':
      return fit('ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, length));
    case 'empty':
      return fit('');
    case 'header-text':
      return fit(field.name.toUpperCase().slice(0, Math.max(length, 1)));
    case 'path-like':
      return fit('../../x');
    case 'nul':
      return Buffer.alloc(length, 0);
    case 'non-latin': {
      const utf8 = Buffer.from(rng.pick(NON_LATIN), 'utf8');
      return utf8.length >= length ? utf8 : Buffer.concat([utf8, Buffer.alloc(length - utf8.length, 0x20)]);
    }
  }
}
