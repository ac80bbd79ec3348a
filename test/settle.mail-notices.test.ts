import { describe, expect, it } from 'vitest';
import type { Practitioner } from '../engine/domain/referential.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import { buildPaperNotices, encodeHeaderText, type NoticeParameters } from '../engine/settle/mail-notices.js';
import { ACCOUNTING_DATE, decisionOf, motiveOf } from './support/decision-builder.js';
import { practitionerOf } from './support/referential-builder.js';

const c = (n: number): Cents => n as Cents;
const parameters: NoticeParameters = { accountingDate: ACCOUNTING_DATE, operatorName: "Mut'Santé", fromAddress: 'tiers-payant@mutsante.example' };

const practitioners = new Map<string, Practitioner>([
  ['111111118', practitionerOf({ billingId: '111111118', name: 'Dr Hélène Morel', email: 'h.morel@example.org' })],
  ['222222226', practitionerOf({ billingId: '222222226', name: 'Cabinet Dupont', email: '' })],
  ['333333334', practitionerOf({ billingId: '333333334', name: 'Dr Injecté', email: 'x@example.org\r\nBcc: victim@example.org' })],
]);
const lookup = (id: string): Practitioner | undefined => practitioners.get(id);

const paperDecisions = [
  decisionOf({ sequence: 3, invoiceNumber: '000000103', practitionerId: '111111118', channel: 'PAPER', claimedCents: c(4500), receivedDate: 20261120 as DateYmd }),
  decisionOf({ sequence: 1, invoiceNumber: '000000101', practitionerId: '111111118', channel: 'PAPER', claimedCents: c(123456), receivedDate: 20261119 as DateYmd }),
  decisionOf({
    sequence: 2,
    invoiceNumber: '000000102',
    practitionerId: '111111118',
    channel: 'PAPER',
    status: 'REJECTED',
    claimedCents: c(1200),
    motives: [motiveOf('DROITS_FERMES', 'Droits du bénéficiaire non ouverts au 12/11/2026')],
  }),
  decisionOf({ sequence: 4, invoiceNumber: '000000104', practitionerId: '222222226', channel: 'PAPER', claimedCents: c(990) }),
];

const decodeEncodedWords = (header: string): string =>
  header.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('paper-channel notices (protocol §8-3, P10)', () => {
  it('writes a daily e-mail for a practitioner with an address and a monthly section for one without', () => {
    const notices = buildPaperNotices(paperDecisions, lookup, parameters);
    expect(notices.map((n) => n.path)).toEqual(['daily/20261123/111111118.eml', 'monthly/202611/222222226.txt']);
  });

  it('ignores invoices of the other channels (they get NOEMIE returns)', () => {
    const notices = buildPaperNotices([decisionOf({ channel: 'B2_PS' }), decisionOf({ channel: 'DRE' }), decisionOf({ channel: undefined })], lookup, parameters);
    expect(notices).toEqual([]);
  });

  it('writes an RFC 5322 message: CRLF lines, headers from the accounting day, encoded non-ASCII headers', () => {
    const [mail] = buildPaperNotices(paperDecisions, lookup, parameters);
    const content = mail?.content ?? '';
    const blankLine = content.indexOf('\r\n\r\n');
    const head = content.slice(0, blankLine);
    const body = content.slice(blankLine + 4);
    expect(content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(head).toContain('To: <h.morel@example.org>');
    expect(head).toContain('Date: Mon, 23 Nov 2026 00:00:00 +0000');
    expect(head).toContain('Message-ID: <tpliq.20261123.111111118@mutsante.example>');
    expect(head).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(head).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(decodeEncodedWords(head)).toContain("From: Mut'Santé <tiers-payant@mutsante.example>");
    expect(decodeEncodedWords(head)).toContain('Subject: Factures papier traitées le 23/11/2026');
    expect(body).toContain('Professionnel de santé : Dr Hélène Morel (n° de facturation 111111118)');
  });

  it('lists paid invoices with amounts and rejected ones with their motive in clear, in French, in sequence order', () => {
    const [mail] = buildPaperNotices(paperDecisions, lookup, parameters);
    const lines = (mail?.content ?? '').split('\r\n');
    const from = lines.indexOf('Factures mises en paiement : 2, pour un total de 1279,56 €.');
    expect(from).toBeGreaterThan(0);
    expect(lines.slice(from + 1, from + 3)).toEqual([
      '  - facture 000000101 reçue le 19/11/2026 : 1234,56 €',
      '  - facture 000000103 reçue le 20/11/2026 : 45,00 €',
    ]);
    expect(lines).toContain('Factures rejetées : 1.');
    expect(lines).toContain('  - facture 000000102 reçue le 20/11/2026, montant demandé 12,00 €');
    expect(lines).toContain('      motif B004 : Droits du bénéficiaire non ouverts au 12/11/2026');
  });

  it('writes an appendable monthly section headed by the accounting day', () => {
    const monthly = buildPaperNotices(paperDecisions, lookup, parameters).find((n) => n.path.startsWith('monthly/'));
    const content = monthly?.content ?? '';
    expect(content.startsWith("==== Mut'Santé — factures papier, journée comptable du 23/11/2026 ====\n")).toBe(true);
    expect(content).toContain('  - facture 000000104 reçue le 20/11/2026 : 9,90 €');
    expect(content).toContain('Factures rejetées : aucune.');
    expect(content.endsWith('\n\n')).toBe(true);
    expect(content).not.toContain('\r');
  });

  it('treats an address that could inject headers as no address (monthly summary instead)', () => {
    const notices = buildPaperNotices([decisionOf({ practitionerId: '333333334', channel: 'PAPER' })], lookup, parameters);
    expect(notices.map((n) => n.path)).toEqual(['monthly/202611/333333334.txt']);
  });

  it('still reports a practitioner the referential does not know, in a monthly section', () => {
    const notices = buildPaperNotices([decisionOf({ practitionerId: '999999999', channel: 'PAPER', status: 'REJECTED', motives: [motiveOf('PS_INCONNU')] })], lookup, parameters);
    expect(notices[0]?.path).toBe('monthly/202611/999999999.txt');
    expect(notices[0]?.content).toContain('motif P001 : Professionnel de santé inconnu');
  });

  it('gives the same bytes whatever order the decisions come in', () => {
    expect(buildPaperNotices([...paperDecisions].reverse(), lookup, parameters)).toEqual(buildPaperNotices(paperDecisions, lookup, parameters));
  });

  it('cuts long non-ASCII header texts into encoded words of at most 75 characters', () => {
    const encoded = encodeHeaderText('Récapitulatif très détaillé des factures papier traitées et rejetées — journée du 23/11/2026');
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeEncodedWords(encoded)).toBe('Récapitulatif très détaillé des factures papier traitées et rejetées — journée du 23/11/2026');
    expect(encodeHeaderText('plain ascii')).toBe('plain ascii');
  });

  it('refuses a sender address that is not a plain addr-spec', () => {
    expect(() => buildPaperNotices([], lookup, { ...parameters, fromAddress: 'a@b\r\nBcc: c@d' })).toThrow(RangeError);
  });
});
