import fc from 'fast-check';
import { electronicFormatIBAN } from 'ibantools';
import { create, fragment } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { centsToDecimalText } from '../codecs/sepa/amount-text.js';
import { escapeXmlText, IndentedXml } from '../codecs/sepa/indented-xml.js';
import { PAIN001_NAMESPACE, writePain001, type Pain001Message, type Pain001Transfer } from '../codecs/sepa/pain001.js';
import { toSepaText } from '../codecs/sepa/sepa-text.js';

/** An element holding either elements or one text. */
type Node = { name: string; text: string } | { name: string; children: Node[] };

const elementName = fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/);
/** Texts with what XML escapes, quotes and non-ASCII among ordinary characters; never empty (an empty leaf prints otherwise). */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', "'", '"', 'é', '/', '-', '+'), minLength: 1, maxLength: 12 });
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ name: elementName, text }),
    fc.record({ name: elementName, children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
  ),
})).node;

function written(node: Node, xml: IndentedXml): void {
  if ('text' in node) {
    xml.leaf(node.name, node.text);
    return;
  }
  xml.element(node.name);
  for (const child of node.children) written(child, xml);
  xml.end();
}

function built(node: Node, parent: ReturnType<typeof fragment>): void {
  const element = parent.ele(node.name);
  if ('text' in node) element.txt(node.text);
  else for (const child of node.children) built(child, element);
}

describe('IndentedXml (elements written line by line, as xmlbuilder2 prints them)', () => {
  it('prints any tree of elements and text leaves with the bytes of an xmlbuilder2 fragment at the same offset', () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 5 }), (root, depth) => {
        if (!('children' in root)) return;
        const xml = new IndentedXml(depth, '  ', '\n');
        written(root, xml);
        const doc = fragment();
        built(root, doc);
        expect(xml.text()).toBe(doc.first().end({ prettyPrint: true, indent: '  ', newline: '\n', offset: depth }));
      }),
      { numRuns: 1_000 },
    );
  });

  it('escapes &, < and > in text, and nothing else', () => {
    expect(escapeXmlText('a & b < c > d \' "')).toBe('a &amp; b &lt; c &gt; d \' "');
    expect(escapeXmlText('plain')).toBe('plain');
  });

  it('refuses to close what is not open, or to print an element left open', () => {
    expect(() => new IndentedXml(0, '  ', '\n').end()).toThrow(/without an open element/);
    expect(() => new IndentedXml(0, '  ', '\n').element('A').text()).toThrow(/<A> left open/);
  });
});

/** rules.md §7.4 example IBAN and a second valid French one, written with spaces as people do. */
const IBANS = ['FR76 3000 6000 0112 3456 7890 189', 'FR1420041010050500013M02606'];

/** The whole payment file as one xmlbuilder2 document: what writePain001 printed before it spliced transactions in. */
function oneDocument(message: Pain001Message): string {
  const cents = message.transfers.reduce((sum, t) => sum + t.amountCents, 0);
  const leaf = (parent: ReturnType<typeof create>, name: string, value: string, attributes?: Record<string, string>): void => {
    parent.ele(name, attributes).txt(value);
  };
  const document = create({ version: '1.0', encoding: 'UTF-8' }).ele(PAIN001_NAMESPACE, 'Document');
  const initiation = document.ele('CstmrCdtTrfInitn');
  const header = initiation.ele('GrpHdr');
  leaf(header, 'MsgId', message.messageId);
  leaf(header, 'CreDtTm', message.createdAt);
  leaf(header, 'NbOfTxs', String(message.transfers.length));
  leaf(header, 'CtrlSum', centsToDecimalText(cents));
  leaf(header.ele('InitgPty'), 'Nm', toSepaText(message.initiatingPartyName, 70));
  const payment = initiation.ele('PmtInf');
  leaf(payment, 'PmtInfId', message.paymentInfoId);
  leaf(payment, 'PmtMtd', 'TRF');
  leaf(payment, 'BtchBookg', 'false');
  leaf(payment, 'NbOfTxs', String(message.transfers.length));
  leaf(payment, 'CtrlSum', centsToDecimalText(cents));
  leaf(payment.ele('PmtTpInf').ele('SvcLvl'), 'Cd', 'SEPA');
  leaf(payment.ele('ReqdExctnDt'), 'Dt', message.requestedExecutionDate);
  leaf(payment.ele('Dbtr'), 'Nm', toSepaText(message.debtor.name, 70));
  leaf(payment.ele('DbtrAcct').ele('Id'), 'IBAN', electronicFormatIBAN(message.debtor.iban)!);
  leaf(payment.ele('DbtrAgt').ele('FinInstnId'), 'BICFI', message.debtor.bic);
  leaf(payment, 'ChrgBr', 'SLEV');
  for (const transfer of message.transfers) {
    const transaction = payment.ele('CdtTrfTxInf');
    leaf(transaction.ele('PmtId'), 'EndToEndId', transfer.endToEndId);
    leaf(transaction.ele('Amt'), 'InstdAmt', centsToDecimalText(transfer.amountCents), { Ccy: 'EUR' });
    if (transfer.creditor.bic !== '') leaf(transaction.ele('CdtrAgt').ele('FinInstnId'), 'BICFI', transfer.creditor.bic);
    leaf(transaction.ele('Cdtr'), 'Nm', toSepaText(transfer.creditor.name, 70));
    leaf(transaction.ele('CdtrAcct').ele('Id'), 'IBAN', electronicFormatIBAN(transfer.creditor.iban)!);
    const remittance = toSepaText(transfer.remittance, 140);
    if (remittance !== '') leaf(transaction.ele('RmtInf'), 'Ustrd', remittance);
  }
  return document.end({ prettyPrint: true, indent: '  ', newline: '\n' }) + '\n';
}

describe('writePain001 (transactions written line by line)', () => {
  it('writes the bytes of the same payment file built as one xmlbuilder2 document', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', "'", '&', 'é', 'Œ', '_', '-', '.'), maxLength: 90 }).filter((n) => toSepaText(n, 70) !== '');
    const transfer: fc.Arbitrary<Pain001Transfer> = fc.record({
      endToEndId: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,33}[A-Z0-9]$/),
      amountCents: fc.integer({ min: 1, max: 99_999_999_999 }),
      creditor: fc.record({ name, iban: fc.constantFrom(...IBANS), bic: fc.constantFrom('', 'BNPAFRPP', 'PSSTFRPPPAR') }),
      remittance: fc.string({ unit: fc.constantFrom('R', 'e', 'f', ' ', '/', '<', '>', '&', '2'), maxLength: 160 }),
    });
    fc.assert(
      fc.property(fc.array(transfer, { minLength: 1, maxLength: 6 }), (transfers) => {
        const message: Pain001Message = {
          messageId: 'TPLIQ-RUN-20261123-01', createdAt: '2026-11-23T21:30:00', initiatingPartyName: "Mut'Santé",
          paymentInfoId: 'TPLIQ-RUN-20261123-01', requestedExecutionDate: '2026-11-24',
          debtor: { name: "Mut'Santé tiers payant", iban: IBANS[1]!, bic: 'PSSTFRPPPAR' }, transfers,
        };
        expect(writePain001(message)).toBe(oneDocument(message));
      }),
      { numRuns: 300 },
    );
  });
});
