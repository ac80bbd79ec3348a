import { describe, expect, it } from 'vitest';
import type { CounterClaimMessage } from '../codecs/proto/liquidation-codec.js';
import { CounterBook } from '../engine/commit/counter-book.js';
import { EMPTY_LEDGER, type LedgerLookups } from '../engine/commit/ledger-lookups.js';

const subject = { practitionerId: '991023763', invoiceNumber: '000000010', originalInvoice: '000000010', regularising: false };

/** rules.md §2.9: ostéopathie, 40 € par séance, 160 € par an et par bénéficiaire. */
const osteo = (over: Partial<CounterClaimMessage> = {}): CounterClaimMessage => ({
  key: 'OSTEO|b1', fromDate: 20260101, toDate: 20261231, amountCeilingCents: 16_000, countCeiling: 0,
  rawCents: 4000, acts: 1, declaredCents: 4000, careDate: 20261115, kind: 'CEILING', label: 'en 2026', ...over,
});

/** Earlier runs took 140.00 € of the 2026 osteopathy counter (and one optical equipment in 2025). */
const ledger: LedgerLookups = {
  ...EMPTY_LEDGER,
  counterConsumed: (key, from, to) => {
    if (key === 'OSTEO|b1' && from <= 20260310 && 20260310 <= to) return { cents: 14_000, acts: 4 };
    if (key === 'RENOUVELLEMENT_OPTIQUE|b1' && from <= 20250601 && 20250601 <= to) return { cents: 29_991, acts: 1 };
    return { cents: 0, acts: 0 };
  },
  careCounters: (_ps, original) => (original === '000000007' ? [{ key: 'OSTEO|b1', careDate: 20260310, cents: 4000, acts: 1 }] : []),
};

describe('counters across invoices and days, by date of care (rules.md §2.6–2.9)', () => {
  it('§2.9 worked example: 140.00 of 160.00 consumed, FR 60.00 → AMC min(40.00, 60.00, 20.00) = 20.00; declared 20.00 is paid', () => {
    const judged = new CounterBook(ledger).judge([osteo({ declaredCents: 2000 })], subject);
    expect(judged.motives).toEqual([]);
    expect(judged.reductionCents).toBe(2000);
    expect(judged.consumptions).toEqual([
      { key: 'OSTEO|b1', careDate: 20261115, cents: 2000, acts: 1, practitionerId: subject.practitionerId, invoiceNumber: '000000010', originalInvoice: '000000010' },
    ]);
  });

  it('a part declared above what remains rejects the invoice, saying what remains and of what', () => {
    const judged = new CounterBook(ledger).judge([osteo()], subject);
    expect(judged.motives).toEqual([{ code: 'PLAFOND_ATTEINT', label: 'Plafond de garantie atteint : reste 20,00 € sur 160,00 € en 2026' }]);
  });

  it('the run\'s own paid invoices count, in input order', () => {
    const book = new CounterBook(ledger);
    const first = book.judge([osteo({ declaredCents: 2000 })], subject);
    book.record(first.consumptions);
    const second = book.judge([osteo({ declaredCents: 0 })], { ...subject, invoiceNumber: '000000011', originalInvoice: '000000011' });
    expect(second.motives).toEqual([]);
    expect(second.reductionCents).toBe(4000);
  });

  it('another year is another counter window', () => {
    const judged = new CounterBook(ledger).judge([osteo({ fromDate: 20270101, toDate: 20271231, careDate: 20270105, label: 'en 2027' })], subject);
    expect(judged.motives).toEqual([]);
    expect(judged.reductionCents).toBe(0);
  });

  it('a rectificative first gives back what its care held: the same session rebilled is judged against 100.00, not 140.00', () => {
    const judged = new CounterBook(ledger).judge([osteo({ careDate: 20260310 })], { ...subject, invoiceNumber: '000000020', originalInvoice: '000000007', regularising: true });
    expect(judged.motives).toEqual([]);
    expect(judged.consumptions.map((c) => [c.cents, c.acts])).toEqual([[-4000, -1], [4000, 1]]);
  });

  it('a renewal within the period: the equipment\'s part is 0, so a practitioner who declared it is refused, one who declared 0 is paid', () => {
    const claim: CounterClaimMessage = {
      key: 'RENOUVELLEMENT_OPTIQUE|b1', fromDate: 20241202, toDate: 20281130, amountCeilingCents: 0, countCeiling: 1,
      rawCents: 29_991, acts: 1, declaredCents: 29_991, careDate: 20261201, kind: 'RENEWAL', label: "un équipement d'optique par période de 2 ans",
    };
    const refused = new CounterBook(ledger).judge([claim], subject);
    expect(refused.motives).toEqual([{ code: 'RENOUVELLEMENT_ANTICIPE', label: "Renouvellement avant la fin de la période (un équipement d'optique par période de 2 ans : part complémentaire due 0,00)" }]);
    const declaredNothing = new CounterBook(ledger).judge([{ ...claim, declaredCents: 0 }], subject);
    expect(declaredNothing.motives).toEqual([]);
    expect(declaredNothing.reductionCents).toBe(29_991);
    expect(declaredNothing.consumptions).toEqual([]);
  });

  it('after the period, the next equipment is paid and counted', () => {
    const claim: CounterClaimMessage = {
      key: 'RENOUVELLEMENT_OPTIQUE|b1', fromDate: 20250602, toDate: 20290531, amountCeilingCents: 0, countCeiling: 1,
      rawCents: 29_991, acts: 1, declaredCents: 29_991, careDate: 20270601, kind: 'RENEWAL', label: "un équipement d'optique par période de 2 ans",
    };
    const judged = new CounterBook(ledger).judge([claim], subject);
    expect(judged.motives).toEqual([]);
    expect(judged.consumptions.map((c) => [c.cents, c.acts])).toEqual([[29_991, 1]]);
  });
});

describe('a ceiling nearly used up is signalled on the paid invoice (rules.md §5.2)', () => {
  /** Earlier runs took `cents` (and `acts`) of the 2026 counter of beneficiary b2. */
  const ledgerHolding = (cents: number, acts = 0): LedgerLookups => ({ ...EMPTY_LEDGER, counterConsumed: () => ({ cents, acts }) });
  const b2 = (over: Partial<CounterClaimMessage> = {}): CounterClaimMessage => osteo({ key: 'OSTEO|b2', ...over });

  it('§2.9 worked example: the 20.00 that remained is paid, leaving 0,00 € of 160,00 € — PLAFOND_PROCHE, not a rejection', () => {
    const judged = new CounterBook(ledger).judge([osteo({ declaredCents: 2000 })], subject);
    expect(judged.motives).toEqual([]);
    expect(judged.signalements).toEqual([{ code: 'PLAFOND_PROCHE', label: 'Plafond de garantie bientôt atteint : reste 0,00 € sur 160,00 € en 2026' }]);
  });

  it('exactly 10 % left (16,00 € of 160,00 €) is signalled; one cent more is not', () => {
    expect(new CounterBook(ledgerHolding(10_400)).judge([b2()], subject).signalements.map((m) => m.label)).toEqual(['Plafond de garantie bientôt atteint : reste 16,00 € sur 160,00 € en 2026']);
    expect(new CounterBook(ledgerHolding(10_399)).judge([b2()], subject).signalements).toEqual([]);
  });

  it('a first session of a fresh counter leaves 120,00 €: nothing to say', () => {
    const judged = new CounterBook(ledgerHolding(0)).judge([b2()], subject);
    expect(judged).toMatchObject({ motives: [], signalements: [] });
  });

  it('a count ceiling: its last act left is signalled, two of ten are not', () => {
    const sessions = (acts: number) => new CounterBook(ledgerHolding(0, acts)).judge([b2({ amountCeilingCents: 0, countCeiling: 10 })], subject);
    expect(sessions(8).signalements.map((m) => m.label)).toEqual(['Plafond de garantie bientôt atteint : reste 1 acte sur 10 en 2026']);
    expect(sessions(7).signalements).toEqual([]);
  });

  it('a rejected invoice carries the rejection only; a renewal period is no ceiling and says nothing', () => {
    const refused = new CounterBook(ledger).judge([osteo()], subject);
    expect(refused.motives.map((m) => m.code)).toEqual(['PLAFOND_ATTEINT']);
    expect(refused.signalements).toEqual([]);
    const renewal = new CounterBook(ledgerHolding(0, 0)).judge([b2({ kind: 'RENEWAL', amountCeilingCents: 0, countCeiling: 1 })], subject);
    expect(renewal.signalements).toEqual([]);
  });
});
