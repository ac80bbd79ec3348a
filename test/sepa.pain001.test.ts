import fc from 'fast-check';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { PAIN001_NAMESPACE, pain001Text, readPain001, writePain001, type Pain001Message, type Pain001Transfer } from '../codecs/sepa/pain001.js';
import { pain001Problems } from './support/pain001-validity.js';

/** rules.md §7.4 example IBAN, and a second valid French IBAN (La Banque Postale format). */
const IBAN_A = 'FR7630006000011234567890189';
const IBAN_B = 'FR1420041010050500013M02606';

const transferOf = (overrides: Partial<Pain001Transfer> = {}): Pain001Transfer => ({
  endToEndId: 'TPLIQ-20261123-991023763',
  amountCents: 1234,
  creditor: { name: 'Dr Martin', iban: IBAN_A, bic: 'BNPAFRPP' },
  remittance: 'TP AMC DC 23/11/2026 REF N580-20261123-000001 NBF 2',
  ...overrides,
});

const messageOf = (transfers: Pain001Transfer[], overrides: Partial<Pain001Message> = {}): Pain001Message => ({
  messageId: 'TPLIQ-RUN-20261123-01',
  createdAt: '2026-11-23T21:30:00',
  initiatingPartyName: "Mut'Santé",
  paymentInfoId: 'TPLIQ-RUN-20261123-01',
  requestedExecutionDate: '2026-11-24',
  debtor: { name: "Mut'Santé tiers payant", iban: IBAN_B, bic: 'PSSTFRPPPAR' },
  transfers,
  ...overrides,
});

/** Every document this file writes, checked against the EPC XSD and usage rules by the last test. */
const writtenDocuments: string[] = [];

function write(message: Pain001Message): string {
  const xml = writePain001(message);
  writtenDocuments.push(xml);
  return xml;
}

/** Child element names of the first element called `name`, in document order. */
function childNamesOf(xml: string, name: string): string[] {
  const names: string[] = [];
  const parent = create(xml).root().find((node) => node.node.nodeName === name, true, true);
  parent?.each((child) => {
    if (child.node.nodeType === 1) names.push(child.node.nodeName);
  }, false, false);
  return names;
}

describe('pain.001.001.09 writer', () => {
  it('writes a well-formed document in the pain.001.001.09 namespace that reads back', () => {
    const xml = write(messageOf([transferOf()]));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">')).toBe(true);
    const read = readPain001(xml);
    expect(read.messageId).toBe('TPLIQ-RUN-20261123-01');
    expect(read.createdAt).toBe('2026-11-23T21:30:00');
    expect(read.paymentInfos).toHaveLength(1);
    expect(read.paymentInfos[0]?.transfers[0]).toEqual({
      ...transferOf(),
      creditor: { name: 'Dr Martin', iban: IBAN_A, bic: 'BNPAFRPP' },
    });
    expect(PAIN001_NAMESPACE).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
  });

  it('puts the elements in the order of the schema (GroupHeader85, PaymentInstruction30, CreditTransferTransaction34)', () => {
    const xml = write(messageOf([transferOf()]));
    expect(childNamesOf(xml, 'GrpHdr')).toEqual(['MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum', 'InitgPty']);
    expect(childNamesOf(xml, 'PmtInf')).toEqual([
      'PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'Dbtr', 'DbtrAcct', 'DbtrAgt', 'ChrgBr', 'CdtTrfTxInf',
    ]);
    expect(childNamesOf(xml, 'CdtTrfTxInf')).toEqual(['PmtId', 'Amt', 'CdtrAgt', 'Cdtr', 'CdtrAcct', 'RmtInf']);
    expect(xml).toContain('<PmtMtd>TRF</PmtMtd>');
    expect(xml).toContain('<BtchBookg>false</BtchBookg>');
    expect(xml).toContain('<Cd>SEPA</Cd>');
    expect(xml).toContain('<ChrgBr>SLEV</ChrgBr>');
    expect(xml).toContain('<ReqdExctnDt>\n        <Dt>2026-11-24</Dt>');
    expect(xml).toContain('<BICFI>PSSTFRPPPAR</BICFI>');
  });

  it('counts the transactions and sums them exactly in both control sums', () => {
    const amounts = [5, 123456789, 1, 99, 100];
    const xml = write(messageOf(amounts.map((amountCents, i) => transferOf({ amountCents, endToEndId: `E2E-${i}` }))));
    const read = readPain001(xml);
    expect(read.numberOfTransactions).toBe(5);
    expect(read.controlSumCents).toBe(123456994);
    expect(xml).toContain('<CtrlSum>1234569.94</CtrlSum>');
    expect(read.paymentInfos[0]?.numberOfTransactions).toBe(5);
    expect(read.paymentInfos[0]?.controlSumCents).toBe(123456994);
  });

  it('writes amounts with exactly two decimals from integer cents: 0.05, 0.10, 1234567.89, 999999999.99', () => {
    const xml = write(
      messageOf([5, 10, 123456789, 99999999999].map((amountCents, i) => transferOf({ amountCents, endToEndId: `E2E-${i}` }))),
    );
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.05</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.10</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">1234567.89</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">999999999.99</InstdAmt>');
  });

  it('reads back every amount and the control sum to the cent (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 99_999_999_999 }), { minLength: 1, maxLength: 30 }), (amounts) => {
        const read = readPain001(write(messageOf(amounts.map((amountCents, i) => transferOf({ amountCents, endToEndId: `E-${i}` })))));
        const payment = read.paymentInfos[0];
        expect(payment?.transfers.map((t) => t.amountCents)).toEqual(amounts);
        expect(read.controlSumCents).toBe(amounts.reduce((a, b) => a + b, 0));
        expect(read.numberOfTransactions).toBe(amounts.length);
      }),
      { numRuns: 100 },
    );
  });

  it('transliterates names to the SEPA set and cuts them to 70 characters', () => {
    const name = 'Cabinet de kinésithérapie Œuvre & Fils — Saint-Étienne « Centre » Élisabeth Müller-Großmann Zoë';
    const read = readPain001(write(messageOf([transferOf({ creditor: { name, iban: IBAN_A, bic: 'BNPAFRPP' } })])));
    const written = read.paymentInfos[0]?.transfers[0]?.creditor.name ?? '';
    expect(written).toBe('Cabinet de kinesitherapie OEuvre + Fils - Saint-Etienne Centre Elisabe');
    expect(written).toHaveLength(70);
    expect(read.initiatingPartyName).toBe("Mut'Sante");
    expect(read.paymentInfos[0]?.debtor.name).toBe("Mut'Sante tiers payant");
  });

  it('keeps a 140-character remittance whole and cuts a longer one to 140', () => {
    const exactly140 = 'TP AMC DC 23/11/2026 REF ' + 'X'.repeat(140 - 25);
    const longer = exactly140 + ' NBF 12';
    const xml = write(
      messageOf([transferOf({ remittance: exactly140, endToEndId: 'E-1' }), transferOf({ remittance: longer, endToEndId: 'E-2' })]),
    );
    const [first, second] = readPain001(xml).paymentInfos[0]?.transfers ?? [];
    expect(first?.remittance).toBe(exactly140);
    expect(second?.remittance).toBe(exactly140);
  });

  it('leaves out the creditor agent for an IBAN-only transfer, and RmtInf when there is no remittance', () => {
    const xml = write(messageOf([transferOf({ creditor: { name: 'Dr Martin', iban: IBAN_A, bic: '' }, remittance: '' })]));
    expect(childNamesOf(xml, 'CdtTrfTxInf')).toEqual(['PmtId', 'Amt', 'Cdtr', 'CdtrAcct']);
    expect(readPain001(xml).paymentInfos[0]?.transfers[0]?.creditor.bic).toBe('');
  });

  it('writes NOTPROVIDED for a debtor agent without BIC', () => {
    const xml = write(messageOf([transferOf()], { debtor: { name: 'Op', iban: IBAN_B, bic: '' } }));
    expect(xml).toContain('<Othr>\n            <Id>NOTPROVIDED</Id>');
  });

  it('writes IBANs in electronic form (no blanks, capitals)', () => {
    const xml = write(messageOf([transferOf({ creditor: { name: 'Dr Martin', iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'BNPAFRPP' } })]));
    expect(xml).toContain(`<IBAN>${IBAN_A}</IBAN>`);
  });

  it('gives the same bytes for the same message', () => {
    const message = messageOf([transferOf(), transferOf({ endToEndId: 'E-2', amountCents: 5 })]);
    expect(write(message)).toBe(write(structuredClone(message)));
  });

  it('gives the document as pieces: the headers, one piece a transaction in order, the end', () => {
    const transfers = [transferOf(), transferOf({ endToEndId: 'E-2', amountCents: 5, creditor: { name: 'Dr Ærø', iban: IBAN_B, bic: '' } }), transferOf({ endToEndId: 'E-3', remittance: '' })];
    const pieces = [...pain001Text(messageOf(transfers))];
    expect(pieces.join('')).toBe(write(messageOf(transfers)));
    expect(pieces).toHaveLength(transfers.length + 2);
    expect(pieces[0]).toMatch(/<ChrgBr>SLEV<\/ChrgBr>\n$/);
    transfers.forEach((t, i) => expect(pieces[i + 1]).toMatch(new RegExp(`^      <CdtTrfTxInf>\\n[^]*<EndToEndId>${t.endToEndId}</EndToEndId>[^]*</CdtTrfTxInf>\\n$`)));
    expect(pieces[transfers.length + 1]).toBe('    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n');
  });

  it('refuses a wrong message before its first piece, and a wrong transaction when its piece is asked for', () => {
    expect(() => pain001Text(messageOf([transferOf()], { createdAt: 'now' }))).toThrow(RangeError);
    expect(() => pain001Text(messageOf([transferOf({ amountCents: 0 })]))).toThrow(RangeError);
    const pieces = pain001Text(messageOf([transferOf(), transferOf({ endToEndId: 'E-2', creditor: { name: 'X', iban: 'FR7630006000011234567890188', bic: '' } })]))[Symbol.iterator]();
    expect(pieces.next().value).toMatch(/^<\?xml/);
    expect(pieces.next().value).toMatch(/TPLIQ-20261123-991023763/);
    expect(() => pieces.next()).toThrow(/CdtrAcct of E-2/);
  });

  describe('refuses what a bank would reject (programmer errors)', () => {
    const cases: [string, Pain001Message][] = [
      ['an invalid creditor IBAN', messageOf([transferOf({ creditor: { name: 'X', iban: 'FR7630006000011234567890188', bic: '' } })])],
      ['a non-SEPA creditor IBAN', messageOf([transferOf({ creditor: { name: 'X', iban: 'BR1800360305000010009795493C1', bic: '' } })])],
      ['an invalid debtor IBAN', messageOf([transferOf()], { debtor: { name: 'Op', iban: 'FR00', bic: '' } })],
      ['a malformed BIC', messageOf([transferOf({ creditor: { name: 'X', iban: IBAN_A, bic: 'bnpafrpp' } })])],
      ['a zero amount', messageOf([transferOf({ amountCents: 0 })])],
      ['a fractional amount', messageOf([transferOf({ amountCents: 12.5 })])],
      ['an amount above 999 999 999.99', messageOf([transferOf({ amountCents: 100_000_000_000 })])],
      ['an EndToEndId over 35 characters', messageOf([transferOf({ endToEndId: 'E'.repeat(36) })])],
      ['an EndToEndId with a double slash', messageOf([transferOf({ endToEndId: 'A//B' })])],
      ['an EndToEndId with an accent', messageOf([transferOf({ endToEndId: 'RÉF-1' })])],
      ['a creation time that is not ISO', messageOf([transferOf()], { createdAt: '23/11/2026 21:30' })],
      ['an execution date that is not ISO', messageOf([transferOf()], { requestedExecutionDate: '20261124' })],
      ['a creditor name with no SEPA character', messageOf([transferOf({ creditor: { name: '中文', iban: IBAN_A, bic: '' } })])],
      ['no transfer at all', messageOf([])],
    ];
    for (const [what, message] of cases) {
      it(`throws on ${what}`, () => {
        expect(() => write(message)).toThrow(RangeError);
      });
    }
  });
});

describe('pain.001.001.09 reader', () => {
  it('throws on XML that is not well-formed', () => {
    expect(() => readPain001('<Document><CstmrCdtTrfInitn></Document>')).toThrow();
  });

  it('throws on another namespace (pain.001.001.03)', () => {
    const xml = write(messageOf([transferOf()])).replace('pain.001.001.09', 'pain.001.001.03');
    expect(() => readPain001(xml)).toThrow(/not a pain\.001\.001\.09/);
  });

  it('throws on an amount with three decimals or in another currency', () => {
    const xml = write(messageOf([transferOf({ amountCents: 5 })]));
    expect(() => readPain001(xml.replace('>0.05<', '>0.051<'))).toThrow(/2 decimals/);
    expect(() => readPain001(xml.replace('Ccy="EUR"', 'Ccy="USD"'))).toThrow(/EUR/);
  });
});

describe('pain.001.001.09 validity', () => {
  // Runs last: every document the tests above wrote, property runs included.
  it('every document written in this file passes the EPC XSD and the EPC usage rules', async () => {
    expect(writtenDocuments.length).toBeGreaterThan(100);
    const problems = await pain001Problems(writtenDocuments);
    expect(problems.flatMap((list, i) => list.map((p) => `document ${i + 1}: ${p}`))).toEqual([]);
  });
});
