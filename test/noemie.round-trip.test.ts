import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RspAct, RspGroup, RspInput, RspInvoice } from '../codecs/noemie/rsp-model.js';
import { readRsp580 } from '../codecs/noemie/rsp-reader.js';
import { writeRsp580 } from '../codecs/noemie/rsp-writer.js';

// Text as it exists on the wire: uppercase ASCII, no trailing blank. '@' is included on purpose:
// the delimiter may appear inside a zone, even as its last character.
const WIRE_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -/.@'];
const wireText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...WIRE_CHARS), maxLength }).map((s) => s.trimEnd());
const digits = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
const ymd = fc
  .record({ year: fc.integer({ min: 1990, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => year * 10000 + month * 100 + day);
// A label as the reader gives it back: words of wire characters (some longer than a 70-character
// zone, so that a word is cut and glued back) separated by one space, 0 to about 5 zones long.
const wireWord = fc.string({ unit: fc.constantFrom(...WIRE_CHARS.filter((c) => c !== ' ')), minLength: 1, maxLength: 90 });
const wireLabel = fc.array(wireWord, { maxLength: 8 }).map((words) => words.join(' '));
const motive = fc.record({ code: wireText(5), label: wireLabel });

// An act line (070): a blank date zone reads back as 0; amounts are signed zones.
const act: fc.Arbitrary<RspAct> = fc.record({
  actCode: wireText(13),
  actDate: fc.oneof(ymd, fc.constant(0)),
  quantity: fc.integer({ min: 0, max: 999 }),
  coefficientHundredths: fc.integer({ min: 0, max: 999_999 }),
  baseCents: fc.integer({ min: -1_000_000, max: 10_000_000 }),
  amoCents: fc.integer({ min: -1_000_000, max: 10_000_000 }),
  amcCents: fc.integer({ min: 0, max: 1_000_000 }),
});

/** A paid invoice's acts add up to what it pays and to its AMO part (the reader checks both). */
function paidByItsActs(invoice: { acts?: RspAct[]; amoCents?: number; paidCents: number }): { paidCents: number; amoCents?: number } {
  if (invoice.acts === undefined) return { paidCents: invoice.paidCents };
  const paidCents = invoice.acts.reduce((sum, a) => sum + a.amcCents, 0);
  return invoice.amoCents === undefined ? { paidCents } : { paidCents, amoCents: invoice.acts.reduce((sum, a) => sum + a.amoCents, 0) };
}

const invoice: fc.Arbitrary<RspInvoice> = fc
  .record({
    invoiceNumber: digits(9),
    nir: wireText(13),
    nirKey: digits(2),
    rank: fc.integer({ min: 0, max: 999 }),
    careDate: ymd,
    claimedCents: fc.integer({ min: -1_000_000, max: 10_000_000 }),
    paidCents: fc.integer({ min: 0, max: 10_000_000 }),
    // The AMO part is optional: a blank zone reads back as no AMO part, not as 0.
    amoCents: fc.option(fc.integer({ min: -1_000_000, max: 10_000_000 }), { nil: undefined }),
    rejected: fc.boolean(),
    motives: fc.array(motive, { maxLength: 3 }),
    firstMotive: motive,
    lot: fc.constantFrom('001', '002', '017', '999'),
    // A lot's date (050) and the nature d'assurance (060) are optional: blank zones read back as none.
    lotSendDate: fc.option(fc.constantFrom(20260110, 20260111), { nil: undefined }),
    natureAssurance: fc.option(fc.constantFrom('10', '30', '41'), { nil: undefined }),
    acts: fc.array(act, { maxLength: 4 }),
  })
  .map(({ rejected, firstMotive, amoCents, acts, lotSendDate, natureAssurance, ...rest }) => ({
    ...rest, ...(amoCents === undefined ? {} : { amoCents }), ...(acts.length === 0 ? {} : { acts }),
    ...(lotSendDate === undefined ? {} : { lotSendDate }), ...(natureAssurance === undefined ? {} : { natureAssurance }), rejected, firstMotive,
  }))
  .map(({ rejected, firstMotive, ...i }) =>
    rejected ? { ...i, status: 'R' as const, paidCents: 0, motives: [firstMotive, ...i.motives] } : { ...i, status: 'P' as const, ...paidByItsActs(i) },
  );

/**
 * Invoices in the order the return lists them: by lot number, then lot date (an undated lot first),
 * in the given order within a lot.
 */
const byLot = (invoices: RspInvoice[]): RspInvoice[] =>
  [...invoices].sort((a, b) => (a.lot !== b.lot ? (a.lot < b.lot ? -1 : 1) : (a.lotSendDate ?? 0) - (b.lotSendDate ?? 0)));

const group: fc.Arbitrary<RspGroup> = fc.record({
  amcNumber: digits(10),
  amcName: wireText(30),
  invoices: fc.array(invoice, { maxLength: 8 }).map(byLot),
});

const rspInput: fc.Arbitrary<RspInput> = fc
  .record({
    fileNumber: fc.integer({ min: 0, max: 99_999 }),
    creationDate: ymd,
    emitter: wireText(9),
    practitioner: fc.record({ billingId: digits(9), name: wireText(30) }),
    accountingDate: ymd,
    reference: wireText(35),
    paymentDate: ymd,
    transferWhenNothingPaid: fc.boolean(),
    groups: fc.uniqueArray(group, { minLength: 1, maxLength: 4, selector: (g) => g.amcNumber }),
  })
  .map(({ reference, paymentDate, transferWhenNothingPaid, ...rest }) => {
    const paidCents = rest.groups.reduce((sum, g) => sum + g.invoices.reduce((s, i) => s + i.paidCents, 0), 0);
    const transfer = paidCents !== 0 || transferWhenNothingPaid ? { reference, paymentDate, amountCents: paidCents } : null;
    return { ...rest, transfer };
  });

describe('NOEMIE RSP 580 round trip', () => {
  it('reading what the writer wrote gives back the input model, without error', () => {
    fc.assert(
      fc.property(rspInput, (input) => {
        const read = readRsp580(writeRsp580(input));
        expect(read.errors).toEqual([]);
        const { reference, unmodelled, ...model } = read.file;
        expect(reference).toBe('00580');
        expect(unmodelled).toEqual([]);
        expect(model).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('encode → decode → encode gives the same bytes, labels continued over 081s included', () => {
    fc.assert(
      fc.property(rspInput, (input) => {
        const text = writeRsp580(input);
        const { reference: _r, unmodelled: _u, ...model } = readRsp580(text).file;
        expect(writeRsp580(model)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('the round trip survives CRLF line ends and a lost delimiter', () => {
    fc.assert(
      fc.property(rspInput, fc.boolean(), (input, dropDelimiters) => {
        let text = writeRsp580(input).replaceAll('\n', '\r\n');
        if (dropDelimiters) text = text.replaceAll('@\r\n', '\r\n');
        const read = readRsp580(text);
        expect(read.errors).toEqual([]);
        const { reference: _r, unmodelled: _u, ...model } = read.file;
        expect(model).toEqual(input);
      }),
      { numRuns: 100 },
    );
  });

  it('no entity can disappear unnoticed: deleting any one line is reported', () => {
    fc.assert(
      fc.property(rspInput, fc.nat(), (input, pick) => {
        const lines = writeRsp580(input).split('\n').slice(0, -1);
        lines.splice(pick % lines.length, 1);
        expect(readRsp580(lines.join('\n')).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('the reader never throws, whatever the text', () => {
    const validThenMangled = fc.tuple(rspInput, fc.nat(), fc.string({ maxLength: 5 })).map(([input, at, junk]) => {
      const text = writeRsp580(input);
      const i = at % text.length;
      return text.slice(0, i) + junk + text.slice(i + junk.length);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), validThenMangled), (text) => {
        const read = readRsp580(text);
        expect(read.ok).toBe(read.errors.length === 0);
      }),
      { numRuns: 500 },
    );
  });
});
