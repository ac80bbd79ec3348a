import { describe, expect, it } from 'vitest';
import type { Practitioner } from '../engine/domain/referential.js';
import type { Cents, DateYmd } from '../engine/domain/units.js';
import type { DatedPaperNoticeLine } from '../engine/domain/paper-notice-line.js';
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

/** No earlier run in the month: the monthly summary holds the day's own invoices. */
const nothingEarlier = (): DatedPaperNoticeLine[] => [];

const decodeEncodedWords = (header: string): string =>
  header.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('paper-channel notices (protocol §8-3, P10)', () => {
  it('writes a daily e-mail for a practitioner with an address and a monthly section for one without', () => {
    const notices = buildPaperNotices(paperDecisions, lookup, parameters, nothingEarlier);
    expect(notices.map((n) => n.path)).toEqual(['daily/20261123/111111118.eml', 'monthly/202611/222222226.txt']);
  });

  it('ignores invoices of the other channels (they get NOEMIE returns)', () => {
    const notices = buildPaperNotices([decisionOf({ channel: 'B2_PS' }), decisionOf({ channel: 'DRE' }), decisionOf({ channel: undefined })], lookup, parameters, nothingEarlier);
    expect(notices).toEqual([]);
  });

  it('writes an RFC 5322 message: CRLF lines, headers from the accounting day, encoded non-ASCII headers', () => {
    const [mail] = buildPaperNotices(paperDecisions, lookup, parameters, nothingEarlier);
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
    const [mail] = buildPaperNotices(paperDecisions, lookup, parameters, nothingEarlier);
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

  it('writes the whole month to date for one without: earlier runs\' lines by day, then the day\'s own, then the month\'s totals', () => {
    const earlier: DatedPaperNoticeLine[] = [
      { accountingDate: 20261102 as DateYmd, invoiceNumber: '000000090', receivedDate: 20261030 as DateYmd, status: 'PAID', paidCents: 900, claimedCents: 900, motives: [] },
      { accountingDate: 20261102 as DateYmd, invoiceNumber: '000000091', receivedDate: 20261030 as DateYmd, status: 'REJECTED', paidCents: 0, claimedCents: 800,
        motives: [{ code: 'MONTANT_AMC_DIFFERENT', label: 'Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)' }] },
      { accountingDate: 20261116 as DateYmd, invoiceNumber: '000000095', receivedDate: 20261113 as DateYmd, status: 'PAID', paidCents: 123456, claimedCents: 123456, motives: [] },
    ];
    const asked: string[] = [];
    const notices = buildPaperNotices(paperDecisions, lookup, parameters, (id) => {
      asked.push(id);
      return id === '222222226' ? earlier : [];
    });
    // The ledger is asked for the practitioner without an address only: the e-mail is the day's alone.
    expect(asked).toEqual(['222222226']);
    const monthly = notices.find((n) => n.path === 'monthly/202611/222222226.txt');
    expect(monthly?.content).toBe([
      "==== Mut'Santé — factures papier de novembre 2026 ====",
      'Professionnel de santé : Cabinet Dupont (n° de facturation 222222226)',
      "Journées comptables du mois jusqu'au 23/11/2026 inclus.",
      '',
      '-- Journée comptable du 02/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 9,00 €.',
      '  - facture 000000090 reçue le 30/10/2026 : 9,00 €',
      'Ce montant est compris dans le virement global de la journée comptable du 02/11/2026.',
      '',
      'Factures rejetées : 1.',
      '  - facture 000000091 reçue le 30/10/2026, montant demandé 8,00 €',
      '      motif M002 : Part complémentaire différente du calcul (ligne 1 : déclarée 8,00, calculée 9,00)',
      '',
      '-- Journée comptable du 16/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 1234,56 €.',
      '  - facture 000000095 reçue le 13/11/2026 : 1234,56 €',
      'Ce montant est compris dans le virement global de la journée comptable du 16/11/2026.',
      '',
      'Factures rejetées : aucune.',
      '',
      '-- Journée comptable du 23/11/2026 --',
      'Factures mises en paiement : 1, pour un total de 9,90 €.',
      '  - facture 000000104 reçue le 20/11/2026 : 9,90 €',
      'Ce montant est compris dans le virement global de la journée comptable du 23/11/2026.',
      '',
      'Factures rejetées : aucune.',
      '',
      'Total du mois : factures mises en paiement : 3, pour 1253,46 € ; factures rejetées : 1, pour un montant demandé de 8,00 €.',
      '',
    ].join('\n'));
  });

  it('refuses monthly lines out of accounting-day order (a programmer error, not a notice)', () => {
    const late: DatedPaperNoticeLine = { accountingDate: 20261130 as DateYmd, invoiceNumber: '000000099', receivedDate: 20261127 as DateYmd, status: 'PAID', paidCents: 100, claimedCents: 100, motives: [] };
    expect(() => buildPaperNotices(paperDecisions, lookup, parameters, (id) => (id === '222222226' ? [late] : []))).toThrow(/out of accounting-day order/);
  });

  it('treats an address that could inject headers as no address (monthly summary instead)', () => {
    const notices = buildPaperNotices([decisionOf({ practitionerId: '333333334', channel: 'PAPER' })], lookup, parameters, nothingEarlier);
    expect(notices.map((n) => n.path)).toEqual(['monthly/202611/333333334.txt']);
  });

  it('still reports a practitioner the referential does not know, in a monthly section', () => {
    const notices = buildPaperNotices([decisionOf({ practitionerId: '999999999', channel: 'PAPER', status: 'REJECTED', motives: [motiveOf('PS_INCONNU')] })], lookup, parameters, nothingEarlier);
    expect(notices[0]?.path).toBe('monthly/202611/999999999.txt');
    expect(notices[0]?.content).toContain('motif P001 : Professionnel de santé inconnu');
  });

  it('gives the same bytes whatever order the decisions come in', () => {
    expect(buildPaperNotices([...paperDecisions].reverse(), lookup, parameters, nothingEarlier)).toEqual(buildPaperNotices(paperDecisions, lookup, parameters, nothingEarlier));
  });

  it('cuts long non-ASCII header texts into encoded words of at most 75 characters', () => {
    const encoded = encodeHeaderText('Récapitulatif très détaillé des factures papier traitées et rejetées — journée du 23/11/2026');
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeEncodedWords(encoded)).toBe('Récapitulatif très détaillé des factures papier traitées et rejetées — journée du 23/11/2026');
    expect(encodeHeaderText('plain ascii')).toBe('plain ascii');
  });

  it('refuses a sender address that is not a plain addr-spec', () => {
    expect(() => buildPaperNotices([], lookup, { ...parameters, fromAddress: 'a@b\r\nBcc: c@d' }, nothingEarlier)).toThrow(RangeError);
  });
});
