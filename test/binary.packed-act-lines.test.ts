import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_ACT_LINES, packActLines, unpackActLines, visitActLines, type PackedActLine } from '../codecs/binary/packed-act-lines.js';

const ymd = fc
  .record({ year: fc.integer({ min: 1990, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => year * 10000 + month * 100 + day);
/** Up to a 15-digit zone: past 2^32, within the safe integers. */
const amount = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 999_999_999_999_999 }));
const line: fc.Arbitrary<PackedActLine> = fc.record({
  actCode: fc.string({ unit: 'binary', maxLength: 20 }),
  actDate: fc.oneof(ymd, fc.constant(0)),
  quantity: amount,
  coefficientHundredths: amount,
  baseCents: amount,
  amoCents: amount,
  computedAmcCents: amount,
  declaredAmcCents: amount,
});

/** G 30.00 € at 70 %: AMO 21.00, the TM 9.00 computed and declared (rules.md §1.1, §1.3). */
const CONSULTATION: PackedActLine = {
  actCode: 'C', actDate: 20261112, quantity: 1, coefficientHundredths: 100, baseCents: 3000, amoCents: 2100, computedAmcCents: 900, declaredAmcCents: 900,
};

describe('packed act lines (worker → spool → NOEMIE 070)', () => {
  it('give back every line, whatever the codes, dates and amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.oneof(ymd, fc.constant(0)), (lines, careDate) => {
        expect(unpackActLines(packActLines(lines, careDate), careDate)).toEqual(lines);
      }),
      { numRuns: 500 },
    );
  });

  it('take 12 bytes for a consultation on its date of care, 2 more for the count; nothing for no line', () => {
    const packed = packActLines([CONSULTATION], 20261112);
    // count 1 | "C" 2 | date 1 | quantity 1 | coefficient 1 | base 2 | AMO 2 | AMC 2 | declared − computed 1
    expect(packed.length).toBe(1 + 12);
    expect(packActLines([CONSULTATION, { ...CONSULTATION, actDate: 20261113 }], 20261112).length).toBe(1 + 2 * 12);
    expect(packActLines([], 20261112)).toBe(NO_ACT_LINES);
    expect(unpackActLines(NO_ACT_LINES, 20261112)).toEqual([]);
  });

  it('keep a declared part that differs from the computation, both ways', () => {
    const lines = [{ ...CONSULTATION, declaredAmcCents: 0 }, { ...CONSULTATION, computedAmcCents: 0, declaredAmcCents: 4000 }];
    expect(unpackActLines(packActLines(lines, 20261112), 20261112)).toEqual(lines);
  });

  it('refuse a negative or fractional amount (the intake reads digit zones: a programmer error) and bytes they did not write', () => {
    expect(() => packActLines([{ ...CONSULTATION, baseCents: -1 }], 0)).toThrow(RangeError);
    expect(() => packActLines([{ ...CONSULTATION, amoCents: 0.5 }], 0)).toThrow(RangeError);
    const packed = packActLines([CONSULTATION], 20261112);
    expect(() => unpackActLines(packed.subarray(0, packed.length - 1), 20261112)).toThrow(/cut short/);
    expect(() => unpackActLines(Uint8Array.from([...packed, 0]), 20261112)).toThrow(/after the last line/);
  });

  it('share one reader between visits: a visit inside another is refused, and a visit that failed leaves the next one whole', () => {
    const packed = packActLines([CONSULTATION, { ...CONSULTATION, actCode: 'K' }], 20261112);
    expect(() => visitActLines(packed, 20261112, () => visitActLines(packed, 20261112, () => undefined))).toThrow(/inside another/);
    expect(() => unpackActLines(packed.subarray(0, 5), 20261112)).toThrow(RangeError);
    expect(unpackActLines(packed, 20261112).map((l) => l.actCode)).toEqual(['C', 'K']);
  });
});
