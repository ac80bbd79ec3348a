import { create } from 'xmlbuilder2';
import type { CodecError, CodecErrorCode } from '../fixed-width/codec-error.js';
import { codecError } from '../fixed-width/codec-error.js';
import { checkBic } from '../identifiers/bic.js';
import { checkSepaIban } from '../identifiers/iban.js';
import { readPain001, type Pain001Content } from './pain001.js';

/**
 * Checks a pain.001.001.09 with tpliq's own code, for `tpliq validate`: the EPC SCT usage rules
 * and the internal consistency a bank checks first. The XSD itself is not run here (that needs a
 * schema validator the CLI does not ship; the test suite runs it). What is checked:
 * - it is well-formed XML, a pain.001.001.09 Document, with the elements the reader needs;
 * - NbOfTxs and CtrlSum of the group header and of each payment block against its transactions;
 * - each amount within 0.01 … 999 999 999.99 EUR;
 * - every IBAN (SEPA country, check digits, French RIB key) and BIC (shape) by codecs/identifiers;
 * - the basic Latin character set in every value, identifiers 1–35 without an edge or double '/',
 *   names ≤ 70, remittance ≤ 140.
 */

/** EPC SCT basic Latin character set (EPC217-08 §1.4). */
const SEPA_LATIN = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
const IDENTIFIERS: ReadonlySet<string> = new Set(['MsgId', 'PmtInfId', 'InstrId', 'EndToEndId']);
const LENGTH_MAX: Readonly<Record<string, number>> = { MsgId: 35, PmtInfId: 35, InstrId: 35, EndToEndId: 35, Nm: 70, Ustrd: 140 };
const AMOUNT_CENTS_MIN = 1;
const AMOUNT_CENTS_MAX = 99_999_999_999;

export interface Pain001Check {
  /** The document as read, when it could be (for further checks by the caller). */
  content?: Pain001Content;
  errors: CodecError[];
}

export function checkPain001(xml: string, file?: string): Pain001Check {
  const lines = new ElementLines(xml);
  const errors: CodecError[] = [];
  const report = (code: CodecErrorCode, message: string, line?: number): void => {
    errors.push(codecError(code, message, { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }) }));
  };
  let root: DomNode;
  try {
    root = create(xml).node as unknown as DomNode;
  } catch (e) {
    report('TPLIQ_SEPA_UNREADABLE', `not well-formed XML: ${(e as Error).message}`);
    return { errors };
  }
  checkTexts(root, lines, report);
  let content: Pain001Content;
  try {
    content = readPain001(xml);
  } catch (e) {
    report('TPLIQ_SEPA_UNREADABLE', (e as Error).message);
    return { errors };
  }
  let transactions = 0;
  let sumCents = 0;
  content.paymentInfos.forEach((payment, p) => {
    const blockLine = lines.of('PmtInf', p);
    let blockCents = 0;
    const account = (role: string, iban: string, bic: string, line: number | undefined): void => {
      const ibanCheck = checkSepaIban(iban);
      if (!ibanCheck.ok) report('TPLIQ_SEPA_IBAN', `${role} IBAN refused: ${ibanCheck.code} ${ibanCheck.reason}`, line);
      const bicCheck = bic === '' ? undefined : checkBic(bic);
      if (bicCheck !== undefined && !bicCheck.ok) report('TPLIQ_SEPA_BIC', `${role} BIC refused: ${bicCheck.code} ${bicCheck.reason}`, line);
    };
    account(`PmtInf ${payment.paymentInfoId} debtor`, payment.debtor.iban, payment.debtor.bic, lines.of('DbtrAcct', p));
    for (const transfer of payment.transfers) {
      const t = transactions++;
      const line = lines.of('CdtTrfTxInf', t);
      if (transfer.amountCents < AMOUNT_CENTS_MIN || transfer.amountCents > AMOUNT_CENTS_MAX) {
        report('TPLIQ_SEPA_AMOUNT_RANGE', `EndToEndId ${transfer.endToEndId}: amount ${transfer.amountCents} cents outside 0.01 … 999999999.99 EUR`, line);
      }
      account(`EndToEndId ${transfer.endToEndId} creditor`, transfer.creditor.iban, transfer.creditor.bic, line);
      blockCents += transfer.amountCents;
    }
    if (payment.numberOfTransactions !== payment.transfers.length) {
      report('TPLIQ_SEPA_COUNT_MISMATCH', `PmtInf ${payment.paymentInfoId}: NbOfTxs ${payment.numberOfTransactions}, ${payment.transfers.length} transactions`, blockLine);
    }
    if (payment.controlSumCents !== blockCents) {
      report('TPLIQ_SEPA_TOTAL_MISMATCH', `PmtInf ${payment.paymentInfoId}: CtrlSum ${payment.controlSumCents} cents, its transactions sum to ${blockCents}`, blockLine);
    }
    sumCents += blockCents;
  });
  if (content.numberOfTransactions !== transactions) report('TPLIQ_SEPA_COUNT_MISMATCH', `GrpHdr: NbOfTxs ${content.numberOfTransactions}, ${transactions} transactions`, lines.of('GrpHdr', 0));
  if (content.controlSumCents !== sumCents) report('TPLIQ_SEPA_TOTAL_MISMATCH', `GrpHdr: CtrlSum ${content.controlSumCents} cents, the transactions sum to ${sumCents}`, lines.of('GrpHdr', 0));
  return { content, errors };
}

/** The slice of xmlbuilder2's DOM the text checks walk. */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly localName?: string;
  readonly nodeValue: string | null;
  readonly childNodes: Iterable<DomNode>;
  readonly attributes?: Iterable<{ name: string; value: string }>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Character set, lengths and '/' rules of every text value, each at its element's line. */
function checkTexts(root: DomNode, lines: ElementLines, report: (code: CodecErrorCode, message: string, line?: number) => void): void {
  const seen = new Map<string, number>();
  const visit = (node: DomNode, element: string, line: number | undefined): void => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      if (value.trim() === '') return; // indentation between elements
      // The value is not echoed: a name is personal data, and the place is enough to find it.
      if (!SEPA_LATIN.test(value)) report('TPLIQ_SEPA_CHARACTER_SET', `${element}: a character outside the SEPA Latin set`, line);
      const max = LENGTH_MAX[element];
      if (max !== undefined && value.length > max) report('TPLIQ_SEPA_TEXT_LENGTH', `${element}: ${value.length} characters, at most ${max}`, line);
      if (IDENTIFIERS.has(element) && (value.startsWith('/') || value.endsWith('/') || value.includes('//'))) {
        report('TPLIQ_SEPA_IDENTIFIER', `${element}: starts or ends with '/' or holds '//'`, line);
      }
      return;
    }
    for (const attribute of node.attributes ?? []) {
      if (!SEPA_LATIN.test(attribute.value)) report('TPLIQ_SEPA_CHARACTER_SET', `${element}@${attribute.name}: a character outside the SEPA Latin set`, line);
    }
    for (const child of node.childNodes) {
      if (child.nodeType !== ELEMENT_NODE) {
        visit(child, element, line);
        continue;
      }
      const name = child.localName ?? child.nodeName;
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      visit(child, name, lines.of(name, index));
    }
  };
  visit(root, '', undefined);
}

/**
 * Line of the n-th start tag of an element, found in the text: the DOM keeps no line numbers, and
 * a line is what an operator opens the file at. Elements are met in document order both ways.
 */
class ElementLines {
  private readonly starts = new Map<string, number[]>();
  private readonly lineStarts: number[] = [0];

  constructor(xml: string) {
    for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    for (const match of xml.matchAll(/<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/g)) {
      const name = match[1]!;
      let list = this.starts.get(name);
      if (list === undefined) this.starts.set(name, (list = []));
      list.push(match.index);
    }
  }

  of(element: string, occurrence: number): number | undefined {
    const at = this.starts.get(element)?.[occurrence];
    if (at === undefined) return undefined;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}
