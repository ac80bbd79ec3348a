import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionCsvLineBytesMax, writeDecisionCsvLine } from '../codecs/csv/decision-csv-bytes.js';
import { decisionCsvLine, type DecisionCsvRow } from '../codecs/csv/decisions-writer.js';

/** Texts that exercise every path: plain ASCII, what must be quoted, formula starts, accents and astral characters. */
const text = fc.string({ unit: fc.constantFrom('0', '7', 'a', 'Z', '.', '-', '_', ' ', ',', '"', '\r', '\n', '=', '+', '@', '\t', 'é', '°', '€', '😀'), maxLength: 12 });
const date = fc.constantFrom(0, 20261123, 20270104, 19991231);
const motive = fc.record({ code: fc.constantFrom('DOUBLON', 'HORS_DELAI', 'DROITS_FERMES'), label: text });

const row: fc.Arbitrary<DecisionCsvRow> = fc.record({
  sequence: fc.oneof(fc.nat(), fc.integer({ min: -5, max: -1 }), fc.constant(Number.MAX_SAFE_INTEGER)),
  file: text, lot: text,
  line: fc.nat({ max: 10_000_000 }),
  invoiceNumber: text, practitionerId: text, amcNumber: text, status: fc.constantFrom('PAID', 'REJECTED', '=PAID'),
  paidCents: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(Number.MIN_SAFE_INTEGER)),
  claimedCents: fc.integer({ min: 0, max: 100_000_000 }),
  motives: fc.array(motive, { maxLength: 3 }),
  receivedDate: date, dueDate: date,
});

describe('decisions.csv rows written as bytes', () => {
  it('are exactly decisionCsvLine in UTF-8, within the room they ask for', () => {
    fc.assert(
      fc.property(row, (r) => {
        const expected = Buffer.from(decisionCsvLine(r), 'utf8');
        const room = decisionCsvLineBytesMax(r);
        const out = Buffer.alloc(room + 8, 0xff);
        const end = writeDecisionCsvLine(r, out, 4);
        expect(out.subarray(4, end).toString('hex')).toBe(expected.toString('hex'));
        expect(end - 4).toBeLessThanOrEqual(room);
        // Nothing written outside the row.
        expect(out.subarray(0, 4).every((b) => b === 0xff) && out.subarray(end).every((b) => b === 0xff)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('write an ordinary paid invoice and a rejected one as the audit trail shows them', () => {
    const paid: DecisionCsvRow = {
      sequence: 7, file: 'inbox/a.b2', lot: '001', line: 1, invoiceNumber: '000000001', practitionerId: '991023763', amcNumber: '0012345678',
      status: 'PAID', paidCents: 123456789, claimedCents: 5, motives: [], receivedDate: 20261120, dueDate: 20261127,
    };
    const write = (r: DecisionCsvRow): string => {
      const out = Buffer.alloc(decisionCsvLineBytesMax(r));
      return out.subarray(0, writeDecisionCsvLine(r, out, 0)).toString('utf8');
    };
    expect(write(paid)).toBe('7,inbox/a.b2,001,1,000000001,991023763,0012345678,PAID,1234567.89,0.05,,2026-11-20,2026-11-27\r\n');
    expect(write({ ...paid, status: 'REJECTED', paidCents: 0, file: 'dépôt,1.b2', motives: [{ code: 'DOUBLON', label: 'Facture déjà reçue' }] })).toBe(
      '7,"dépôt,1.b2",001,1,000000001,991023763,0012345678,REJECTED,0.00,0.05,DOUBLON:Facture déjà reçue,2026-11-20,2026-11-27\r\n',
    );
  });

  it('refuse an amount that is not a safe integer of cents, as the text does', () => {
    const r = { sequence: 1, file: 'f', lot: '1', line: 1, invoiceNumber: '1', practitionerId: '1', amcNumber: '1', status: 'PAID', paidCents: 0.5, claimedCents: 1, motives: [], receivedDate: 0, dueDate: 0 };
    expect(() => writeDecisionCsvLine(r, Buffer.alloc(decisionCsvLineBytesMax(r)), 0)).toThrow(RangeError);
  });
});
