import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOINT_GLUED, joinLabelPart, normaliseLabel, splitLabel, type LabelPart } from '../codecs/noemie/label-parts.js';

const joined = (parts: readonly LabelPart[]): string => parts.slice(1).reduce(joinLabelPart, parts[0]?.text ?? '');

describe('a motive label cut over an 080 and its 081 continuations', () => {
  it('a label that fits its zone is one part, as it is', () => {
    expect(splitLabel('BENEFICIAIRE INCONNU', 70, 70)).toEqual([{ text: 'BENEFICIAIRE INCONNU', joint: 'E' }]);
    expect(splitLabel('X'.repeat(70), 70, 70)).toEqual([{ text: 'X'.repeat(70), joint: 'E' }]);
  });

  it('is cut at the last space before the width, the space not written', () => {
    // 'PRISE EN CHARGE ' is 16 characters: at width 15 the cut falls on the space after CHARGE.
    expect(splitLabel('PRISE EN CHARGE ABSENTE', 15, 15)).toEqual([
      { text: 'PRISE EN CHARGE', joint: 'E' },
      { text: 'ABSENTE', joint: 'E' },
    ]);
    // At width 14 CHARGE does not fit: it goes whole to the next part.
    expect(splitLabel('PRISE EN CHARGE ABSENTE', 14, 14)).toEqual([
      { text: 'PRISE EN', joint: 'E' },
      { text: 'CHARGE ABSENTE', joint: 'E' },
    ]);
  });

  it('cuts a word longer than the zone at the zone width, and marks the next part as glued', () => {
    expect(splitLabel('PEC ABCDEFGHIJKL FIN', 5, 5)).toEqual([
      { text: 'PEC', joint: 'E' },
      { text: 'ABCDE', joint: 'E' },
      { text: 'FGHIJ', joint: 'C' },
      { text: 'KL', joint: 'C' },
      { text: 'FIN', joint: 'E' },
    ]);
  });

  it('uses the first width for the 080 and the second for every 081', () => {
    expect(splitLabel('AAA BBB CCC', 3, 7).map((p) => p.text)).toEqual(['AAA', 'BBB CCC']);
  });

  it('collapses blanks and trims the ends, the only shape that survives fixed-width zones', () => {
    expect(normaliseLabel('  A \t B   C ')).toBe('A B C');
    expect(splitLabel('  A   B ', 70, 70)).toEqual([{ text: 'A B', joint: 'E' }]);
  });

  it('refuses a zone width that is not a positive integer', () => {
    expect(() => splitLabel('A', 0, 70)).toThrow(RangeError);
    expect(() => splitLabel('A', 70, 1.5)).toThrow(RangeError);
  });

  it('any label: parts fit their zones, never start or end with a blank, a cut inside a word only when the word is longer than the zone, and join back to the label', () => {
    const word = fc.string({ unit: fc.constantFrom(...'ABCXYZ019-/.@'), minLength: 1, maxLength: 30 });
    const label = fc.array(word, { maxLength: 20 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(label, fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), (text, firstChars, continuationChars) => {
        const parts = splitLabel(text, firstChars, continuationChars);
        parts.forEach((part, i) => {
          expect(part.text.length).toBeLessThanOrEqual(i === 0 ? firstChars : continuationChars);
          expect(part.text).toBe(part.text.trim());
          if (i > 0) expect(part.text.length).toBeGreaterThan(0);
          if (part.joint === JOINT_GLUED) {
            // Glued: the part before it was a full zone of one word with no space.
            const before = parts[i - 1]!.text;
            expect(before).not.toContain(' ');
            expect(before.length).toBe(i === 1 ? firstChars : continuationChars);
          }
        });
        expect(joined(parts)).toBe(text);
        // Deterministic: what the reader joins splits again into the same parts (byte-identical re-encode).
        expect(splitLabel(joined(parts), firstChars, continuationChars)).toEqual(parts);
      }),
      { numRuns: 500 },
    );
  });
});
