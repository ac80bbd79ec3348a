import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPain001 } from '../codecs/sepa/pain001.js';
import type { Practitioner } from '../engine/domain/referential.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { buildPaymentFile } from '../engine/settle/payment-file.js';
import { endToEndIdOf, groupTransfers, remittanceOf, TransferGrouper } from '../engine/settle/transfers.js';
import { payerKey } from '../engine/settle/set-off.js';
import { ACCOUNTING_DATE, decisionOf, decisionsOf } from './support/decision-builder.js';
import { pain001Problems } from './support/pain001-validity.js';
import { practitionerOf } from './support/referential-builder.js';

const grouping = { accountingDate: ACCOUNTING_DATE, returnRefOf: (ps: string) => `N580-${ps}` };
const c = (n: number): Cents => n as Cents;

describe('transfers: one per practitioner per accounting day (P7, rules.md §7.2)', () => {
  it("sums a practitioner's paid invoices into one transfer and ignores rejected ones", () => {
    const decisions = [
      decisionOf({ sequence: 1, invoiceNumber: '1', practitionerId: 'PS-A', claimedCents: c(1000) }),
      decisionOf({ sequence: 2, invoiceNumber: '2', practitionerId: 'PS-A', claimedCents: c(5) }),
      decisionOf({ sequence: 3, invoiceNumber: '3', practitionerId: 'PS-A', status: 'REJECTED', claimedCents: c(9999) }),
      decisionOf({ sequence: 4, invoiceNumber: '4', practitionerId: 'PS-B', claimedCents: c(250) }),
    ];
    expect(groupTransfers(decisions, grouping)).toEqual([
      {
        practitionerId: 'PS-A',
        accountingDate: ACCOUNTING_DATE,
        amountCents: 1005,
        invoiceCount: 2,
        endToEndId: 'TPLIQ-20261123-PS-A',
        remittance: 'TP AMC DC 23/11/2026 REF N580-PS-A NBF 2',
      },
      {
        practitionerId: 'PS-B',
        accountingDate: ACCOUNTING_DATE,
        amountCents: 250,
        invoiceCount: 1,
        endToEndId: 'TPLIQ-20261123-PS-B',
        remittance: 'TP AMC DC 23/11/2026 REF N580-PS-B NBF 1',
      },
    ]);
  });

  it('tells what each AMC pays each practitioner, in the order they first paid, past any number of AMCs (property)', () => {
    // Up to 40 AMCs for a practitioner: past 16 its tally moves from pairs to a map.
    const decision = fc.record({ practitioner: fc.integer({ min: 0, max: 3 }), amc: fc.integer({ min: 0, max: 39 }), cents: fc.integer({ min: 0, max: 1_000_000 }), paid: fc.boolean() });
    fc.assert(fc.property(fc.array(decision, { maxLength: 300, size: 'max' }), (drawn) => {
      const decisions = drawn.map((d, i) => decisionOf({
        sequence: i + 1, invoiceNumber: String(i + 1), practitionerId: `PS-${d.practitioner}`, amcNumber: `AMC${d.amc}`,
        status: d.paid ? 'PAID' : 'REJECTED', claimedCents: c(d.cents), paidCents: c(d.paid ? d.cents : 0),
      }));
      const grouper = new TransferGrouper(grouping);
      const expected = new Map<string, number>();
      const practitionersInOrder: string[] = [];
      for (const d of decisions) {
        grouper.add(d);
        if (d.status !== 'PAID') continue;
        if (!practitionersInOrder.includes(d.practitionerId)) practitionersInOrder.push(d.practitionerId);
      }
      // The oracle: per practitioner in the order it was first paid, its AMCs in the order they first paid it.
      for (const ps of practitionersInOrder) {
        for (const d of decisions) {
          if (d.status !== 'PAID' || d.practitionerId !== ps) continue;
          const key = payerKey(ps, d.amcNumber);
          expected.set(key, (expected.get(key) ?? 0) + d.paidCents);
        }
      }
      expect([...grouper.grossByPayer()]).toEqual([...expected]);
    }), { numRuns: 200 });
  });

  it('sorts transfers by practitioner id whatever the order of the decisions', () => {
    const decisions = decisionsOf(30, (i) => ({ practitionerId: `99102${String((i * 7) % 10).padStart(4, '0')}` }));
    const forward = groupTransfers(decisions, grouping);
    const backward = groupTransfers([...decisions].reverse(), grouping);
    expect(backward).toEqual(forward);
    expect(forward.map((t) => t.practitionerId)).toEqual([...new Set(decisions.map((d) => d.practitionerId))].sort());
  });

  it('makes no transfer for a practitioner with only rejected invoices, nor for a zero total', () => {
    const decisions = [
      decisionOf({ practitionerId: 'PS-A', status: 'REJECTED' }),
      decisionOf({ practitionerId: 'PS-B', paidCents: c(0), claimedCents: c(0) }),
    ];
    expect(groupTransfers(decisions, grouping)).toEqual([]);
  });

  it('recalls the date comptable and the NOEMIE return in the label, within 140 SEPA characters', () => {
    expect(remittanceOf(20270105 as DateYmd, 'RSP-000042', 17)).toBe('TP AMC DC 05/01/2027 REF RSP-000042 NBF 17');
    expect(() => remittanceOf(ACCOUNTING_DATE, 'R'.repeat(120), 1)).toThrow(RangeError);
    expect(() => remittanceOf(ACCOUNTING_DATE, 'RÉF_1', 1)).toThrow(RangeError);
  });

  it('derives the EndToEndId from the day and the billing id, within 35 characters', () => {
    const id = endToEndIdOf('991023763', ACCOUNTING_DATE);
    expect(id).toBe('TPLIQ-20261123-991023763');
    expect(id.length).toBeLessThanOrEqual(35);
  });
});

describe('payment file of the run', () => {
  const practitioners = new Map<string, Practitioner>([
    ['PS-A', practitionerOf({ billingId: 'PS-A', name: 'Dr Anaïs Lefèvre', bic: 'BNPAFRPP' })],
    ['PS-B', practitionerOf({ billingId: 'PS-B', name: 'Pharmacie du Marché', iban: 'FR1420041010050500013M02606', bic: '' })],
  ]);
  const parameters = {
    messageId: 'TPLIQ-RUN-20261123',
    createdAt: '2026-11-23T21:30:00',
    requestedExecutionDate: 20261124 as DateYmd,
    operator: { name: "Mut'Santé", iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' },
  };

  it('pays each transfer to the IBAN of its practitioner, totals matching the transfers, in a file valid against the EPC XSD', async () => {
    const transfers = groupTransfers(
      [
        decisionOf({ sequence: 1, invoiceNumber: '1', practitionerId: 'PS-A', claimedCents: c(123456789) }),
        decisionOf({ sequence: 2, invoiceNumber: '2', practitionerId: 'PS-B', claimedCents: c(5) }),
      ],
      grouping,
    );
    const xml = buildPaymentFile(transfers, (id) => practitioners.get(id), parameters);
    expect(await pain001Problems([xml])).toEqual([[]]);
    const read = readPain001(xml);
    expect(read.controlSumCents).toBe(123456794);
    expect(read.paymentInfos[0]?.requestedExecutionDate).toBe('2026-11-24');
    expect(read.paymentInfos[0]?.transfers).toEqual([
      {
        endToEndId: 'TPLIQ-20261123-PS-A',
        amountCents: 123456789,
        creditor: { name: 'Dr Anais Lefevre', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' },
        remittance: 'TP AMC DC 23/11/2026 REF N580-PS-A NBF 1',
      },
      {
        endToEndId: 'TPLIQ-20261123-PS-B',
        amountCents: 5,
        creditor: { name: 'Pharmacie du Marche', iban: 'FR1420041010050500013M02606', bic: '' },
        remittance: 'TP AMC DC 23/11/2026 REF N580-PS-B NBF 1',
      },
    ]);
  });

  it('throws rather than ask for an execution date on a TARGET closing day (25 December)', () => {
    const transfers = groupTransfers([decisionOf({ practitionerId: 'PS-A' })], grouping);
    const christmas = { ...parameters, requestedExecutionDate: 20261225 as DateYmd };
    expect(() => buildPaymentFile(transfers, (id) => practitioners.get(id), christmas)).toThrow(/2026-12-25 is a TARGET closing day/);
  });

  it('throws when a transfer goes to a practitioner the referential does not know', () => {
    const transfers = groupTransfers([decisionOf({ practitionerId: 'PS-Z' })], grouping);
    expect(() => buildPaymentFile(transfers, (id) => practitioners.get(id), parameters)).toThrow(/PS-Z/);
  });
});
