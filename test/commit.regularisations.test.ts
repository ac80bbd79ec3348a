import { describe, expect, it } from 'vitest';
import type { InvoiceOutcomeMessage } from '../codecs/proto/liquidation-codec.js';
import { CommitStep, type CommittedInvoice } from '../engine/commit/commit-step.js';
import type { LedgerLookups } from '../engine/commit/ledger-lookups.js';
import type { RegularisationTarget } from '../engine/domain/regularisation.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import type { LotRef } from '../engine/pipeline/task.js';
import { returnsTailOf } from '../engine/run/spool-returns-tail.js';

const PS = '991023763';
const lot: LotRef = { file: 'a.dre', lot: '001', practitionerId: PS, profile: 'dre', channel: 'DRE', receivedDate: 20261120, sendDate: 20261119 };

let seq = 0;
const RETURNS_TAIL = returnsTailOf({ nir: '1850475123456', nirKey: '57', amoCents: 2100, natureAssurance: '' });

function outcome(over: Partial<InvoiceOutcomeMessage> = {}): InvoiceOutcomeMessage {
  seq++;
  return {
    sequence: seq, invoiceNumber: String(500 + seq).padStart(9, '0'), amcNumber: '0000012345',
    birthRank: 1, careDate: 20261110, computedAmcCents: 900, claimedAmcCents: 900, motives: [], errors: [],
    functionalKeyHi: 1, functionalKeyLo: 1, pecNumber: '', pecCents: 0, duplicataOf: '', nature: 'INITIALE',
    refersTo: '', feeCents: 3000, returnsTail: RETURNS_TAIL, line: seq, c2sDueDate: 0, c2sFormalNoticeDate: 0, claims: [], ...over,
  };
}

/** Earlier runs: invoice 000000100 paid 30.00 €, 000000200 rejected, 000000300 paid then cancelled, 000000401 a rectificative of 000000400 (now 12.00 €). */
const ledger: LedgerLookups = {
  // The functional key of every outcome here was paid: a regularisation must not be a DOUBLON_FONCTIONNEL.
  invoicePaid: (ps, n) => ps === PS && ['000000100', '000000300', '000000400', '000000401'].includes(n),
  functionalKeyPaid: () => true,
  pecConsumed: () => true,
  regularisationTarget: (ps, n): RegularisationTarget => {
    if (ps !== PS) return { kind: 'UNKNOWN' };
    if (n === '000000100') return { kind: 'PAID', originalInvoice: '000000100', currentCents: 3000 as Cents, cancelled: false };
    if (n === '000000200') return { kind: 'REJECTED' };
    if (n === '000000300') return { kind: 'PAID', originalInvoice: '000000300', currentCents: 0 as Cents, cancelled: true };
    if (n === '000000400' || n === '000000401') return { kind: 'PAID', originalInvoice: '000000400', currentCents: 1200 as Cents, cancelled: false };
    return { kind: 'UNKNOWN' };
  },
  counterConsumed: () => ({ cents: 0, acts: 0 }),
  careCounters: () => [],
};

function decide(...outcomes: InvoiceOutcomeMessage[]): CommittedInvoice[] {
  const out: CommittedInvoice[] = [];
  const step = new CommitStep({ accountingDate: 20261123 as DateYmd, calendar: 'TARGET_AND_FR', ledger }, (c) => out.push(c));
  for (const o of outcomes) step.add(o, lot);
  step.closeLot([]);
  step.finish();
  return out;
}

const codes = (c: CommittedInvoice): string[] => c.decision.motives.map((m) => m.code);

describe('rectificatives and annulations in the commit step (rules.md §6.2, protocol §5-3)', () => {
  it('a rectificative to a higher amount pays the difference as a complement, with its signalement', () => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo: '000000100', computedAmcCents: 3500 }));
    expect(c!.decision.status).toBe('PAID');
    expect(c!.decision.paidCents).toBe(500);
    expect(c!.decision.regularisation).toEqual({ nature: 'RECTIFICATIVE', rectifiedInvoice: '000000100', originalInvoice: '000000100', previousCents: 3000, newCents: 3500, deltaCents: 500 });
    expect(c!.decision.motives).toEqual([{ code: 'REGULARISATION', label: 'Régularisation (facture n° 000000100 : payé 30,00, dû 35,00, complément 5,00)' }]);
  });

  it('a rectificative to a lower amount pays nothing today and leaves an indu of the difference', () => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo: '000000100', computedAmcCents: 2100 }));
    expect(c!.decision.status).toBe('PAID');
    expect(c!.decision.paidCents).toBe(0);
    expect(c!.decision.regularisation?.deltaCents).toBe(-900);
    expect(c!.decision.motives[0]!.label).toContain('indu 9,00');
  });

  it('an annulation makes the whole amount paid for the care an indu', () => {
    const [c] = decide(outcome({ nature: 'ANNULATION', refersTo: '000000100', computedAmcCents: 0 }));
    expect(c!.decision.regularisation).toMatchObject({ nature: 'ANNULATION', previousCents: 3000, newCents: 0, deltaCents: -3000 });
    expect(c!.decision.paidCents).toBe(0);
  });

  it('a rectificative of a rectificative regularises the care again, from what the last one left', () => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo: '000000401', computedAmcCents: 1500 }));
    expect(c!.decision.regularisation).toMatchObject({ rectifiedInvoice: '000000401', originalInvoice: '000000400', previousCents: 1200, newCents: 1500, deltaCents: 300 });
  });

  it.each([
    ['names no invoice', '', 'RECTIFICATIVE_SANS_REFERENCE'],
    ['names an invoice this practitioner was never paid for (or another practitioner\'s)', '000000999', 'FACTURE_RECTIFIEE_INCONNUE'],
    ['names a rejected invoice', '000000200', 'FACTURE_RECTIFIEE_REJETEE'],
    ['names a cancelled care', '000000300', 'FACTURE_DEJA_ANNULEE'],
  ])('a rectificative that %s is rejected whole with its code', (_what, refersTo, code) => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo, computedAmcCents: 3500 }));
    expect(c!.decision.status).toBe('REJECTED');
    expect(c!.decision.paidCents).toBe(0);
    expect(codes(c!)).toEqual([code]);
    expect(c!.decision.regularisation).toBeUndefined();
  });

  it('a rectificative that names itself is rejected', () => {
    const [c] = decide(outcome({ invoiceNumber: '000000100', nature: 'RECTIFICATIVE', refersTo: '000000100' }));
    // Its own number was paid before: a duplicate as well.
    expect(codes(c!)).toEqual(['DOUBLON', 'RECTIFICATIVE_SANS_REFERENCE']);
  });

  it('an invoice paid or regularised earlier in the same run cannot be regularised before its transfer went out', () => {
    const initial = outcome({ invoiceNumber: '000000600', functionalKeyHi: 9, functionalKeyLo: 9 });
    const first = outcome({ nature: 'RECTIFICATIVE', refersTo: '000000100', computedAmcCents: 3300 });
    const sameInvoice = outcome({ nature: 'RECTIFICATIVE', refersTo: '000000600', computedAmcCents: 800 });
    const sameCare = outcome({ nature: 'ANNULATION', refersTo: '000000100' });
    const noLedger: LedgerLookups = { ...ledger, functionalKeyPaid: () => false };
    const out: CommittedInvoice[] = [];
    const step = new CommitStep({ accountingDate: 20261123 as DateYmd, calendar: 'TARGET_AND_FR', ledger: noLedger }, (c) => out.push(c));
    for (const o of [initial, first, sameInvoice, sameCare]) step.add(o, lot);
    step.closeLot([]);
    expect(out.map((c) => c.decision.status)).toEqual(['PAID', 'PAID', 'REJECTED', 'REJECTED']);
    expect(codes(out[2]!)).toEqual(['RECTIFICATIVE_PREMATUREE']);
    expect(codes(out[3]!)).toEqual(['RECTIFICATIVE_PREMATUREE']);
  });

  it('a rectificative the workers rejected is rejected with their motives, and regularises nothing', () => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo: '000000100', motives: [{ code: 'DROITS_FERMES', label: 'Droits du bénéficiaire non ouverts' }] }));
    expect(c!.decision.status).toBe('REJECTED');
    expect(codes(c!)).toEqual(['DROITS_FERMES']);
    expect(c!.decision.regularisation).toBeUndefined();
  });

  it('a regularisation is neither a functional duplicate nor a second use of its PEC', () => {
    const [c] = decide(outcome({ nature: 'RECTIFICATIVE', refersTo: '000000100', computedAmcCents: 3000, pecNumber: 'PEC1', pecCents: 3000 }));
    expect(c!.decision.status).toBe('PAID');
    expect(codes(c!)).toEqual(['REGULARISATION']);
    expect(c!.decision.motives[0]!.label).toContain('sans écart');
  });
});
