import { describe, expect, it } from 'vitest';
import { asciiColumn, stringColumn } from '../engine/referential/column-builders.js';
import { AsciiColumn, Utf8Column } from '../engine/referential/column-readers.js';

// Texts on both sides of the length where decoding moves from the JavaScript loop to Buffer
// (12 / 13 characters), ASCII and accented, empty, and a long one.
const TEXTS = [
  '',
  'A',
  'FR76300060AB',
  'FR76300060ABC',
  'FR7630006000011234567890189',
  'Hôpital',
  'Hôpital Sain',
  'Hôpital Saint',
  'Dr Claire Lefèvre, 12 rue de la Paix, 75002 Paris — cabinet',
  '€',
];

describe('snapshot text columns: every text read back as written, at any length', () => {
  it('Utf8Column returns each row, short or long, ASCII or not', () => {
    const column = new Utf8Column(stringColumn(TEXTS));
    expect(TEXTS.map((_, row) => column.textAt(row))).toEqual(TEXTS);
  });

  it('AsciiColumn returns fixed-width rows of 9, 12 and 13 characters', () => {
    for (const width of [9, 12, 13]) {
      const texts = ['0123456789ABCDEF', 'ZYXWVUTSRQPONML'].map((t) => t.slice(0, width));
      const column = new AsciiColumn(asciiColumn(texts, width), width);
      expect(texts.map((_, row) => column.textAt(row))).toEqual(texts);
    }
  });
});
