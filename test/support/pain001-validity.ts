import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { create } from 'xmlbuilder2';
import { isBusinessDay } from '../../engine/calendar/banking-calendar.js';
import { parseIso } from '../../engine/calendar/ymd.js';
import { readPain001 } from '../../codecs/sepa/pain001.js';

/**
 * Is a pain.001 one a bank will take? Two checks, both of which must find nothing:
 * - the EPC's pain.001.001.09 XSD (codecs/sepa/schema, see its PROVENANCE.md), run by libxml2
 *   compiled to WebAssembly (xmllint-wasm): no network, no native build;
 * - the EPC SCT usage rules the XSD does not carry (EPC132-08 §1.4 and the element notes): the
 *   basic Latin character set in every value, 1–35 character identifiers without an edge or
 *   double '/', names ≤ 70 and remittance ≤ 140, amounts 0.01 … 999 999 999.99 EUR, NbOfTxs and
 *   CtrlSum equal to the count and sum of the transactions, at the group and at each payment
 *   block — and, tpliq's own rule, an execution date on a TARGET business day.
 */

const SCHEMA_FILE = 'EPC132-08_2025_V1.0_pain.001.001.09.xsd';
const SCHEMA_PATH = fileURLToPath(new URL(`../../codecs/sepa/schema/${SCHEMA_FILE}`, import.meta.url));

const LATIN = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
const IDENTIFIERS = new Set(['MsgId', 'PmtInfId', 'InstrId', 'EndToEndId']);
const LENGTH_MAX: Readonly<Record<string, number>> = { MsgId: 35, PmtInfId: 35, InstrId: 35, EndToEndId: 35, Nm: 70, Ustrd: 140 };
const AMOUNT_CENTS_MAX = 99_999_999_999;

/** Each document's problems, in the order given: [] for a valid one. */
export async function pain001Problems(documents: readonly string[]): Promise<string[][]> {
  if (documents.length === 0) return [];
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  const names = documents.map((_, i) => `pain001-${i + 1}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: names[i]!, contents })),
    schema: [{ fileName: SCHEMA_FILE, contents: schema }],
    // A run's file holds one transaction per practitioner: give libxml2 room for large ones.
    maxMemoryPages: 16_384,
  });
  const problems = documents.map((xml) => usageRuleProblems(xml));
  const fromSchema = documents.map((): string[] => []);
  for (const error of result.errors) {
    // libxml2 names the file in each message; the closing "x.xml fails to validate" has no line.
    const index = error.loc !== null ? names.indexOf(error.loc.fileName) : names.findIndex((name) => error.rawMessage.startsWith(`${name} `));
    const line = error.loc === null ? '' : `line ${error.loc.lineNumber}: `;
    (fromSchema[index] ?? fromSchema[0]!).push(`XSD: ${line}${error.message}`);
  }
  // A document the XSD refused is reported at least once even if libxml2 gave no located error.
  if (!result.valid && fromSchema.every((list) => list.length === 0)) fromSchema[0]!.push(`XSD: ${result.rawOutput}`);
  return problems.map((usage, i) => [...fromSchema[i]!, ...usage]);
}

/** The payment files a run wrote (`<out>/sepa/*.xml`), under one output folder or many. */
export function paymentFilesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/^pain001-.*\.xml$/.test(name)) found.push(path);
    }
  };
  walk(root);
  return found;
}

interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly localName?: string;
  readonly nodeValue: string | null;
  readonly childNodes: Iterable<DomNode>;
  readonly attributes?: Iterable<{ name: string; value: string }>;
}

function usageRuleProblems(xml: string): string[] {
  const problems: string[] = [];
  let root: DomNode;
  try {
    root = create(xml).node as unknown as DomNode;
  } catch (e) {
    return [`not well-formed XML: ${(e as Error).message}`];
  }
  const visit = (node: DomNode, element: string): void => {
    if (node.nodeType === 3) {
      const text = node.nodeValue ?? '';
      if (text.trim() === '') return; // indentation between elements
      if (!LATIN.test(text)) problems.push(`${element}: "${text}" leaves the SEPA Latin character set`);
      const max = LENGTH_MAX[element];
      if (max !== undefined && (text.length < 1 || text.length > max)) problems.push(`${element}: ${text.length} characters, 1–${max} allowed`);
      if (IDENTIFIERS.has(element) && (text.startsWith('/') || text.endsWith('/') || text.includes('//'))) {
        problems.push(`${element}: "${text}" starts or ends with '/' or holds '//'`);
      }
      return;
    }
    for (const attribute of node.attributes ?? []) {
      if (!LATIN.test(attribute.value)) problems.push(`${element}@${attribute.name}: "${attribute.value}" leaves the SEPA Latin character set`);
    }
    for (const child of node.childNodes) visit(child, child.nodeType === 1 ? (child.localName ?? child.nodeName) : element);
  };
  visit(root, '');
  let content;
  try {
    content = readPain001(xml);
  } catch (e) {
    return [...problems, `unreadable: ${(e as Error).message}`];
  }
  let transactions = 0;
  let sumCents = 0;
  for (const payment of content.paymentInfos) {
    let blockCents = 0;
    for (const transfer of payment.transfers) {
      if (transfer.amountCents < 1 || transfer.amountCents > AMOUNT_CENTS_MAX) problems.push(`${transfer.endToEndId}: amount ${transfer.amountCents} cents outside 0.01 … 999999999.99`);
      blockCents += transfer.amountCents;
    }
    if (payment.numberOfTransactions !== payment.transfers.length) {
      problems.push(`PmtInf ${payment.paymentInfoId}: NbOfTxs ${payment.numberOfTransactions}, ${payment.transfers.length} transactions`);
    }
    if (payment.controlSumCents !== blockCents) problems.push(`PmtInf ${payment.paymentInfoId}: CtrlSum ${payment.controlSumCents} cents, transactions sum to ${blockCents}`);
    const executionDate = parseIso(payment.requestedExecutionDate);
    if (executionDate === undefined || !isBusinessDay(executionDate, 'TARGET')) {
      problems.push(`PmtInf ${payment.paymentInfoId}: ReqdExctnDt ${payment.requestedExecutionDate} is not a TARGET business day`);
    }
    transactions += payment.transfers.length;
    sumCents += blockCents;
  }
  if (content.numberOfTransactions !== transactions) problems.push(`GrpHdr: NbOfTxs ${content.numberOfTransactions}, ${transactions} transactions`);
  if (content.controlSumCents !== sumCents) problems.push(`GrpHdr: CtrlSum ${content.controlSumCents} cents, transactions sum to ${sumCents}`);
  return problems;
}
