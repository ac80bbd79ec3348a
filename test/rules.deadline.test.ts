import { describe, expect, it } from 'vitest';
import type { Invoice } from '../engine/domain/invoice.js';
import type { DateYmd } from '../engine/domain/units.js';
import { checkDeadline, submissionWindowStart } from '../engine/rules/deadline.js';
import { collect } from './support/assess.js';
import { invoiceOf } from './support/invoice-builder.js';
import { ReferentialBuilder } from './support/referential-builder.js';

const ref = new ReferentialBuilder().build();
const actsOf = (invoice: Invoice) => invoice.lines.map((line) => ref.actDomain(line.actCode));
const deadlineMotives = (invoice: Invoice, received: number) =>
  collect((m) => checkDeadline(invoice, actsOf(invoice), received as DateYmd, m));

describe('P5 — 3-month submission windows (protocol §5-1)', () => {
  const roInvoice = invoiceOf([{ actDate: 20261105 }], { roSentDate: 20261112 as DateYmd });

  it('P5: RO acts, received on the last day of the 3 months after the RO invoice was sent → in time', () => {
    expect(deadlineMotives(roInvoice, 20270212)).toEqual([]);
  });

  it('P5: RO acts, received the day after → HORS_DELAI with the limit', () => {
    expect(deadlineMotives(roInvoice, 20270213)).toEqual([{ code: 'HORS_DELAI', label: 'Facture reçue hors délai (limite le 12/02/2027)' }]);
  });

  it('P5: RO acts without an RO sending date count from the latest act date', () => {
    const invoice = invoiceOf([{ actDate: 20261105 }, { actDate: 20261110 }], { roSentDate: 0 as DateYmd });
    expect(submissionWindowStart(invoice, actsOf(invoice))).toBe(20261110);
    expect(deadlineMotives(invoice, 20270210)).toEqual([]);
    expect(deadlineMotives(invoice, 20270211).map((m) => m.code)).toEqual(['HORS_DELAI']);
  });

  it('P5: only non-RO acts (ostéopathie) count from the acts, whatever the RO date says', () => {
    const invoice = invoiceOf([{ actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 6000, actDate: 20261105 }], {
      roSentDate: 20261201 as DateYmd,
    });
    expect(submissionWindowStart(invoice, actsOf(invoice))).toBe(20261105);
    expect(deadlineMotives(invoice, 20270206).map((m) => m.label)).toEqual(['Facture reçue hors délai (limite le 05/02/2027)']);
  });

  it('P5: one RO act is enough for the RO window', () => {
    const invoice = invoiceOf([{ actCode: 'OST', base: 0, rate: 0, amo: 0, fee: 6000, actDate: 20261105 }, { actDate: 20261105 }], {
      roSentDate: 20261201 as DateYmd,
    });
    expect(submissionWindowStart(invoice, actsOf(invoice))).toBe(20261201);
  });

  it('end of month: 30/11 + 3 months is 28/02', () => {
    const invoice = invoiceOf([{ actDate: 20261130 }], { roSentDate: 20261130 as DateYmd });
    expect(deadlineMotives(invoice, 20270228)).toEqual([]);
    expect(deadlineMotives(invoice, 20270301).map((m) => m.label)).toEqual(['Facture reçue hors délai (limite le 28/02/2027)']);
  });

  it('the window is a parameter of the protocol', () => {
    const motives = collect((m) => checkDeadline(roInvoice, actsOf(roInvoice), 20261213 as DateYmd, m, 1));
    expect(motives.map((m) => m.label)).toEqual(['Facture reçue hors délai (limite le 12/12/2026)']);
  });
});
